"""Articles: the stored reports, newest stored first, and one with its text and claims."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from harmledger.api.dependencies import LimitDep, SessionDep
from harmledger.errors import NotFoundError
from harmledger.ledger import queries
from harmledger.ledger.serialize import article_dict, claim_dict

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("")
def list_articles(
    request: Request,
    session: SessionDep,
    limit: LimitDep,
    cursor: Annotated[int | None, Query(ge=1, description="next_cursor of the previous page.")] = None,
) -> dict[str, Any]:
    """Stored articles without their text, each with its number of claims; follow ``next`` for more."""
    rows, after = queries.articles(session, limit=limit, before=cursor)
    return {
        "ok": True,
        "count": len(rows),
        "next_cursor": after,
        "next": str(request.url.include_query_params(cursor=after)) if after else None,
        "articles": [{**article_dict(row), "claim_count": claims} for row, claims in rows],
    }


@router.get("/{article_id}")
def get_article(session: SessionDep, article_id: int) -> dict[str, Any]:
    """One stored article, its text and the claims read from it, each with its incident."""
    row = queries.article(session, article_id)
    if row is None:
        raise NotFoundError(f"no article {article_id}: list them at /api/v1/articles")
    claims = []
    for claim in row.claims:
        data = {k: v for k, v in claim_dict(claim).items() if k != "article"}
        data["incident"] = claim.link.incident.key if claim.link and claim.link.incident else None
        claims.append(data)
    return {"ok": True, "article": {**article_dict(row), "text": row.text}, "claims": claims}
