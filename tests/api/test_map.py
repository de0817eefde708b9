"""What the map asks for: every placed incident in a view as a marker, or grid clusters when there are many."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_few_incidents_come_as_markers_with_their_killed_range(examples_client: TestClient) -> None:
    listed = examples_client.get("/api/v1/incidents?limit=500").json()["incidents"]
    placed = {row["id"]: row for row in listed if row["lat"] is not None}
    body = examples_client.get("/api/v1/incidents/map?zoom=6").json()
    assert (body["clustered"], body["count"], body["clusters"]) == (False, len(placed), [])
    for marker in body["markers"]:
        row = placed[marker["id"]]
        assert (marker["lat"], marker["lon"], marker["killed"]) == (row["lat"], row["lon"], row["killed"])
        assert marker["max"] == (row["killed_max"] or 0)


def test_a_view_keeps_only_what_is_inside_it(examples_client: TestClient) -> None:
    everything = examples_client.get("/api/v1/incidents/map").json()["markers"]
    south = min(marker["lat"] for marker in everything)
    north = sorted(marker["lat"] for marker in everything)[len(everything) // 2]
    view = examples_client.get(f"/api/v1/incidents/map?south={south}&west=-180&north={north}&east=180").json()
    assert {m["id"] for m in view["markers"]} == {m["id"] for m in everything if m["lat"] <= north}
    assert 0 < view["count"] < len(everything)


def test_many_incidents_come_as_clusters_that_add_up(
    examples_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    markers = examples_client.get("/api/v1/incidents/map").json()["markers"]
    monkeypatch.setattr("harmledger.api.routers.incidents.MAX_MARKERS", 2)
    for zoom in (3, 8):
        body = examples_client.get(f"/api/v1/incidents/map?zoom={zoom}").json()
        assert body["clustered"] and body["markers"] == []
        clusters = body["clusters"]
        assert sum(c["incidents"] for c in clusters) == len(markers)
        assert sum(c["killed_max"] for c in clusters) == sum(m["max"] for m in markers)
        assert all(c["key"] is None for c in clusters if c["incidents"] > 1)
    coarse = examples_client.get("/api/v1/incidents/map?zoom=3").json()["clusters"]
    fine = examples_client.get("/api/v1/incidents/map?zoom=8").json()["clusters"]
    assert len(coarse) < len(fine)  # a wider grid gathers more into each cluster


@pytest.mark.parametrize(
    "query", ["south=30", "zoom=40", "south=30&west=35&north=36&east=999", "zoom=x", "admin1=Hama&date_from=nope"]
)
def test_bad_map_views_are_clear_4xx(examples_client: TestClient, query: str) -> None:
    response = examples_client.get(f"/api/v1/incidents/map?{query}")
    assert 400 <= response.status_code < 500
    assert response.json()["ok"] is False
