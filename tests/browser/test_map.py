"""The map in a real browser: the founding reports' incidents as markers, a click opens the incident's evidence."""

from __future__ import annotations

import re
from typing import Any

import pytest

from harmledger.web import STATIC_DIR

from .conftest import Watched, unavailable
from .seeds import api, gold_quotes, incident_with

pytestmark = pytest.mark.seeds

SANA, SOHR = "SANA", "Syrian Observatory for Human Rights"


@pytest.fixture(autouse=True)
def _leaflet() -> None:
    if not (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").exists():
        unavailable("Leaflet is not installed under static/vendor (make assets, which needs npm)")


def _drawn(watched: Watched, base: str, query: str = "") -> str:
    watched.page.goto(f"{base}/map{query}")
    watched.page.wait_for_selector("#map[data-drawn]")
    drawn = watched.page.get_attribute("#map", "data-drawn")
    assert drawn in ("markers", "clusters"), watched.errors
    return drawn


def _marked(watched: Watched) -> list[str]:
    keys: list[str] = watched.page.eval_on_selector_all(
        "path.ring[data-incident]", "paths => paths.map(p => p.getAttribute('data-incident'))"
    )
    return keys


def test_map_shows_every_placed_seed_incident_as_a_marker(watched: Watched, seeds_site: str) -> None:
    assert _drawn(watched, seeds_site) == "markers"
    listed = api(watched.page, seeds_site, "/api/v1/incidents?limit=500")["incidents"]
    placed = sorted(row["id"] for row in listed if row["lat"] is not None)
    assert len(placed) >= 4  # 000-A, 000-B, 000-C and 004-D are all in Deir ez-Zor
    assert sorted(_marked(watched)) == placed
    assert watched.errors == []


def test_clicking_the_004d_marker_shows_sana_and_sohr_side_by_side(
    watched: Watched, seeds_site: str, seed_gold: dict[str, Any]
) -> None:
    sana, sohr = gold_quotes(seed_gold, "004-D", SANA), gold_quotes(seed_gold, "004-D", SOHR)
    key = incident_with(watched.page, seeds_site, sana + sohr)["id"]
    _drawn(watched, seeds_site)
    ring = watched.page.locator(f'path.ring[data-incident="{key}"]')
    box = ring.bounding_box()
    assert box is not None
    # 000-A is at the same town (As Sūsah) with a smaller range, drawn on top: click 004-D's ring near its edge.
    ring.click(position={"x": 2, "y": box["height"] / 2})
    watched.page.wait_for_url(re.compile(f"/incidents/{key}$"))
    rows = {
        row.locator("td").nth(0).inner_text().split("\n")[0]: row
        for row in watched.page.locator("table.claims tbody tr").all()
    }
    for claimant, figure, quotes in ((SANA, "30+", sana), (SOHR, "54", sohr)):
        cells = rows[claimant].locator("td")
        assert cells.nth(2).inner_text().startswith(figure), claimant
        evidence = cells.nth(4).locator("blockquote")
        assert all(quote in evidence.inner_text() for quote in quotes), claimant
        assert evidence.locator("mark").count() >= 1  # the figure is highlighted in its paragraph
    assert "30–54" in watched.page.locator(".range").inner_text()
    assert watched.errors == []


def test_many_incidents_are_drawn_as_clusters(
    watched: Watched, seeds_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("harmledger.api.routers.incidents.MAX_MARKERS", 1)
    assert _drawn(watched, seeds_site) == "clusters"
    listed = api(watched.page, seeds_site, "/api/v1/incidents?limit=500")["incidents"]
    placed = [row for row in listed if row["lat"] is not None]
    sizes: list[str] = watched.page.eval_on_selector_all(
        "path.ring[data-cluster]", "paths => paths.map(p => p.getAttribute('data-cluster'))"
    )
    assert sizes, "no cluster drawn"
    assert sum(map(int, sizes)) + len(_marked(watched)) == len(placed)
    assert watched.page.locator(".cluster-count").count() == len(sizes)
