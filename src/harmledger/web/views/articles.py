"""One article with every claim read from it highlighted in its text."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.api.dependencies import SessionDep
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.tables import ClaimRow
from harmledger.web import render
from harmledger.web.highlight import Marked, mark

router = APIRouter()


def _reading(claim: ClaimRow) -> str:
    if claim.qualifier == "vague":
        figure = claim.vague_term or "vague"
    elif claim.max is None:
        figure = f"{claim.min}+"
    elif claim.min is None:
        figure = f"up to {claim.max}"
    else:
        figure = str(claim.min) if claim.min == claim.max else f"{claim.min}–{claim.max}"
    return f"{claim.outcome}: {figure} ({claim.claimant or 'no claimant'})"


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, session: SessionDep, article_id: int) -> HTMLResponse:
    row = queries.article(session, article_id)
    if row is None:
        raise NotFoundError(f"no article {article_id}: articles are linked from each incident's claims")
    claims = sorted(row.claims, key=lambda c: c.start)
    spans = [Marked(c.start, c.end, _reading(c)) for c in claims]
    context = {"article": row, "body": mark(row.text, spans), "claims": claims, "reading": _reading}
    return render(request, "article.html", context)
