"""The incident list (filtered, paged), one incident or tally with every claim beside its quote, its history
and, for analysts, its review forms."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from harmledger.api.dependencies import CursorDep, FilterDep, SessionDep, encode_cursor
from harmledger.errors import HarmledgerError, NotFoundError
from harmledger.geo import default_geocoder
from harmledger.geo.records import Candidate
from harmledger.ledger import queries
from harmledger.ledger.decisions import GRADES
from harmledger.ledger.serialize import killed_label
from harmledger.ledger.tables import IncidentRow, TallyRow
from harmledger.web import render
from harmledger.web.filters import bar_context
from harmledger.web.highlight import in_paragraph
from harmledger.web.history import describe

router = APIRouter()
PAGE_SIZE = 100


@router.get("/", response_class=HTMLResponse)
def incident_list(request: Request, session: SessionDep, flt: FilterDep, cursor: CursorDep) -> HTMLResponse:
    page = queries.incident_page(session, flt, limit=PAGE_SIZE, after=cursor)
    next_url = str(request.url.include_query_params(cursor=encode_cursor(page.next))) if page.next else None
    context = {
        **bar_context(session, flt, "/"),
        "incidents": page.rows,
        "next_url": next_url,
        "first_url": str(request.url.remove_query_params("cursor")) if cursor else None,
        "tallies": [] if cursor else queries.tallies(session),
        "killed_label": killed_label,
    }
    return render(request, "incidents.html", context)


def _summary_page(request: Request, session: Session, row: IncidentRow | TallyRow, place_q: str | None) -> HTMLResponse:
    links = sorted(row.links, key=lambda k: (k.claim.subset_of is not None, k.claim.claimant or "", k.claim_id))
    evidence = [
        (
            link,
            in_paragraph(link.claim.article.text, link.claim.start, link.claim.end),
            queries.claim_key_of(link.claim),
        )
        for link in links
    ]
    claimants = sorted({link.claim.claimant or "not stated" for link in links})
    history = queries.history(session, row.key, [key for _, _, key in evidence])
    context = {
        "incident": row,
        "evidence": evidence,
        "killed": killed_label(row),
        "claimants": claimants,
        "history": history,
        "describe": describe,
        "grades": GRADES,
        "place_q": (place_q or "").strip(),
        "candidates": _candidates(place_q),
    }
    return render(request, "incident.html", context)


def _candidates(name: str | None) -> list[Candidate]:
    """Gazetteer entries for the place search on an incident page (empty when nothing was asked)."""
    if not name or not name.strip():
        return []
    try:
        return default_geocoder().lookup(name.strip())[:12]
    except HarmledgerError:
        return []


@router.get("/incidents/{key}", response_class=HTMLResponse)
def incident_page(request: Request, session: SessionDep, key: str, place_q: str | None = None) -> HTMLResponse:
    row = queries.incident(session, key)
    if row is None:
        if queries.tally(session, key) is not None:
            return RedirectResponse(f"/tallies/{key}", status_code=307)  # type: ignore[return-value]
        raise NotFoundError(f"no incident {key!r}: pick one from the list at /")
    return _summary_page(request, session, row, place_q)


@router.get("/tallies/{key}", response_class=HTMLResponse)
def tally_page(request: Request, session: SessionDep, key: str) -> HTMLResponse:
    row = queries.tally(session, key)
    if row is None:
        raise NotFoundError(f"no tally {key!r}: tallies are listed under the incidents at /")
    return _summary_page(request, session, row, None)
