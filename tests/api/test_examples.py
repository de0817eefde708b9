"""The API over examples/ as ingested: every endpoint answers, and its numbers agree with each other."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .ledger_fixture import keys

ENDPOINTS = [
    "/api/v1/incidents",
    "/api/v1/articles",
    "/api/v1/places",
    "/api/v1/tallies",
    "/api/v1/totals",
    "/api/v1/timeseries?interval=day",
    "/api/v1/timeseries?interval=week",
    "/api/v1/timeseries?interval=month",
    "/api/v1/exports/incidents.csv",
    "/api/v1/exports/incidents.geojson",
    "/api/v1/exports/incidents.json",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers(examples_client: TestClient, url: str) -> None:
    response = examples_client.get(url)
    assert response.status_code == 200, response.text


def test_pages_of_two_add_up_to_the_whole_list(examples_client: TestClient) -> None:
    whole = examples_client.get("/api/v1/incidents?limit=500").json()
    paged: list[str] = []
    url: str | None = "/api/v1/incidents?limit=2"
    while url:
        body = examples_client.get(url).json()
        paged += keys(body)
        url = body["next"]
    assert paged == keys(whole)
    assert len(paged) == whole["total"] > 0


def test_totals_agree_with_the_list_and_the_series(examples_client: TestClient) -> None:
    incidents = examples_client.get("/api/v1/incidents?limit=500").json()["incidents"]
    totals = examples_client.get("/api/v1/totals").json()["totals"]
    assert totals["killed_min"] == sum(i["killed_min"] or 0 for i in incidents)
    assert totals["killed_max"] == sum(i["killed_max"] or 0 for i in incidents)
    for interval in ("day", "week", "month"):
        body = examples_client.get(f"/api/v1/timeseries?interval={interval}").json()
        assert sum(b["killed_max"] for b in body["series"]) + body["coarser"]["killed_max"] == totals["killed_max"]


def test_each_place_filter_matches_its_count(examples_client: TestClient) -> None:
    for place in examples_client.get("/api/v1/places").json()["places"]:
        body = examples_client.get(
            "/api/v1/incidents", params={"place": place["place"], "admin1": place["admin1"] or ""}
        ).json()
        assert body["total"] == place["incidents"], place
