"""Incidents: a filtered, paged list, what the map draws of them, and one incident with all its evidence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from harmledger.api.dependencies import CursorDep, FilterDep, LimitDep, SessionDep, encode_cursor
from harmledger.api.errors import BadQueryError
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.serialize import incident_dict, killed_label
from harmledger.ledger.tables import IncidentRow

router = APIRouter(prefix="/incidents", tags=["incidents"])
MAX_MARKERS = 800  # more placed incidents than this in view are drawn as clusters
CELL_PX = 64  # a cluster gathers the incidents of a square this many screen pixels wide
Degrees = Annotated[float | None, Query(ge=-180, le=180)]


@router.get("")
def list_incidents(
    request: Request, session: SessionDep, flt: FilterDep, limit: LimitDep, cursor: CursorDep
) -> dict[str, Any]:
    """Incidents matching the filter, newest first, without their claims; follow ``next`` for more."""
    page, total = queries.incident_page_with_total(session, flt, limit=limit, after=cursor)
    token = encode_cursor(page.next) if page.next else None
    return {
        "ok": True,
        "count": len(page.rows),
        "total": total,
        "next_cursor": token,
        "next": str(request.url.include_query_params(cursor=token)) if token else None,
        "incidents": [incident_dict(row, with_claims=False) for row in page.rows],
    }


def marker(row: IncidentRow) -> dict[str, Any]:
    """What the map shows of one incident: where, when, its killed range (which sizes the circle) and grade."""
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


def cell_degrees(zoom: int) -> float:
    """The width in degrees of CELL_PX pixels at ``zoom`` (256-pixel Web Mercator tiles, at the equator)."""
    return CELL_PX * 360.0 / (256.0 * 2.0**zoom)


@router.get("/map")
def map_view(
    *,
    session: SessionDep,
    flt: FilterDep,
    zoom: Annotated[int, Query(ge=0, le=20, description="The map's zoom: sets the cluster grid.")] = 6,
    south: Degrees = None,
    west: Degrees = None,
    north: Degrees = None,
    east: Degrees = None,
) -> dict[str, Any]:
    """Placed incidents in a map view: each as a marker, or clustered on a grid when more than MAX_MARKERS.

    ``south``, ``west``, ``north``, ``east`` (all four or none) restrict it to a view. The clusters
    are counted first: their sum is the number in view, so one grouped scan both decides and draws.
    """
    sides = (south, west, north, east)
    if any(side is None for side in sides) and any(side is not None for side in sides):
        raise BadQueryError("give all four of south, west, north and east (degrees), or none of them")
    box = None if south is None else queries.Box(*(float(side or 0) for side in sides))
    cells = queries.clusters(session, flt, box, cell_degrees(zoom))
    count = sum(cell.incidents for cell in cells)
    clustered = count > MAX_MARKERS
    return {
        "ok": True,
        "count": count,
        "clustered": clustered,
        "markers": [] if clustered else [marker(row) for row in queries.placed_incidents(session, flt, box)],
        "clusters": [asdict(cell) for cell in cells] if clustered else [],
    }


@router.get("/{key}")
def get_incident(session: SessionDep, key: str) -> dict[str, Any]:
    """One incident with every claim: its quote, claimant, relay, place, article and why it was linked."""
    row = queries.incident(session, key)
    if row is None:
        raise NotFoundError(f"no incident {key!r}: list them at /api/v1/incidents")
    return {"ok": True, "incident": incident_dict(row)}
