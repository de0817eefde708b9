"""Republications as readers see them, and through `harmledger ingest`: one text, ten outlets, one source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.cli import app as cli
from harmledger.ledger import Ledger

from .corpus import DATA, store, ten_identical

OUTLETS = sorted(f"Outlet {n}" for n in range(10))


@pytest.fixture(scope="module")
def identical_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('identical') / 'ledger.db'}"
    with Ledger(url) as ledger:
        store(ledger, ten_identical())
    return url


@pytest.fixture
def client(identical_db: str) -> TestClient:
    return TestClient(create_app(identical_db))


def _incident(client: TestClient) -> dict[str, object]:
    (row,) = [i for i in client.get("/api/v1/incidents").json()["incidents"] if i["killed_min"] == 17]
    incident: dict[str, object] = client.get(f"/api/v1/incidents/{row['id']}").json()["incident"]
    return incident


def test_the_incident_lists_ten_outlets_and_stays_single_source(client: TestClient) -> None:
    incident = _incident(client)
    assert incident["grade"] == "single source"
    carried = incident["carried_by"]
    assert isinstance(carried, dict)
    assert carried["outlets"] == 10
    assert sorted(c["outlet"] for c in carried["copies"]) == OUTLETS
    assert {(c["kind"], c["similarity"], c["id"]) for c in carried["copies"]} == {("identical", 1.0, None)}
    assert {c["article"]["outlet"] for c in incident["claims"]} == {"EDNA"}  # type: ignore[attr-defined]
    page = client.get(f"/incidents/{incident['id']}").text
    assert "Also carried by 10 outlets" in page
    assert "https://outlet-3.example/dhiban" in page


def test_pages_and_api_list_the_republications(client: TestClient) -> None:
    (group,) = client.get("/api/v1/copies").json()["groups"]
    assert group["original"]["outlet"] == "EDNA"
    assert sorted(m["outlet"] for m in group["members"]) == OUTLETS
    assert {m["copy_of"] for m in group["members"]} == {group["original"]["id"]}
    assert [m["published"] for m in group["members"]] == sorted(m["published"] for m in group["members"])
    assert "Outlet 7: EDNA on Dhiban" in client.get("/copies").text
    article = client.get(f"/articles/{group['original']['id']}").text
    assert "Also published 10 times" in article
    assert "https://outlet-0.example/dhiban" in article


def test_duplicates_lists_republications(identical_db: str) -> None:
    result = CliRunner().invoke(cli, ["duplicates", "--db", identical_db, "--json"])
    assert result.exit_code == 0, result.output
    (group,) = json.loads(result.output)
    assert sorted((m["outlet"], m["kind"]) for m in group["members"]) == [(o, "identical") for o in OUTLETS]
    table = CliRunner().invoke(cli, ["duplicates", "--db", identical_db], env={"COLUMNS": "200"})
    assert table.output.count("republication") == 10
    assert "1 copy group, 10 copies" in table.output
    incidents = json.loads(CliRunner().invoke(cli, ["incidents", "--db", identical_db, "--json"]).output)
    (incident,) = [i for i in incidents if i["killed_min"] == 17]  # serialised after its session closed
    assert sorted(c["outlet"] for c in incident["carried_by"]["copies"]) == OUTLETS


def _republish(folder: Path, name: str, outlet: str, day: int) -> None:
    """The original report's file with another title, outlet and date: its very text, another publication."""
    lines = (DATA / "original.txt").read_text().splitlines()
    header = [f"## {outlet} reports the Dhiban strike", f"Staff {day} November 2018", f"Source: {outlet}"]
    (folder / name).write_text("\n".join([*header, *lines[3:]]) + "\n")


def test_ingest_keeps_each_publication_once(tmp_path: Path) -> None:
    folder, url = tmp_path / "reports", f"sqlite:///{tmp_path / 'ledger.db'}"
    folder.mkdir()
    for name in ("retitled.txt", "original.txt"):  # the retitled copy (15 Nov) is read first: "a_…"
        (folder / f"{'a_' if name == 'retitled.txt' else ''}{name}").write_bytes((DATA / name).read_bytes())
    _republish(folder, "wire.txt", "Desert Wire", 16)
    first = CliRunner().invoke(cli, ["ingest", str(folder), "--db", url])
    assert first.exit_code == 0, first.output
    assert "3 stored, 0 already in the ledger" in first.stdout
    assert "ledger holds 1 articles" in first.stdout
    again = CliRunner().invoke(cli, ["ingest", str(folder), "--db", url])
    assert "0 stored, 3 already in the ledger" in again.stdout
    listed = json.loads(CliRunner().invoke(cli, ["duplicates", "--db", url, "--json"]).output)
    (group,) = listed
    assert (group["original"]["key"], group["original"]["outlet"]) == ("original", "Eastern Desk News Agency")
    assert sorted(m["outlet"] for m in group["members"]) == ["Desert Wire", "Riverside Chronicle"]
