"""Cumulative tallies, kept apart from incidents and never summed with them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from harmledger.api.dependencies import SessionDep
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.serialize import incident_dict

router = APIRouter(prefix="/tallies", tags=["tallies"])


@router.get("")
def list_tallies(session: SessionDep) -> dict[str, Any]:
    """Every cumulative tally with its claims ("1,200 civilians killed since 2014")."""
    rows = queries.tallies(session)
    return {"ok": True, "count": len(rows), "tallies": [incident_dict(row) for row in rows]}


@router.get("/{key}")
def get_tally(session: SessionDep, key: str) -> dict[str, Any]:
    """One tally with every claim."""
    row = queries.tally(session, key)
    if row is None:
        raise NotFoundError(f"no tally {key!r}: list them at /api/v1/tallies")
    return {"ok": True, "tally": incident_dict(row)}
