"""The filter bar shared by the list, the map and the timeline, and the totals line under it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from harmledger.ledger import queries
from harmledger.ledger.queries import IncidentFilter, Totals

VIEWS = (("/", "List"), ("/map", "Map"), ("/timeline", "Timeline"))
EXPORTS = ("csv", "geojson", "json")


def totals_sentence(totals: Totals) -> str:
    """ "between 1,204 and 1,873 civilians killed in 214 incidents", as plain text."""
    high = f"{totals.killed_max:,}" + ("+" if totals.open_ended else "")
    low = f"{totals.killed_min:,}"
    noun = "incident" if totals.incidents == 1 else "incidents"
    figure = low if low == high else f"between {low} and {high}"
    return f"{figure} civilians killed in {totals.incidents:,} {noun}"


def bar_context(session: Session, flt: IncidentFilter, path: str) -> dict[str, Any]:
    """What base.html needs to draw the filter bar, view links, export links and totals."""
    params = flt.params()
    query = urlencode(params)
    totals = queries.totals(session, flt)
    return {
        "filter": flt,
        "facets": queries.facets(session),
        "query": query,
        "views": [(href, label, href == path) for href, label in VIEWS],
        "exports": [(fmt, f"/api/v1/exports/incidents.{fmt}" + (f"?{query}" if query else "")) for fmt in EXPORTS],
        "totals": totals,
        "totals_sentence": totals_sentence(totals),
        "filtered": bool(params),
    }
