"""/api/v1/incidents: every filter, cursor pagination, and one incident with its evidence."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .ledger_fixture import INCIDENT_KEYS, keys

NEWEST_FIRST = ["aaa-hajin", "bbb-deir", "ccc-raqqa", "ddd-damascus", "eee-nowhere"]


def test_lists_incidents_newest_first_undated_last_without_tallies(client: TestClient) -> None:
    body = client.get("/api/v1/incidents").json()
    assert keys(body) == NEWEST_FIRST
    assert body["total"] == body["count"] == len(INCIDENT_KEYS)
    assert body["next_cursor"] is None
    assert "claims" not in body["incidents"][0]
    assert body["incidents"][0]["claimants"] == ["SANA", "SOHR"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_from=2018-11-01", ["aaa-hajin", "bbb-deir"]),
        ("date_from=2018-11-11&date_to=2018-11-30", ["aaa-hajin"]),
        ("date_from=2018-10-15&date_to=2018-10-15", ["ccc-raqqa"]),  # a month-precise date overlaps the day
        ("date_to=2018-10-01", ["ccc-raqqa", "ddd-damascus"]),
        ("admin1=Deir ez-Zor", ["aaa-hajin", "bbb-deir"]),
        ("admin1=deir ez-zor", ["aaa-hajin", "bbb-deir"]),
        ("place=Hajīn", ["aaa-hajin"]),
        ("perpetrator=Russia", ["ccc-raqqa"]),
        ("grade=contested", ["ccc-raqqa"]),
        ("min_killed=20", ["aaa-hajin", "ccc-raqqa"]),
        ("min_killed=0", ["aaa-hajin", "bbb-deir", "ccc-raqqa", "eee-nowhere"]),  # no figure is not zero
        ("q=sohr", ["aaa-hajin"]),  # claimant
        ("q=bread queue", ["bbb-deir"]),  # quote
        ("q=damascus", ["ddd-damascus"]),  # place
        ("q=ministry&grade=contested", ["ccc-raqqa"]),
        # Text search with other filters: every filter must hold, whether the text is in a claim or the incident.
        ("q=sohr&date_from=2019-01-01", []),  # found in a claim only
        ("q=damascus&grade=contested", []),  # found in the incident's place and in a claim
        ("q=killed&date_from=2018-11-01&date_to=2018-11-30", ["aaa-hajin", "bbb-deir"]),
        ("q=killed&date_from=2018-10-01&date_to=2018-10-31&perpetrator=Russia", ["ccc-raqqa"]),
        ("q=100%", []),  # wildcards are literal
        ("admin1=&place=&q=", NEWEST_FIRST),  # blank form fields are ignored
    ],
)
def test_filters(client: TestClient, query: str, expected: list[str]) -> None:
    body = client.get(f"/api/v1/incidents?{query}").json()
    assert keys(body) == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_cursor_pages_walk_every_incident_once(client: TestClient, limit: int) -> None:
    seen: list[str] = []
    url: str | None = f"/api/v1/incidents?limit={limit}"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["count"] <= limit
        seen += keys(body)
        url = body["next"]
        pages += 1
    assert seen == NEWEST_FIRST
    assert pages == -(-len(NEWEST_FIRST) // limit)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("q=killed", NEWEST_FIRST), ("q=killed&date_from=2018-10-01", ["aaa-hajin", "bbb-deir", "ccc-raqqa"])],
)
def test_text_search_pages_walk_every_match_once_each_with_the_total(
    client: TestClient, query: str, expected: list[str]
) -> None:
    seen: list[str] = []
    url: str | None = f"/api/v1/incidents?{query}&limit=2"
    while url:
        body = client.get(url).json()
        assert body["total"] == len(expected)
        seen += keys(body)
        url = body["next"]
    assert seen == expected


def test_cursor_keeps_the_filter(client: TestClient) -> None:
    first = client.get("/api/v1/incidents?limit=1&admin1=Deir ez-Zor").json()
    assert "admin1=Deir" in first["next"]
    second = client.get(
        "/api/v1/incidents", params={"admin1": "Deir ez-Zor", "limit": 1, "cursor": first["next_cursor"]}
    )
    assert keys(second.json()) == ["bbb-deir"]
    assert second.json()["next_cursor"] is None


def test_one_incident_has_claims_quotes_claimants_places_and_link_reasons(client: TestClient) -> None:
    body = client.get("/api/v1/incidents/aaa-hajin").json()
    incident = body["incident"]
    assert body["ok"] is True
    assert (incident["killed_min"], incident["killed_max"], incident["killed"]) == (12, 20, "12–20")
    claims = incident["claims"]
    assert [c["claimant"] for c in claims] == ["SANA", "SOHR"]
    assert [c["quote"] for c in claims] == ["12", "20"]
    assert claims[0]["places"] == [{"name": "Hajīn"}]
    assert "place_names" not in claims[0], "text search's copy of the places is not part of the claim"
    assert claims[0]["link"] == {"reason": "same place and day", "score": 0.9}
    assert claims[0]["article"]["title"] == "Hajīn: report 1"


def test_openapi_lists_every_versioned_path(client: TestClient) -> None:
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert paths == {
        "/api/v1/incidents",
        "/api/v1/incidents/{key}",
        "/api/v1/incidents/map",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/places",
        "/api/v1/tallies",
        "/api/v1/totals",
        "/api/v1/timeseries",
        "/api/v1/exports/incidents.{fmt}",
        "/api/v1/tallies/{key}",
        "/api/v1/incidents/{key}/history",
        "/api/v1/session",
        "/api/v1/decisions",
        "/api/v1/decisions/{decision_id}/undo",
        "/api/v1/gazetteer",
        "/api/v1/copies",
    }
