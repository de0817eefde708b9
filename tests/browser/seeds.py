"""Finding the gold incidents of the founding reports among what the ledger made of them."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page


def api(page: Page, base: str, path: str) -> dict[str, Any]:
    response = page.request.get(base + path)
    assert response.ok, (path, response.status)
    body: dict[str, Any] = response.json()
    return body


def incident_with(page: Page, base: str, quotes: list[str]) -> dict[str, Any]:
    """The stored incident holding a claim for each of ``quotes`` (exact gold quotes)."""
    for row in api(page, base, "/api/v1/incidents?limit=500")["incidents"]:
        incident: dict[str, Any] = api(page, base, f"/api/v1/incidents/{row['id']}")["incident"]
        held = [claim["quote"] for claim in incident["claims"]]
        if all(any(quote in text or text in quote for text in held) for quote in quotes):
            return incident
    raise AssertionError(f"no incident holds all of {quotes}")


def gold_quotes(gold: dict[str, Any], incident: str, claimant: str | None = None) -> list[str]:
    return [
        claim["quote"]
        for document in gold["documents"]
        for claim in document["claims"]
        if claim["incident"] == incident and (claimant is None or claim.get("claimant") == claimant)
    ]
