"""Incidents: a filtered, paged list, and one incident with all its evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from harmledger.api.dependencies import CursorDep, FilterDep, LimitDep, SessionDep, encode_cursor
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.serialize import incident_dict

router = APIRouter(prefix="/incidents", tags=["incidents"])


@router.get("")
def list_incidents(
    request: Request, session: SessionDep, flt: FilterDep, limit: LimitDep, cursor: CursorDep
) -> dict[str, Any]:
    """Incidents matching the filter, newest first, without their claims; follow ``next`` for more."""
    page = queries.incident_page(session, flt, limit=limit, after=cursor)
    token = encode_cursor(page.next) if page.next else None
    return {
        "ok": True,
        "count": len(page.rows),
        "total": queries.totals(session, flt).incidents,
        "next_cursor": token,
        "next": str(request.url.include_query_params(cursor=token)) if token else None,
        "incidents": [incident_dict(row, with_claims=False) for row in page.rows],
    }


@router.get("/{key}")
def get_incident(session: SessionDep, key: str) -> dict[str, Any]:
    """One incident with every claim: its quote, claimant, relay, place, article and why it was linked."""
    row = queries.incident(session, key)
    if row is None:
        raise NotFoundError(f"no incident {key!r}: list them at /api/v1/incidents")
    return {"ok": True, "incident": incident_dict(row)}
