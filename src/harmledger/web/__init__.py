"""Stage 6, web: server-rendered pages (Jinja2) and the static files they use, all served locally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

STATIC_DIR = Path(__file__).parent / "static"


def _signed_in(request: Request) -> dict[str, Any]:
    """Every page knows who is signed in and this session's CSRF token, for the header and the forms."""
    from harmledger.api.security import csrf_token, current_user  # noqa: PLC0415 - security imports the ledger

    if not hasattr(request.state, "session"):  # a page rendered outside the app's middleware (an early error)
        return {"user": None, "csrf_token": lambda: ""}
    # A callable, so that only pages with a form give an anonymous reader a session cookie.
    return {"user": current_user(request), "csrf_token": lambda: csrf_token(request)}


templates = Jinja2Templates(directory=Path(__file__).parent / "templates", context_processors=[_signed_in])


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


__all__ = ["STATIC_DIR", "render", "templates"]
