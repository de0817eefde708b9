"""Sign in and sign out. The form posts carry the session's CSRF token like every other form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from harmledger.api.dependencies import get_ledger
from harmledger.api.security import CsrfDep, current_user, sign_in, sign_out
from harmledger.api.throttle import authenticate
from harmledger.web import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``, ``https://…``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False, "username": ""})


@router.post("/login", response_model=None, dependencies=[CsrfDep])
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> HTMLResponse | RedirectResponse:
    user = authenticate(request, get_ledger(request), username, password)
    if user is None:
        context = {"next": _safe_next(next), "failed": True, "username": username}
        return render(request, "login.html", context, status_code=401)
    sign_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep])
def logout(request: Request) -> RedirectResponse:
    was = current_user(request)
    sign_out(request)
    return RedirectResponse("/" if was else "/login", status_code=303)
