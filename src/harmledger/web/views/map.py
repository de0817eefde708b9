"""The map: a marker per placed incident, sized by its killed range, over tiles or a plain background.

Tiles are drawn only when ``$HARMLEDGER_TILE_URL`` names a tile server (``{z}/{x}/{y}``
template); otherwise the map stays offline, with governorate names from the shipped
gazetteer for orientation. Leaflet is served from ``static/vendor/leaflet`` (``make``
installs it from npm).
"""

from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.geo import default_geocoder
from harmledger.ledger import queries
from harmledger.ledger.serialize import killed_label
from harmledger.ledger.tables import IncidentRow
from harmledger.web import STATIC_DIR, render
from harmledger.web.filters import bar_context

router = APIRouter()
LEAFLET = STATIC_DIR / "vendor" / "leaflet" / "leaflet.js"


def _marker(row: IncidentRow) -> dict[str, Any]:
    return {
        "id": row.key,
        "lat": row.lat,
        "lon": row.lon,
        "place": row.place,
        "date": row.date,
        "killed": killed_label(row),
        "min": row.killed_min or 0,
        "max": row.killed_max or 0,
        "grade": row.grade,
        "precision": row.precision,
    }


@lru_cache(maxsize=1)
def _governorates() -> tuple[tuple[str, str, float, float], ...]:
    """Name, country and position of every ADM1 entry in the shipped gazetteer (read once)."""
    return tuple(
        (place.name, place.country, place.lat, place.lon)
        for place in default_geocoder().gazetteer
        if place.fcode == "ADM1" and place.lat is not None and place.lon is not None
    )


def governorate_labels(rows: list[IncidentRow]) -> list[dict[str, Any]]:
    """Every governorate (ADM1) of the countries the incidents are in, with their incident count."""
    countries = {row.country for row in rows if row.country} or {"SY", "IQ"}
    counts = Counter(row.admin1 for row in rows if row.admin1)
    return [
        {"name": name, "lat": lat, "lon": lon, "incidents": counts.get(name, 0)}
        for name, country, lat, lon in _governorates()
        if country in countries
    ]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: SessionDep, flt: FilterDep) -> HTMLResponse:
    rows = queries.incidents(session, flt)
    placed = [row for row in rows if row.lat is not None and row.lon is not None]
    data = {
        "incidents": [_marker(row) for row in placed],
        "governorates": governorate_labels(rows),
        "tiles": os.environ.get("HARMLEDGER_TILE_URL") or None,
        "attribution": os.environ.get("HARMLEDGER_TILE_ATTRIBUTION", ""),
    }
    context = {
        **bar_context(session, flt, "/map"),
        "map_data": data,
        "unplaced": len(rows) - len(placed),
        "leaflet": LEAFLET.exists(),
    }
    return render(request, "map.html", context)
