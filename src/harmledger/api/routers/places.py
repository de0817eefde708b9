"""Places: where the filtered incidents happened, with counts and killed ranges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.ledger import queries

router = APIRouter(prefix="/places", tags=["places"])


@router.get("")
def list_places(session: SessionDep, flt: FilterDep) -> dict[str, Any]:
    """Distinct places of matching incidents, most incidents first, with sums of min and max killed."""
    rows = queries.places(session, flt)
    return {"ok": True, "count": len(rows), "places": rows}
