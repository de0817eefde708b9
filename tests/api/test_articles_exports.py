"""Articles (a paged list and one with its claims) and exports of filtered views."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient


def test_articles_page_newest_first_with_claim_counts(client: TestClient) -> None:
    seen: list[int] = []
    url: str | None = "/api/v1/articles?limit=3"
    while url:
        body = client.get(url).json()
        assert all(a["claim_count"] == 1 for a in body["articles"])
        assert all("text" not in a for a in body["articles"])
        seen += [a["id"] for a in body["articles"]]
        url = body["next"]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 8  # one article per claim


def test_one_article_has_text_and_claims_with_their_incident(client: TestClient) -> None:
    first = client.get("/api/v1/articles?limit=500").json()["articles"][-1]
    body = client.get(f"/api/v1/articles/{first['id']}").json()
    assert body["article"]["text"].startswith("Report on Hajīn.")
    [claim] = body["claims"]
    assert (claim["claimant"], claim["quote"], claim["incident"]) == ("SANA", "12", "aaa-hajin")
    assert body["article"]["text"][claim["start"] : claim["end"]] == claim["quote"]


def test_csv_export_of_a_filtered_view(client: TestClient) -> None:
    response = client.get("/api/v1/exports/incidents.csv?admin1=Deir ez-Zor")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="harmledger-incidents.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id"] for r in rows] == ["aaa-hajin", "bbb-deir"]
    assert (rows[0]["deaths_civilians_low"], rows[0]["deaths_civilians_high"]) == ("12", "20")
    assert rows[0]["sources"] == "SANA; SOHR"


def test_geojson_export_keeps_unplaced_incidents_without_geometry(client: TestClient) -> None:
    response = client.get("/api/v1/exports/incidents.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert len(features) == 5
    by_id = {f["id"]: f for f in features}
    assert by_id["aaa-hajin"]["geometry"] == {"type": "Point", "coordinates": [40.83, 34.69]}
    assert by_id["eee-nowhere"]["geometry"] is None


@pytest.mark.parametrize(("query", "count"), [("", 5), ("?q=sohr", 1), ("?date_from=2019-01-01", 0)])
def test_json_export_nests_claims(client: TestClient, query: str, count: int) -> None:
    data = json.loads(client.get(f"/api/v1/exports/incidents.json{query}").text)
    assert len(data) == count
    assert all(item["claims"] for item in data)
