"""Copy groups (issue 9): syndicated and rewritten articles, each group with its presumed original."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from harmledger.api.dependencies import LimitDep, SessionDep
from harmledger.ledger import copy_groups
from harmledger.ledger.serialize import group_dict

router = APIRouter(prefix="/copies", tags=["copies"])


@router.get("")
def list_copies(
    request: Request,
    session: SessionDep,
    limit: LimitDep,
    cursor: Annotated[int | None, Query(ge=1, description="next_cursor of the previous page.")] = None,
) -> dict[str, Any]:
    """Groups of full copies and republications, by their original's id: the original, then each member by date.

    Each member has its kind (``full``, or ``identical`` for a republication: the very text
    under another outlet, URL or title, with ``id`` null) and similarity. A member's claims
    are kept and shown with their incident, but counted once, as the original's. An analyst
    who finds a wrong member detaches it with a ``detach`` decision.
    """
    found = copy_groups.groups(session, limit=limit, after=cursor)
    after = found[-1].original.id if len(found) == limit else None
    return {
        "ok": True,
        "count": len(found),
        "next_cursor": after,
        "next": str(request.url.include_query_params(cursor=after)) if after else None,
        "groups": [group_dict(group) for group in found],
    }
