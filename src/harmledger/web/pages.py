"""The pages: the incident list, an incident with its evidence, an article with its claims."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.ledger import Ledger
from harmledger.ledger.serialize import killed_label
from harmledger.web import render
from harmledger.web.highlight import Marked, in_paragraph, mark

router = APIRouter(include_in_schema=False)


def _ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


@router.get("/", response_class=HTMLResponse)
def incident_list(request: Request) -> HTMLResponse:
    ledger = _ledger(request)
    rows = ledger.incidents()
    low = sum(r.killed_min or 0 for r in rows)
    high = sum(r.killed_max or 0 for r in rows)
    context = {
        "incidents": rows,
        "tallies": ledger.incidents("tally"),
        "killed_label": killed_label,
        "total_low": low,
        "total_high": high,
    }
    return render(request, "incidents.html", context)


@router.get("/incidents/{key}", response_class=HTMLResponse)
def incident_page(request: Request, key: str) -> HTMLResponse:
    row = _ledger(request).incident(key)
    links = sorted(row.links, key=lambda k: (k.claim.subset_of is not None, k.claim.claimant or "", k.claim_id))
    evidence = [(link, in_paragraph(link.claim.article.text, link.claim.start, link.claim.end)) for link in links]
    return render(request, "incident.html", {"incident": row, "evidence": evidence, "killed": killed_label(row)})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> HTMLResponse:
    row = _ledger(request).article(article_id)
    spans = [
        Marked(c.start, c.end, f"{c.outcome}: {c.min}–{c.max} ({c.claimant or 'no claimant'})") for c in row.claims
    ]
    return render(request, "article.html", {"article": row, "body": mark(row.text, spans)})
