"""Review over JSON: sign in for a session cookie, record decisions, undo them, read an incident's history.

Authentication is the session cookie that ``POST /session`` sets (the same as the pages');
every other POST also sends the session's CSRF token in an ``X-CSRF-Token`` header, as
returned by ``POST /session`` and ``GET /session``. Viewers may read; analysts and admins
may record decisions. Errors keep the API's one shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from harmledger.api import review
from harmledger.api.dependencies import SessionDep, get_ledger
from harmledger.api.security import (
    AnalystDep,
    CsrfDep,
    NotSignedInError,
    csrf_token,
    current_user,
    sign_in,
    sign_out,
)
from harmledger.api.throttle import authenticate
from harmledger.errors import NotFoundError
from harmledger.geo import default_geocoder
from harmledger.ledger import Ledger, queries

router = APIRouter(tags=["review"])
LedgerDep = Annotated[Ledger, Depends(get_ledger)]


class Credentials(BaseModel):
    username: str
    password: str


class Decision(BaseModel):
    action: str = Field(description="reject, accept, move, merge, split, correct or note.")
    target: str = Field(description="A claim key (reject, accept, move) or an incident key (the others).")
    value: dict[str, Any] = Field(default_factory=dict, description="What the action needs; see docs/workbench.md.")
    note: str | None = Field(default=None, description="Why, in a sentence; kept with the decision.")


class Undo(BaseModel):
    note: str | None = None


def _session_body(request: Request) -> dict[str, Any]:
    user = current_user(request)
    if user is None:
        return {"ok": True, "user": None, "role": None, "csrf_token": csrf_token(request)}
    return {"ok": True, "user": user.name, "role": user.role, "csrf_token": csrf_token(request)}


@router.post("/session")
def create_session(request: Request, ledger: LedgerDep, credentials: Credentials) -> dict[str, Any]:
    """Sign in: sets the session cookie and returns the CSRF token to send as ``X-CSRF-Token``."""
    user = authenticate(request, ledger, credentials.username, credentials.password)
    if user is None:
        raise NotSignedInError("wrong user name or password")
    sign_in(request, user)
    request.state.user = user
    return _session_body(request)


@router.get("/session")
def read_session(request: Request) -> dict[str, Any]:
    """Who is signed in (``user`` null when nobody), and this session's CSRF token."""
    return _session_body(request)


@router.delete("/session", dependencies=[CsrfDep])
def delete_session(request: Request) -> dict[str, Any]:
    """Sign out: the cookie is cleared."""
    sign_out(request)
    return {"ok": True}


@router.post("/decisions", dependencies=[CsrfDep])
def create_decision(ledger: LedgerDep, user: AnalystDep, decision: Decision) -> dict[str, Any]:
    """Record a review action (analysts and admins); returns the decisions written and the incident to look at."""
    done = review.perform(ledger, user, decision.action, decision.target, decision.value, note=decision.note)
    return {"ok": True, "decisions": done.decisions, "incident": done.incident}


@router.post("/decisions/{decision_id}/undo", dependencies=[CsrfDep])
def undo_decision(ledger: LedgerDep, user: AnalystDep, decision_id: int, body: Undo | None = None) -> dict[str, Any]:
    """Undo a decision that is still in force, by recording the value it replaced (itself audited)."""
    done = review.undo(ledger, user, decision_id, note=body.note if body else None)
    return {"ok": True, "decisions": done.decisions, "incident": done.incident}


@router.get("/incidents/{key}/history")
def incident_history(session: SessionDep, key: str) -> dict[str, Any]:
    """Decisions about the incident or its claims, newest first, each with the value before and after."""
    row = queries.incident(session, key) or queries.tally(session, key)
    if row is None:
        raise NotFoundError(f"no incident {key!r}: list them at /api/v1/incidents")
    claims = [queries.claim_key_of(link.claim) for link in row.links]
    return {"ok": True, "history": [entry_dict(e) for e in queries.history(session, key, claims)]}


@router.get("/gazetteer")
def lookup_place(
    name: Annotated[str, Query(min_length=1, description="A place name, in any spelling the gazetteer knows.")],
    country: Annotated[str | None, Query(description="ISO country code, e.g. SY.")] = None,
) -> dict[str, Any]:
    """Gazetteer entries the name may mean, best first: pick one's ``geonames_id`` for a place correction."""
    found = default_geocoder().lookup(name, country=country or None)[:20]
    return {"ok": True, "count": len(found), "places": [c.to_json() for c in found]}


def entry_dict(entry: queries.Entry) -> dict[str, Any]:
    row = entry.decision
    return {
        "id": row.id,
        "kind": row.kind,
        "target": row.target,
        "actor": row.actor,
        "at": row.at.isoformat(),
        "before": entry.before,
        "after": row.value,
        "note": row.note,
        "in_force": entry.newest,
    }
