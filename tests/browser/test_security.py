"""Report text with markup runs nothing in a real browser: no dialog, no script error, on any page showing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harmledger.web.browser import serving
from harmledger.web.views.map import LEAFLET

from .conftest import Watched, ingest
from .seeds import api

HOSTILE = """## <script>alert('title')</script> Strike on Hajin <img src=x onerror="alert('title img')">

16 November 2018

On Thursday an airstrike killed 12 civilians in the town of Hajin, SANA reported.
<img src=x onerror=alert(1)> The agency's <script>alert(document.cookie)</script> report was quoted widely.
<svg onload=alert(2)></svg><a href="javascript:alert(3)">more</a>
"""


@pytest.fixture
def hostile_site(tmp_path: Path) -> Iterator[str]:
    report = tmp_path / "hostile.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    ingest([report], url, tmp_path)
    with serving(url) as base:
        yield base


def test_hostile_report_runs_no_script_on_any_page(watched: Watched, hostile_site: str) -> None:
    incident = api(watched.page, hostile_site, "/api/v1/incidents")["incidents"][0]["id"]
    claims = api(watched.page, hostile_site, f"/api/v1/incidents/{incident}")["incident"]["claims"]
    pages = ["/", "/map", "/timeline", f"/incidents/{incident}", f"/articles/{claims[0]['article']['id']}"]
    for path in pages:
        watched.page.goto(hostile_site + path)
        watched.page.wait_for_load_state("networkidle")
        for link in watched.page.locator("a[href^='javascript:']").all():
            pytest.fail(f"{path} links to {link.get_attribute('href')}")
        if path == "/map" and LEAFLET.exists():  # our own scripts do run: the silence below means something
            watched.page.wait_for_selector("#map[data-drawn=markers]")
    article = watched.page.locator("main").inner_text()
    assert "<img src=x onerror=alert(1)>" in article  # shown as text, where a reader can see it
    assert watched.dialogs == []
    assert watched.errors == []
