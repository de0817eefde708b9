"""The incident list (filtered, paged) and one incident with every claim beside its quote."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.api.dependencies import CursorDep, FilterDep, SessionDep, encode_cursor
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.serialize import killed_label
from harmledger.web import render
from harmledger.web.filters import bar_context
from harmledger.web.highlight import in_paragraph

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


@router.get("/incidents/{key}", response_class=HTMLResponse)
def incident_page(request: Request, session: SessionDep, key: str) -> HTMLResponse:
    row = queries.incident(session, key)
    if row is None:
        raise NotFoundError(f"no incident {key!r}: pick one from the list at /")
    links = sorted(row.links, key=lambda k: (k.claim.subset_of is not None, k.claim.claimant or "", k.claim_id))
    evidence = [(link, in_paragraph(link.claim.article.text, link.claim.start, link.claim.end)) for link in links]
    claimants = sorted({link.claim.claimant or "not stated" for link in links})
    context = {"incident": row, "evidence": evidence, "killed": killed_label(row), "claimants": claimants}
    return render(request, "incident.html", context)
