"""What copies look like to readers: the incident JSON and page, the article page, /api/v1/copies, `duplicates`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.cli import app as cli
from harmledger.ledger import Ledger

from .corpus import INDEPENDENT, item, store, ten_copies


@pytest.fixture(scope="module")
def copies_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('copies') / 'ledger.db'}"
    with Ledger(url) as ledger:
        store(ledger, [*ten_copies(), item("independent", INDEPENDENT, "Frontline Syria Monitor", 15)])
    return url


@pytest.fixture
def client(copies_db: str) -> TestClient:
    return TestClient(create_app(copies_db))


def _incident(client: TestClient) -> dict[str, object]:
    (row,) = [i for i in client.get("/api/v1/incidents").json()["incidents"] if i["killed_min"] == 17]
    incident: dict[str, object] = client.get(f"/api/v1/incidents/{row['id']}").json()["incident"]
    return incident


def test_incident_json_says_which_outlets_also_carried_it(client: TestClient) -> None:
    incident = _incident(client)
    carried = incident["carried_by"]
    assert isinstance(carried, dict)
    assert carried["outlets"] == 10
    copies = carried["copies"]
    assert sorted(c["outlet"] for c in copies) == sorted(f"Outlet {n}" for n in range(10))
    assert {c["kind"] for c in copies} == {"full"}
    assert "Frontline Syria Monitor" not in {c["outlet"] for c in copies}, "an independent report is no copy"
    assert incident["grade"] == "corroborated", "the independent report corroborates; the ten copies do not"


def test_incident_page_lists_the_copies_with_links(client: TestClient) -> None:
    incident = _incident(client)
    page = client.get(f"/incidents/{incident['id']}").text
    assert "Also carried by 10 outlets" in page
    copy = incident["carried_by"]["copies"][0]  # type: ignore[index]
    assert f'href="/articles/{copy["id"]}"' in page
    assert "Outlet 0" in page


def test_article_pages_say_copy_of_and_copied_by(client: TestClient) -> None:
    articles = {a["key"]: a["id"] for a in client.get("/api/v1/articles?limit=100").json()["articles"]}
    copy_page = client.get(f"/articles/{articles['copy-3']}").text
    assert "Copy of" in copy_page
    assert f'href="/articles/{articles["original"]}"' in copy_page
    original_page = client.get(f"/articles/{articles['original']}").text
    assert "Copied by 10 articles" in original_page
    assert "Copy of" not in original_page
    assert 'id="copies"' not in client.get(f"/articles/{articles['independent']}").text


def test_copies_endpoint_pages_through_the_groups(client: TestClient) -> None:
    body = client.get("/api/v1/copies").json()
    assert body["ok"] and body["count"] == 1 and body["next"] is None
    (group,) = body["groups"]
    assert group["original"]["key"] == "original"
    assert len(group["members"]) == 10
    assert all(m["kind"] == "full" and m["similarity"] > 0.9 for m in group["members"])
    first = client.get("/api/v1/copies?limit=1").json()
    assert first["next_cursor"] == group["original"]["id"]
    assert client.get(f"/api/v1/copies?cursor={first['next_cursor']}").json()["groups"] == []
    assert "Copy groups" in client.get("/copies").text


def test_duplicates_command_lists_the_groups(copies_db: str) -> None:
    result = CliRunner().invoke(cli, ["duplicates", "--db", copies_db, "--json"])
    assert result.exit_code == 0, result.output
    (group,) = json.loads(result.output)
    assert group["original"]["outlet"] == "EDNA"
    assert sorted(m["outlet"] for m in group["members"]) == sorted(f"Outlet {n}" for n in range(10))
    table = CliRunner().invoke(cli, ["duplicates", "--db", copies_db], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "1 copy group, 10 copies" in table.output


def test_duplicates_on_an_empty_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["duplicates", "--db", f"sqlite:///{tmp_path}/empty.db"])
    assert result.exit_code == 0
    assert "0 copy groups" in result.output
