"""The web UI and API over a ledger holding one report: list, incident page, article page, error shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.cli import app as cli

BODY = """## Strike on Hajin

16 November 2018

On Thursday an airstrike killed 12 civilians, including 5 children, in the town of Hajin, SANA reported.
"""


@pytest.fixture
def client(tmp_path: Path, db_url: str) -> TestClient:
    path = tmp_path / "hajin.txt"
    path.write_text(BODY, encoding="utf-8")
    CliRunner().invoke(cli, ["ingest", str(path), "--db", db_url])
    return TestClient(create_app(db_url))


def test_incident_list_and_page_show_quotes(client: TestClient) -> None:
    listing = client.get("/")
    assert listing.status_code == 200
    assert "Between <strong>12</strong> and <strong>12</strong>" in listing.text
    key = client.get("/api/v1/incidents").json()["incidents"][0]["id"]
    page = client.get(f"/incidents/{key}")
    assert page.status_code == 200
    assert '<mark title="">killed 12 civilians</mark>' in page.text
    assert "SANA" in page.text


def test_article_page_highlights_every_claim(client: TestClient) -> None:
    incident = client.get("/api/v1/incidents").json()["incidents"][0]["id"]
    article_id = client.get(f"/api/v1/incidents/{incident}").json()["incident"]["claims"][0]["article"]["id"]
    page = client.get(f"/articles/{article_id}")
    assert page.text.count("<mark") == 2


def test_api_errors_have_one_shape(client: TestClient) -> None:
    missing = client.get("/api/v1/incidents/nope")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "status": 404, "error": missing.json()["error"], "code": "E601"}
    assert "no incident" in missing.json()["error"]
    unknown = client.get("/api/v1/nothing-here")
    assert unknown.json()["code"] == "HTTP404"
    page = client.get("/incidents/nope")
    assert page.status_code == 404
    assert "no incident" in page.text
