"""Review over JSON: session sign-in, CSRF header, roles, decisions and undo, all errors in the one shape."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.api.security import secret_key
from harmledger.cli import app as cli

from ..web.review_fixture import PASSWORD, review_db

__all__ = ["review_db"]
SHAPE = {"ok", "status", "error", "code"}


def _signed_in(url: str, name: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(create_app(url))
    body = client.post("/api/v1/session", json={"username": name, "password": PASSWORD}).json()
    assert body["user"] == name
    return client, {"X-CSRF-Token": body["csrf_token"]}


def _an_incident(client: TestClient) -> str:
    rows = client.get("/api/v1/incidents?limit=500").json()["incidents"]
    return str(max(rows, key=lambda r: (r["claim_count"], r["id"]))["id"])


def test_decide_and_undo_over_json(review_db: str) -> None:
    client, headers = _signed_in(review_db, "ana")
    assert client.get("/api/v1/session").json()["role"] == "analyst"
    key = _an_incident(client)
    sent = {"action": "correct", "target": key, "value": {"killed_max": 99}, "note": "ministry revised it"}
    body = client.post("/api/v1/decisions", json=sent, headers=headers).json()
    assert body["ok"] is True
    assert body["incident"] == key
    assert client.get(f"/api/v1/incidents/{key}").json()["incident"]["killed_max"] == 99
    history = client.get(f"/api/v1/incidents/{key}/history").json()["history"]
    assert history[0] | {"kind": "correct", "actor": "ana", "before": None, "after": {"killed_max": 99}} == history[0]
    undone = client.post(f"/api/v1/decisions/{history[0]['id']}/undo", headers=headers).json()
    assert undone["ok"] is True
    assert client.get(f"/api/v1/incidents/{key}").json()["incident"]["killed_max"] != 99
    again = client.post(f"/api/v1/decisions/{history[0]['id']}/undo", headers=headers).json()
    assert again["code"] == "E606"
    assert "undo that one first" in again["error"]


@pytest.mark.parametrize(
    ("who", "headers", "status", "code"),
    [
        ("ana", {}, 403, "E605"),  # no CSRF header
        ("ana", {"X-CSRF-Token": "forged"}, 403, "E605"),
        ("vic", None, 403, "E604"),  # a viewer
        (None, None, 401, "E603"),  # nobody signed in (the CSRF check passes on an anonymous session's token)
    ],
)
def test_refusals_have_the_one_error_shape(
    review_db: str, who: str | None, headers: dict[str, str] | None, status: int, code: str
) -> None:
    if who is None:
        client = TestClient(create_app(review_db))
        headers = {"X-CSRF-Token": client.get("/api/v1/session").json()["csrf_token"]}
    else:
        client, own = _signed_in(review_db, who)
        headers = own if headers is None else headers
    response = client.post("/api/v1/decisions", json={"action": "note", "target": "x", "note": "n"}, headers=headers)
    assert response.status_code == status
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("sent", "status", "code", "words"),
    [
        ({"action": "explode", "target": "x"}, 400, "E606", "unknown action"),
        ({"action": "reject", "target": "abc:1:2"}, 404, "E601", "no claim"),
        ({"action": "merge", "target": "KEY", "value": {}}, 400, "E606", "say which incident"),
        ({"action": "correct", "target": "KEY", "value": {"colour": "red"}}, 400, "E606", "cannot correct colour"),
        ({"action": "correct", "target": "KEY", "value": {"grade": "contested"}}, 400, "E502", "grade_reason"),
        ({"action": "correct", "target": "KEY", "value": {"date": "16/11/2018"}}, 400, "E606", "YYYY-MM-DD"),
    ],
)
def test_bad_decisions_say_what_to_send(
    review_db: str, sent: dict[str, object], status: int, code: str, words: str
) -> None:
    client, headers = _signed_in(review_db, "ana")
    sent = {**sent, "target": _an_incident(client) if sent["target"] == "KEY" else sent["target"]}
    response = client.post("/api/v1/decisions", json=sent, headers=headers)
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code), body
    assert words in body["error"]


def test_wrong_password_and_sign_out(review_db: str) -> None:
    client = TestClient(create_app(review_db))
    wrong = client.post("/api/v1/session", json={"username": "ana", "password": "not it at all"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "E603")
    client, headers = _signed_in(review_db, "ana")
    assert client.delete("/api/v1/session", headers=headers).json() == {"ok": True}
    assert client.get("/api/v1/session").json()["user"] is None


def test_gazetteer_lookup_for_place_corrections(review_db: str) -> None:
    client = TestClient(create_app(review_db))
    places = client.get("/api/v1/gazetteer?name=Hajin").json()["places"]
    assert places[0]["name"] == "Hajīn"
    assert places[0]["geonames_id"]


def test_user_commands(review_db: str) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli, ["user", "add", "sam", "--role", "admin", "--password-stdin", "--db", review_db], input="s3cret-enough\n"
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["user", "list", "--db", review_db])
    assert "sam" in listed.output
    assert "admin" in listed.output
    short = runner.invoke(cli, ["user", "add", "tom", "--password-stdin", "--db", review_db], input="short\n")
    assert short.exit_code == 1
    assert "too short" in short.output
    twice = runner.invoke(cli, ["user", "add", "sam", "--password-stdin", "--db", review_db], input="s3cret-enough\n")
    assert "exists" in twice.output
    bad_role = runner.invoke(cli, ["user", "add", "x", "--role", "boss", "--password-stdin", "--db", review_db])
    assert bad_role.exit_code == 2
    client = TestClient(create_app(review_db))
    assert client.post("/api/v1/session", json={"username": "sam", "password": "s3cret-enough"}).status_code == 200
    assert runner.invoke(cli, ["user", "remove", "sam", "--db", review_db]).exit_code == 0
    assert client.get("/api/v1/session").json()["user"] is None  # the removed account's session ends
    assert runner.invoke(cli, ["user", "remove", "sam", "--db", review_db]).exit_code == 1


def test_secret_key_is_made_once_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARMLEDGER_SECRET", raising=False)
    first = secret_key(tmp_path)
    assert secret_key(tmp_path) == first
    assert len(first) >= 40
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    monkeypatch.setenv("HARMLEDGER_SECRET", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
