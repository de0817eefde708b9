"""``harmledger gazetteer`` run in-process against its own typer app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from harmledger.cli.gazetteer import app

from .conftest import dump_row

runner = CliRunner()


def test_lookup_json(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "al-Souseh", "--json"])
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)[0]
    assert best == {
        "name": "As Sūsah",
        "geonames_id": 172415,
        "lat": 34.53366,
        "lon": 40.95819,
        "admin1": "Deir ez-Zor",
        "admin2": "Abu Kamal District",
        "country": "SY",
        "feature": "P.PPL",
        "score": 100.0,
    }


def test_lookup_table_and_options(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "Hit", "--country", "IQ", "--near", "Ramadi"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "95788" in result.stdout and "Al Anbar" in result.stdout


def test_lookup_errors_are_one_line(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "x" * 10_000])
    assert result.exit_code == 1
    assert "[E304]" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["lookup", "Qwxzvbnm"])
    assert missing.exit_code == 1 and "no place matches" in missing.output


def test_import_then_lookup(home: Path, write_dump: Callable[..., Path]) -> None:
    dump = write_dump([dump_row(9900001, "Al Bāghūz Fawqānī", "Al Baghuz Fawqani", "", 34.4689, 40.9536)])
    result = runner.invoke(app, ["import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.output
    found = json.loads(runner.invoke(app, ["lookup", "al-Baghouz Fowqani", "--json"]).stdout)
    assert found[0]["geonames_id"] == 9900001


def test_import_bad_dump(home: Path, write_dump: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["import", str(write_dump(["1\tonly\tthree"]))])
    assert result.exit_code == 1
    assert "[E303]" in result.output and "line 1" in result.output
    unknown = runner.invoke(app, ["import", "x.txt", "-f", "Q"])
    assert unknown.exit_code == 2


def test_no_args_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "import" in result.output and "lookup" in result.output
