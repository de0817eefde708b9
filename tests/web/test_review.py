"""The review workbench through its pages: signing in, CSRF, roles, every action, history, undo, reprocess."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.api.security import COOKIE, check_csrf
from harmledger.cli import app as cli

from .review_fixture import PASSWORD, analyst, csrf_of, review_db, sign_in, viewer

__all__ = ["analyst", "review_db", "viewer"]

Client = tuple[TestClient, str]


def _incidents(client: TestClient) -> list[dict[str, object]]:
    body = client.get("/api/v1/incidents?limit=500").json()
    incidents: list[dict[str, object]] = body["incidents"]
    return incidents


def _busiest(client: TestClient) -> dict[str, object]:
    """The incident with most claims (several claimants: room to reject, split, move)."""
    row = max(_incidents(client), key=lambda i: (i["claim_count"], str(i["id"])))
    return client.get(f"/api/v1/incidents/{row['id']}").json()["incident"]


def _post(client: TestClient, token: str, data: dict[str, object]) -> str:
    response = client.post("/review", data={**data, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def test_login_page_and_a_wrong_password(review_db: str) -> None:
    client = TestClient(create_app(review_db))
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="password" type="password"' in page.text
    token = csrf_of(page.text)
    wrong = client.post("/login", data={"username": "ana", "password": "nope-nope", "csrf_token": token})
    assert wrong.status_code == 401
    assert "Wrong user name or password" in wrong.text
    assert "Sign out" not in wrong.text


def test_session_cookie_is_httponly_lax_and_secure_over_https(review_db: str) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        client = TestClient(create_app(review_db), base_url=base)
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login", data={"username": "ana", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
        )
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert ("Secure" in cookie) is secure


def test_signing_in_goes_back_and_out_ends_the_session(analyst: Client) -> None:
    client, token = analyst
    assert "ana <small>(analyst)</small>" in client.get("/").text
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert "Sign in" in client.get("/").text


@pytest.mark.parametrize("path", ["/review", "/logout", "/login", "/review/undo/1"])
def test_a_post_without_the_csrf_token_is_refused(analyst: Client, path: str) -> None:
    client, _ = analyst
    response = client.post(path, data={"action": "note", "target": "x", "note": "n", "username": "ana"})
    assert response.status_code == 403
    assert "CSRF" in response.text
    forged = client.post(path, data={"action": "note", "target": "x", "csrf_token": "forged"})
    assert forged.status_code == 403


def _routes(
    routes: list[Any], prefix: str = "", deps: tuple[Any, ...] = ()
) -> Iterator[tuple[str, set[str], set[Any]]]:
    """Every endpoint as (path, methods, dependency callables), through included routers of any FastAPI version."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = route.include_context
            more = tuple(d.dependency for d in [*context.dependencies, *inner.dependencies])
            yield from _routes(inner.routes, prefix + context.prefix, deps + more)
        elif hasattr(route, "dependant"):
            calls = {d.call for d in route.dependant.dependencies} | {d.dependency for d in route.dependencies}
            yield prefix + route.path, set(route.methods), calls | set(deps)


def test_every_post_route_checks_csrf(review_db: str) -> None:
    """Only the JSON sign-in is exempt: it takes no cookie and only a JSON body."""
    app = create_app(review_db)
    writes = [(path, calls) for path, methods, calls in _routes(app.router.routes) if methods - {"GET", "HEAD"}]
    assert len(writes) >= 7
    assert [path for path, calls in writes if check_csrf not in calls] == ["/api/v1/session"]


def test_readers_see_no_review_controls(viewer: Client, review_db: str) -> None:
    client, token = viewer
    incident = _busiest(client)
    page = client.get(f"/incidents/{incident['id']}").text
    assert "History" in page
    assert 'action="/review"' not in page
    refused = client.post(
        "/review", data={"action": "note", "target": incident["id"], "note": "hi", "csrf_token": token}
    )
    assert refused.status_code == 403
    assert "only analysts and admins" in refused.text
    anonymous = TestClient(create_app(review_db))
    token = csrf_of(anonymous.get("/login").text)
    sent = anonymous.post(
        "/review", data={"action": "note", "target": "x", "csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303
    assert sent.headers["location"].startswith("/login?next=")


def test_reject_shows_in_history_and_undo_restores(analyst: Client) -> None:
    client, token = analyst
    incident = _busiest(client)
    claims = incident["claims"]
    assert isinstance(claims, list)
    victim = claims[-1]["key"]
    page = client.get(f"/incidents/{incident['id']}").text
    assert f'value="{victim}"' in page
    assert "Correct the figures" in page
    where = _post(client, token, {"action": "reject", "target": victim, "note": "a duplicate wire copy"})
    page = client.get(where).text
    assert f'<input type="hidden" name="target" value="{victim}">' not in page
    assert f"rejected claim {victim[:8]}" in page
    assert "a duplicate wire copy" in page
    undo = re.search(r'action="(/review/undo/\d+)"', page)
    assert undo
    client.post(undo.group(1), data={"csrf_token": token})
    after = client.get(f"/api/v1/incidents/{incident['id']}").json()["incident"]
    assert victim in [c["key"] for c in after["claims"]]
    history = client.get(f"/api/v1/incidents/{incident['id']}/history").json()["history"]
    assert [h["kind"] for h in history[:2]] == ["reject", "reject"]
    assert history[0]["after"] is None
    assert history[0]["note"].startswith("undo of decision")
    assert history[0]["actor"] == "ana"


def test_correcting_figures_date_perpetrator_and_grade(analyst: Client) -> None:
    client, token = analyst
    key = _busiest(client)["id"]
    target = {"action": "correct", "target": key}
    _post(client, token, {**target, "figures": "1", "killed_min": "14", "killed_max": "40", "killed_max_open": "on"})
    _post(client, token, {**target, "date": "2018-11-15", "date_precision": "day"})
    _post(client, token, {**target, "perpetrator": "US-led coalition", "attack": "airstrike"})
    _post(
        client, token, {**target, "grade": "contested", "grade_reason": "SANA blames the coalition, which denies it."}
    )
    row = client.get(f"/api/v1/incidents/{key}").json()["incident"]
    assert (row["killed_min"], row["killed_max"], row["killed"]) == (14, 40, "14–40+")
    assert (row["date"], row["perpetrator"], row["grade"]) == ("2018-11-15", "US-led coalition", "contested")
    page = client.get(f"/incidents/{key}").text
    assert "killed_min — → 14" in page
    assert "corrected grade" in page
    bad = client.post(
        "/review", data={**target, "figures": "1", "killed_min": "9", "killed_max": "3", "csrf_token": token}
    )
    assert bad.status_code == 400
    assert "swap them" in bad.text


def test_place_picked_from_the_gazetteer_or_added_with_coordinates(analyst: Client) -> None:
    client, token = analyst
    key = _busiest(client)["id"]
    page = client.get(f"/incidents/{key}?place_q=Hajin").text
    picked = re.search(r'name="geonames_id" value="(\d+)"', page)
    assert picked, "the gazetteer offers Hajin"
    _post(client, token, {"action": "correct", "target": key, "geonames_id": picked.group(1)})
    row = client.get(f"/api/v1/incidents/{key}").json()["incident"]
    assert row["place"] == "Hajīn"
    assert row["geonames_id"] == int(picked.group(1))
    assert row["lat"] is not None
    new_place = {"place": "Al-Shafa farm", "lat": "34.61", "lon": "40.9", "country": "sy", "admin1": "Deir ez-Zor"}
    _post(client, token, {"action": "correct", "target": key, **new_place})
    row = client.get(f"/api/v1/incidents/{key}").json()["incident"]
    assert (row["place"], row["lat"], row["country"], row["geonames_id"]) == ("Al-Shafa farm", 34.61, "SY", None)


def _home(client: TestClient, claim: str) -> str:
    for row in _incidents(client):
        claims = client.get(f"/api/v1/incidents/{row['id']}").json()["incident"]["claims"]
        if claim in [c["key"] for c in claims]:
            return str(row["id"])
    raise AssertionError(f"claim {claim} is in no incident")


def test_split_undo_move_and_merge(analyst: Client) -> None:
    client, token = analyst
    incident = _busiest(client)
    key, claims = str(incident["id"]), [c["key"] for c in incident["claims"]]  # type: ignore[union-attr]
    _post(client, token, {"action": "split", "target": key, "claims": claims[-1], "note": "a second strike"})
    assert _home(client, claims[-1]) != key
    history = client.get(f"/api/v1/incidents/{key}/history").json()["history"]
    split = next(h for h in history if h["kind"] == "split")
    client.post(f"/review/undo/{split['id']}", data={"csrf_token": token})
    assert _home(client, claims[-1]) == key
    other = next(str(i["id"]) for i in _incidents(client) if i["id"] != key)
    stray = client.get(f"/api/v1/incidents/{other}").json()["incident"]["claims"][0]["key"]
    assert _post(client, token, {"action": "move", "target": stray, "incident": key}) == f"/incidents/{key}"
    assert _home(client, stray) == key
    third = next(str(i["id"]) for i in _incidents(client) if i["id"] not in {key, other})
    merged = _post(client, token, {"action": "merge", "target": third, "into": key})
    assert merged == f"/incidents/{key}"
    assert client.get(f"/api/v1/incidents/{third}").status_code == 404
    assert f"merged incident {third} into {key}" in client.get(merged).text


def test_a_note_is_kept_in_the_history(analyst: Client) -> None:
    client, token = analyst
    key = _busiest(client)["id"]
    _post(client, token, {"action": "note", "target": key, "note": "Airwars lists this strike as ID CS1234."})
    page = client.get(f"/incidents/{key}").text
    assert "Airwars lists this strike as ID CS1234." in page


def test_decisions_made_in_the_ui_survive_reprocess(analyst: Client, review_db: str) -> None:
    client, token = analyst
    incident = _busiest(client)
    key, victim = str(incident["id"]), incident["claims"][0]["key"]  # type: ignore[index]
    _post(client, token, {"action": "correct", "target": key, "perpetrator": "Checked by hand"})
    _post(client, token, {"action": "reject", "target": victim})
    result = CliRunner().invoke(cli, ["reprocess", "--db", review_db])
    assert result.exit_code == 0, result.output
    fresh = TestClient(create_app(review_db))
    sign_in(fresh, "ana")
    rows = [fresh.get(f"/api/v1/incidents/{i['id']}").json()["incident"] for i in _incidents(fresh)]
    assert any(r["perpetrator"] == "Checked by hand" for r in rows)
    assert victim not in [c["key"] for r in rows for c in r["claims"]]
    page = fresh.get(f"/incidents/{next(r['id'] for r in rows if r['perpetrator'] == 'Checked by hand')}").text
    assert "corrected perpetrator" in page


def test_tallies_have_their_own_pages(analyst: Client) -> None:
    client, _ = analyst
    tallies = client.get("/api/v1/tallies").json()["tallies"]
    assert tallies
    key = tallies[0]["id"]
    assert f'href="/tallies/{key}"' in client.get("/").text
    page = client.get(f"/tallies/{key}")
    assert page.status_code == 200
    assert "Tally:" in page.text
    assert 'action="/review"' not in page.text
    assert client.get(f"/incidents/{key}", follow_redirects=False).headers["location"] == f"/tallies/{key}"
    assert client.get(f"/api/v1/tallies/{key}").json()["tally"]["id"] == key
    assert client.get("/api/v1/tallies/nope").json()["code"] == "E601"


def test_repeated_failed_sign_ins_are_refused_then_allowed_after_success_clears(review_db: str) -> None:
    client = TestClient(create_app(review_db))
    for _ in range(5):
        refused = client.post("/api/v1/session", json={"username": "ana", "password": "guess"})
        assert refused.status_code == 401
    locked = client.post("/api/v1/session", json={"username": "ana", "password": PASSWORD})
    assert (locked.status_code, locked.json()["code"]) == (429, "E607")
    other = client.post("/api/v1/session", json={"username": "vic", "password": PASSWORD})
    assert other.status_code == 200  # the lock is per user name, not a denial of service for everyone
