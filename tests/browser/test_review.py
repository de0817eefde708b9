"""An analyst in a real browser: signs in, merges two of the founding reports' incidents, then undoes it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import PASSWORD, Watched
from .seeds import api, gold_quotes, incident_with

pytestmark = pytest.mark.seeds


def _range(watched: Watched) -> str:
    return watched.page.locator(".range").inner_text()


def test_analyst_merges_two_incidents_and_undoes_it(
    watched: Watched, seeds_site: str, seed_gold: dict[str, Any]
) -> None:
    page = watched.page
    first = incident_with(page, seeds_site, gold_quotes(seed_gold, "000-C")[:1])  # Hajin: 26
    second = incident_with(page, seeds_site, gold_quotes(seed_gold, "004-D", "SANA"))  # As Sūsah: 30–54
    assert (first["killed"], second["killed"]) == ("26", "30–54")

    page.goto(f"{seeds_site}/login?next=/incidents/{first['id']}")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button:has-text('Sign in')")
    page.wait_for_url(re.compile(f"/incidents/{first['id']}$"))
    assert "ana" in page.locator(".account").inner_text()

    page.click("summary:has-text('Merge into another incident')")
    merge = page.locator("form:has(input[name=action][value=merge])")
    merge.locator("input[name=into]").fill(second["id"])
    merge.locator("input[name=note]").fill("one strike reported twice")
    merge.locator("button").click()
    page.wait_for_url(re.compile(f"/incidents/{second['id']}$"))
    merged = api(page, seeds_site, f"/api/v1/incidents/{second['id']}")["incident"]
    assert (merged["killed_min"], merged["killed_max"]) == (26, 54)  # the foreign ministry's 26 is now the lowest
    assert _range(watched) == "26–54"
    assert "killed 26 civilians" in page.locator("table.claims").inner_text()
    history = page.locator("table.history tbody tr").first
    assert "ana" in history.inner_text()
    assert "one strike reported twice" in history.inner_text()

    history.locator("button:has-text('Undo')").click()
    page.wait_for_load_state()
    page.goto(f"{seeds_site}/incidents/{second['id']}")
    assert _range(watched) == "30–54"
    assert "killed 26 civilians" not in page.locator("table.claims").inner_text()
    page.goto(f"{seeds_site}/incidents/{first['id']}")
    assert _range(watched) == "26"
    assert watched.errors == []
    assert watched.dialogs == []
