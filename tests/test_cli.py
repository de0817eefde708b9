"""The command-line contracts: extract --json against the JSON Schema, ingest idempotence, exit codes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from harmledger.cli import app

from .conftest import EXAMPLES

SCHEMA = json.loads(resources.files("harmledger").joinpath("schema/claim.schema.json").read_text())
REPORT = """## Shelling hits market in Hajin

by Test Writer
16 November 2018

Shelling on Thursday killed 12 civilians in the town of Hajin, the monitor said. More than 300 troops
were deployed nearby.
"""


def _lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "hajin.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_extract_json_is_schema_valid_with_exact_quotes(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 0, result.output
    (claim,) = _lines(result.stdout)
    jsonschema.validate(claim, SCHEMA)
    assert (claim["min"], claim["outcome"], claim["date"]) == (12, "killed", "2018-11-15")
    assert claim["article"]["id"] == "hajin"


def test_extract_published_option_resolves_an_undated_report(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("On Thursday an airstrike killed 7 people in Hajin.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json", "--published", "2018-11-16"])
    (claim,) = _lines(result.stdout)
    assert claim["date"] == "2018-11-15"
    bad = runner.invoke(app, ["extract", str(path), "--published", "16/11/2018"])
    assert bad.exit_code == 2


@pytest.mark.seeds
def test_extract_seed_report(runner: CliRunner, seeds_dir: Path) -> None:
    path = seeds_dir / "000_2000f8fc2c55941c.txt"
    text_of = {}
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    claims = _lines(result.stdout)
    for claim in claims:
        jsonschema.validate(claim, SCHEMA)
        text_of.setdefault(claim["article"]["id"], None)
    toll = next(c for c in claims if c["quote"] == "killing at least 23 people")
    assert (toll["min"], toll["max"], toll["claimant"]) == (23, None, "SANA")


@pytest.mark.seeds
def test_ingest_seeds_lists_incidents_of_both_reports(runner: CliRunner, seeds_dir: Path, db_url: str) -> None:
    paths = [str(p) for p in sorted(seeds_dir.glob("0*.txt"))]
    result = runner.invoke(app, ["ingest", *paths, "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.stdout
    listed = runner.invoke(app, ["incidents", "--db", db_url, "--json"])
    incidents = json.loads(listed.stdout)
    keys = {c["article"]["key"] for i in incidents for c in i["claims"]}
    assert keys == {"000_2000f8fc2c55941c", "004_efab3754b339de57"}
    again = runner.invoke(app, ["ingest", *paths, "--db", db_url])
    assert "0 stored, 2 already in the ledger" in again.stdout
    assert json.loads(runner.invoke(app, ["incidents", "--db", db_url, "--json"]).stdout) == incidents


def test_bad_inputs_are_named_and_the_rest_is_stored(
    runner: CliRunner, tmp_path: Path, report: Path, db_url: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    broken = tmp_path / "corpus.jsonl"
    good = {
        "id": "j1",
        "url": "http://example.org/j1",
        "source": "Wire",
        "title": "t",
        "published": "2018-11-16",
        "content": "An airstrike on Thursday killed 5 people in Hajin, the monitor said.",
    }
    broken.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(
        app, ["ingest", str(report), str(empty), str(garbage), str(broken), str(missing), "--db", db_url]
    )
    assert result.exit_code == 1
    for name in ("empty.txt", "garbage.txt", "corpus.jsonl:2", "missing.txt"):
        assert name in result.stderr
    assert "2 stored" in result.stdout


def test_export_formats(runner: CliRunner, report: Path, db_url: str, tmp_path: Path) -> None:
    runner.invoke(app, ["ingest", str(report), "--db", db_url])
    csv_out = runner.invoke(app, ["export", "--format", "csv", "--db", db_url])
    assert csv_out.stdout.splitlines()[0].startswith("event_id,event_date")
    geo = tmp_path / "out.geojson"
    runner.invoke(app, ["export", "-f", "geojson", "-o", str(geo), "--db", db_url])
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"
    nested = json.loads(runner.invoke(app, ["export", "-f", "json", "--db", db_url]).stdout)
    assert nested[0]["claims"][0]["quote"].startswith("killed 12")
    assert runner.invoke(app, ["export", "-f", "xml", "--db", db_url]).exit_code == 2


def test_examples_ingest_twice_adds_nothing(runner: CliRunner, db_url: str) -> None:
    first = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    assert first.exit_code == 0, first.output
    incidents = json.loads(runner.invoke(app, ["incidents", "--db", db_url, "--json"]).stdout)
    assert len(incidents) >= 5
    second = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    assert second.stdout.startswith("0 stored")
    assert json.loads(runner.invoke(app, ["incidents", "--db", db_url, "--json"]).stdout) == incidents


def test_incidents_footer_and_an_audited_decision(runner: CliRunner, report: Path, db_url: str) -> None:
    runner.invoke(app, ["ingest", str(report), "--db", db_url])
    listing = runner.invoke(app, ["incidents", "--db", db_url])
    assert "1 incidents: 12 killed" in " ".join(listing.stdout.split())
    key = json.loads(runner.invoke(app, ["incidents", "--db", db_url, "--json"]).stdout)[0]["id"]
    decided = runner.invoke(
        app, ["decide", "correct", key, "perpetrator=Russia", "--actor", "ana", "--note", "per OCHA", "--db", db_url]
    )
    assert decided.exit_code == 0, decided.output
    (incident,) = json.loads(runner.invoke(app, ["incidents", "--db", db_url, "--json"]).stdout)
    assert incident["perpetrator"] == "Russia"
    bad = runner.invoke(app, ["decide", "correct", key, "nonsense", "--actor", "ana", "--db", db_url])
    assert bad.exit_code == 1
    assert "field=value" in bad.stderr


def test_ingest_in_parts_makes_the_incidents_of_one_ingest(runner: CliRunner, tmp_path: Path) -> None:
    """Each ingest relinks what its reports reach (or streams the whole ledger); the incidents must not change."""
    from harmledger.ledger import Ledger  # noqa: PLC0415

    def incidents(url: str) -> list[tuple[object, ...]]:
        with Ledger(url) as ledger:
            return sorted((r.key, r.killed_min, r.killed_max, r.grade, len(r.links)) for r in ledger.incidents())

    once, parts = f"sqlite:///{tmp_path / 'once.db'}", f"sqlite:///{tmp_path / 'parts.db'}"
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", once]).exit_code == 0
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        assert runner.invoke(app, ["ingest", str(folder), "--db", parts]).exit_code == 0
    assert incidents(parts) == incidents(once)
    assert len(incidents(once)) >= 10
