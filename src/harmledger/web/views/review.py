"""The review forms of an incident page: each posts here, is taken as ledger decisions, and returns to the page.

The work is in :mod:`harmledger.api.review`, shared with ``POST /api/v1/decisions``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from harmledger.api import review
from harmledger.api.dependencies import get_ledger
from harmledger.api.security import AnalystDep, CsrfDep
from harmledger.ledger.decisions import CORRECTABLE

router = APIRouter(dependencies=[CsrfDep])


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def form_value(action: str, form: FormData) -> dict[str, object]:
    """The decision value an incident page's form means; blank fields are left out."""
    if action == "move":
        return {"incident": _text(form, "incident")}
    if action == "merge":
        return {"into": _text(form, "into")}
    if action == "split":
        return {"claims": [v for v in form.getlist("claims") if isinstance(v, str)]}
    if action != "correct":
        return {}
    fields: dict[str, object] = {name: _text(form, name) for name in sorted(CORRECTABLE) if _text(form, name)}
    if _text(form, "figures"):  # the figures form: its checkbox is sent only when ticked
        fields["killed_max_open"] = bool(_text(form, "killed_max_open"))
    return fields


def _back(done: review.Done) -> RedirectResponse:
    return RedirectResponse(f"/incidents/{done.incident}" if done.incident else "/", status_code=303)


@router.post("/review")
async def take_action(request: Request, user: AnalystDep) -> RedirectResponse:
    form = await request.form()
    action = _text(form, "action")
    value = form_value(action, form)
    done = review.perform(get_ledger(request), user, action, _text(form, "target"), value, note=_text(form, "note"))
    return _back(done)


@router.post("/review/undo/{decision_id}")
async def undo(request: Request, user: AnalystDep, decision_id: int) -> RedirectResponse:
    form = await request.form()
    return _back(review.undo(get_ledger(request), user, decision_id, note=_text(form, "note")))
