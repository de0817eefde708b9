"""REST API v1: incidents, one incident with its claims, tallies and articles, as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from harmledger.ledger import Ledger
from harmledger.ledger.serialize import article_dict, claim_dict, incident_dict

router = APIRouter(tags=["ledger"])


def _ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


@router.get("/incidents")
def list_incidents(request: Request) -> dict[str, Any]:
    """Every incident, newest first, without its claims."""
    rows = _ledger(request).incidents()
    return {"ok": True, "count": len(rows), "incidents": [incident_dict(r, with_claims=False) for r in rows]}


@router.get("/incidents/{key}")
def get_incident(request: Request, key: str) -> dict[str, Any]:
    """One incident with every claim, its quote, claimant and the reason it was linked."""
    return {"ok": True, "incident": incident_dict(_ledger(request).incident(key))}


@router.get("/tallies")
def list_tallies(request: Request) -> dict[str, Any]:
    """Cumulative tallies, kept apart from incidents and never summed with them."""
    rows = _ledger(request).incidents("tally")
    return {"ok": True, "count": len(rows), "tallies": [incident_dict(r) for r in rows]}


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: int) -> dict[str, Any]:
    """One stored article, its text and the claims read from it."""
    row = _ledger(request).article(article_id)
    return {
        "ok": True,
        "article": {**article_dict(row), "text": row.text},
        "claims": [{k: v for k, v in claim_dict(c).items() if k != "article"} for c in row.claims],
    }
