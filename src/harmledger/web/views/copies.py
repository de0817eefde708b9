"""Copies on the pages (issue 9): the copy groups for a human to check, and what the includes show.

``_copies.html`` (on an incident page) lists the outlets that also carried its reports;
``_article_copies.html`` (on an article page) says what the article copies and what copies
it, with, for analysts, the form that detaches a wrong member from its group.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import object_session

from harmledger.api.dependencies import SessionDep
from harmledger.ledger import copy_groups, queries
from harmledger.ledger.serialize import carriers, outlet_count
from harmledger.ledger.tables import ArticleRow, DecisionRow
from harmledger.web import render, templates

router = APIRouter()
PAGE_SIZE = 50


def detached_by(article: ArticleRow) -> DecisionRow | None:
    """The ``detach`` decision in force for ``article`` (read in the page's own session), for its undo button."""
    session = object_session(article)
    row = queries.decision_in_force(session, "detach", article.content_hash) if session else None
    return row if row is not None and row.value is not None else None


templates.env.globals.update(carriers=carriers, outlet_count=outlet_count, detached_by=detached_by)


@router.get("/copies", response_class=HTMLResponse)
def list_copy_groups(
    request: Request, session: SessionDep, cursor: Annotated[int | None, Query(ge=1)] = None
) -> HTMLResponse:
    found = copy_groups.groups(session, limit=PAGE_SIZE, after=cursor)
    after = found[-1].original.id if len(found) == PAGE_SIZE else None
    next_url = str(request.url.include_query_params(cursor=after)) if after else None
    return render(request, "copies.html", {"groups": found, "next_url": next_url})
