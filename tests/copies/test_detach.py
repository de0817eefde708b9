"""An analyst detaches an article from a wrong copy group: audited, undoable, kept through reprocessing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from harmledger.api import create_app
from harmledger.ledger import Ledger
from harmledger.ledger.tables import AuditRow
from harmledger.ledger.users import Users
from harmledger.pipeline import process

from .corpus import store, ten_copies

PASSWORD = "correct horse battery"


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger(url) as ledger:
        store(ledger, ten_copies())
        Users(ledger).add("ana", PASSWORD, "analyst")
    return url


def _signed_in(url: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(create_app(url))
    body = client.post("/api/v1/session", json={"username": "ana", "password": PASSWORD}).json()
    return client, {"X-CSRF-Token": body["csrf_token"]}


def _state(client: TestClient) -> tuple[str, int, int]:
    """The incident's grade, how many outlets also carried it, how many members the copy group has."""
    (row,) = [i for i in client.get("/api/v1/incidents").json()["incidents"] if i["killed_min"] == 17]
    incident = client.get(f"/api/v1/incidents/{row['id']}").json()["incident"]
    (group,) = client.get("/api/v1/copies").json()["groups"]
    return incident["grade"], incident["carried_by"]["outlets"], len(group["members"])


def _copy(client: TestClient, key: str) -> dict[str, object]:
    articles = client.get("/api/v1/articles?limit=100").json()["articles"]
    found: dict[str, object] = next(a for a in articles if a["key"] == key)
    return found


def test_detach_is_audited_undone_and_survives_reprocess(url: str) -> None:
    client, headers = _signed_in(url)
    assert _state(client) == ("single source", 10, 10)
    copy = _copy(client, "copy-0")  # "a war monitor said": once detached, its claimant counts
    sent = {"action": "detach", "target": copy["content_hash"], "note": "not a copy: own reporting"}
    body = client.post("/api/v1/decisions", json=sent, headers=headers).json()
    assert body["ok"] is True, body
    assert _state(client) == ("corroborated", 9, 9)
    with Ledger(url) as ledger, ledger.session() as session:
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "decision:detach")).one()
        assert (audit.actor, audit.entity_key, audit.before, audit.after) == ("ana", copy["content_hash"], None, {})
    with Ledger(url) as ledger:
        ledger.reprocess(process)
    assert _state(client) == ("corroborated", 9, 9), "the decision is laid over the re-extracted claims"
    undone = client.post(f"/api/v1/decisions/{body['decisions'][0]}/undo", headers=headers).json()
    assert undone["ok"] is True, undone
    assert _state(client) == ("single source", 10, 10)


def test_detaching_an_article_in_no_group_is_refused(url: str) -> None:
    client, headers = _signed_in(url)
    sent = {"action": "detach", "target": "0" * 64}
    body = client.post("/api/v1/decisions", json=sent, headers=headers).json()
    assert (body["ok"], body["status"]) == (False, 404)
    assert "harmledger duplicates" in body["error"]


def test_the_article_page_offers_detach_and_undo(url: str) -> None:
    client = TestClient(create_app(url))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    data = {"username": "ana", "password": PASSWORD, "csrf_token": token.group(1)}
    client.post("/login", data=data, follow_redirects=False)
    copy = _copy(client, "copy-1")
    page = client.get(f"/articles/{copy['id']}").text
    assert "Detach from its copy group" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    form = {"action": "detach", "target": copy["content_hash"], "note": "own reporting", "csrf_token": csrf.group(1)}
    assert client.post("/review", data=form, follow_redirects=False).status_code == 303
    page = client.get(f"/articles/{copy['id']}").text
    assert "Detached</strong> from its copy group by ana" in page
    assert "Undo the detach" in page
