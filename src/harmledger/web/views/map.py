"""The map: a marker per placed incident, sized by its killed range, over tiles or a plain background.

Tiles are drawn only when ``$HARMLEDGER_TILE_URL`` names a tile server (``{z}/{x}/{y}``
template); otherwise the map stays offline, with governorate names from the shipped
gazetteer for orientation. Leaflet is served from ``static/vendor/leaflet`` (``make``
installs it from npm).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.geo import default_geocoder
from harmledger.ledger import queries
from harmledger.web import STATIC_DIR, render
from harmledger.web.filters import bar_context

router = APIRouter()
LEAFLET = STATIC_DIR / "vendor" / "leaflet" / "leaflet.js"


@lru_cache(maxsize=1)
def _governorates() -> tuple[tuple[str, str, float, float], ...]:
    """Name, country and position of every ADM1 entry in the shipped gazetteer (read once)."""
    return tuple(
        (place.name, place.country, place.lat, place.lon)
        for place in default_geocoder().gazetteer
        if place.fcode == "ADM1" and place.lat is not None and place.lon is not None
    )


def governorate_labels(summary: queries.MapSummary) -> list[dict[str, Any]]:
    """Every governorate (ADM1) of the countries the incidents are in, with their incident count."""
    countries = set(summary.countries) or {"SY", "IQ"}
    return [
        {"name": name, "lat": lat, "lon": lon, "incidents": summary.per_admin1.get(name, 0)}
        for name, country, lat, lon in _governorates()
        if country in countries
    ]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: SessionDep, flt: FilterDep) -> HTMLResponse:
    """The page holds the filter and the incidents' bounds; map.js asks the API for what each view shows."""
    summary = queries.map_summary(session, flt)
    box = summary.box
    data = {
        "api": "/api/v1/incidents/map?" + urlencode(flt.params()),
        "bounds": None if box is None else [[box.south, box.west], [box.north, box.east]],
        "governorates": governorate_labels(summary),
        "tiles": os.environ.get("HARMLEDGER_TILE_URL") or None,
        "attribution": os.environ.get("HARMLEDGER_TILE_ATTRIBUTION", ""),
    }
    context = {
        **bar_context(session, flt, "/map"),
        "map_data": data,
        "unplaced": summary.matching - summary.placed,
        "leaflet": LEAFLET.exists(),
    }
    return render(request, "map.html", context)
