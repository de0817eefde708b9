"""The pages: list, incident, article, map, timeline; the shared filter bar and the totals line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from harmledger.web import STATIC_DIR

from .conftest import client_with_report

BODY = """## Strike on Hajin

16 November 2018

On Thursday an airstrike killed 12 civilians, including 5 children, in the town of Hajin, SANA reported.
"""
PAGES = ["/", "/map", "/timeline"]


@pytest.fixture
def hajin_client(tmp_path: Path, db_url: str) -> TestClient:
    return client_with_report(tmp_path, db_url, BODY)


def test_incident_page_shows_each_quote_in_its_paragraph(hajin_client: TestClient) -> None:
    listing = hajin_client.get("/")
    assert listing.status_code == 200
    assert "12 civilians killed in 1 incident" in listing.text
    key = hajin_client.get("/api/v1/incidents").json()["incidents"][0]["id"]
    page = hajin_client.get(f"/incidents/{key}")
    assert page.status_code == 200
    assert '<mark title="">killed 12 civilians</mark>' in page.text
    assert "On Thursday an airstrike" in page.text  # the whole paragraph, not just the quote
    assert "SANA" in page.text
    assert "/articles/" in page.text


def test_article_page_highlights_every_claim(hajin_client: TestClient) -> None:
    incident = hajin_client.get("/api/v1/incidents").json()["incidents"][0]["id"]
    article_id = hajin_client.get(f"/api/v1/incidents/{incident}").json()["incident"]["claims"][0]["article"]["id"]
    page = hajin_client.get(f"/articles/{article_id}")
    assert page.text.count("<mark") == 2
    assert f'href="/incidents/{incident}"' in page.text


def test_incident_page_shows_range_grade_reason_and_claimants(client: TestClient) -> None:
    page = client.get("/incidents/ccc-raqqa").text
    assert '<span class="range">30–54+</span>' in page
    assert "the highest is itself “at least”" in page
    assert "contested" in page
    assert "2 claimant(s)" in page  # the grade's explanation
    assert "Raqqa Is Being Slaughtered Silently, Russian defence ministry" in page
    assert "<mark" in page


@pytest.mark.parametrize("path", PAGES)
def test_totals_line_gives_the_range_without_tallies(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assert "Between 50 and 82+ civilians killed in 5 incidents" in page
    assert "cumulative tallies excluded" in page
    assert "1 incident has no figure" in page
    filtered = client.get(f"{path}?admin1=Deir+ez-Zor").text
    assert "Between 17 and 25 civilians killed in 2 incidents matching these filters" in filtered


@pytest.mark.parametrize("path", PAGES)
def test_filter_bar_keeps_its_state_and_the_links_keep_the_filter(client: TestClient, path: str) -> None:
    page = client.get(f"{path}?grade=contested&q=raqqa&date_from=2018-01-01").text
    assert '<option value="contested" selected>' in page
    assert 'name="q" placeholder="quote, claimant, place" value="raqqa"' in page
    assert 'name="date_from" value="2018-01-01"' in page
    query = "date_from=2018-01-01&amp;grade=contested&amp;q=raqqa"
    for view in PAGES:
        assert f'href="{view}?{query}"' in page
    assert f'href="/api/v1/exports/incidents.csv?{query}"' in page


def test_list_filters_and_pages(client: TestClient) -> None:
    page = client.get("/?perpetrator=Russia").text
    assert "/incidents/ccc-raqqa" in page
    assert "/incidents/aaa-hajin" not in page
    assert "No incident matches these filters" in client.get("/?q=nothing-like-this").text
    assert "Cumulative tallies" in client.get("/").text


def test_list_pages_with_a_cursor(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("harmledger.web.views.incidents.PAGE_SIZE", 2)
    seen: list[str] = []
    url: str | None = "/?min_killed=0"
    while url:
        page = client.get(url).text
        table = page[page.index("<tbody>") : page.index("</tbody>")]
        seen += re.findall(r'<td><a href="/incidents/([^"]+)">', table)
        found = re.search(r'<a href="([^"]+)">Next page', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == ["aaa-hajin", "bbb-deir", "ccc-raqqa", "eee-nowhere"]
    assert "First page" in page


def test_timeline_draws_weekly_bars_as_svg(client: TestClient) -> None:
    page = client.get("/timeline").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="bar"') == 3  # three weeks with a day-precise incident
    assert "Week of 12 Nov 2018: 12–20 killed, 1 incident" in svg
    assert 'href="/?date_from=2018-11-12&amp;date_to=2018-11-18"' in svg
    assert "2 matching incidents are dated only to a month" in page
    assert "<script" not in page


def test_timeline_with_nothing_to_draw(client: TestClient) -> None:
    page = client.get("/timeline?date_from=2020-01-01").text
    assert "<svg" not in page
    assert "No incident with a day-precise date matches" in page


def test_map_page_embeds_its_filter_bounds_and_governorates(client: TestClient) -> None:
    page = client.get("/map?admin1=Deir+ez-Zor").text
    if 'id="map-data"' not in page:
        pytest.skip("Leaflet is not installed under static/vendor (run make assets)")
    raw = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data["api"] == "/api/v1/incidents/map?admin1=Deir+ez-Zor"  # map.js asks it for each view's markers
    markers = client.get(data["api"]).json()["markers"]
    assert sorted(m["id"] for m in markers) == ["aaa-hajin", "bbb-deir"]
    hajin = next(m for m in markers if m["id"] == "aaa-hajin")
    assert hajin | {"min": 12, "max": 20, "killed": "12–20"} == hajin
    (south, west), (north, east) = data["bounds"]
    assert all(south <= m["lat"] <= north and west <= m["lon"] <= east for m in markers)
    names = {g["name"]: g["incidents"] for g in data["governorates"]}
    assert names["Deir ez-Zor"] == 2
    assert names["Aleppo"] == 0
    assert data["tiles"] is None
    assert "No map tiles" in page


def test_map_uses_tiles_only_when_configured(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").exists():
        pytest.skip("Leaflet is not installed under static/vendor (run make assets)")
    monkeypatch.setenv("HARMLEDGER_TILE_URL", "http://tiles.example/{z}/{x}/{y}.png")
    page = client.get("/map").text
    assert '"tiles": "http://tiles.example/{z}/{x}/{y}.png"' in page
    assert "No map tiles" not in page


def test_map_without_leaflet_says_how_to_install_it(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("harmledger.web.views.map.LEAFLET", Path("/nonexistent/leaflet.js"))
    page = client.get("/map").text
    assert "make run" in page
    assert "leaflet.js" not in page


@pytest.mark.parametrize("path", [*PAGES, "/incidents/aaa-hajin", "/docs"])
def test_pages_load_nothing_from_elsewhere(client: TestClient, path: str) -> None:
    page = client.get(path).text
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert [url for url in external if "geonames.org" not in url] == []


def test_static_assets_are_served_locally(client: TestClient) -> None:
    assert client.get("/static/harmledger.css").status_code == 200
    assert client.get("/static/map.js").status_code == 200
    vendor = STATIC_DIR / "vendor" / "leaflet" / "leaflet.js"
    if not vendor.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not on PATH, so make cannot install Leaflet; the map page says so")
        pytest.fail("npm is on PATH but static/vendor/leaflet is missing: run `make assets`")
    for asset in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png"):
        response = client.get(f"/static/vendor/{asset}")
        assert response.status_code == 200, asset
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
