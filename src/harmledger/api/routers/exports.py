"""Exports of any filtered view as CSV, GeoJSON or JSON (the same files as ``harmledger export``)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.ledger import queries
from harmledger.ledger.export import EXPORTERS

router = APIRouter(prefix="/exports", tags=["exports"])

MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "json": "application/json"}


@router.get("/incidents.{fmt}")
def export_incidents(session: SessionDep, flt: FilterDep, fmt: Literal["csv", "geojson", "json"]) -> Response:
    """Every incident matching the filter (no paging), as a file to download."""
    body = EXPORTERS[fmt](queries.incidents(session, flt))
    headers = {"Content-Disposition": f'attachment; filename="harmledger-incidents.{fmt}"'}
    return Response(body, media_type=MEDIA[fmt], headers=headers)
