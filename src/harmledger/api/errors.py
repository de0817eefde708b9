"""The one error handler: every error under /api is ``{"ok": false, "status", "error", "code"}``.

Pages get ``error.html`` with the same status and message (a 401 sends them to /login
instead). Coded harmledger errors keep their code and status (E601 not found, E602 bad
query, E603 not signed in, E604 not allowed, E605 no CSRF token, E606 a review action
that cannot be taken, E607 too many failed sign-ins); HTTP errors raised by the framework get
``HTTP<status>``; invalid parameters become one readable line naming each parameter.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from harmledger.errors import HarmledgerError, NotFoundError
from harmledger.web import render

logger = logging.getLogger(__name__)


class BadQueryError(HarmledgerError):
    """A query parameter the API cannot use; the message says how to write it."""

    code = "E602"


def install(app: FastAPI) -> None:
    """Route every error the app can raise through :func:`handle`."""
    for kind in (HarmledgerError, StarletteHTTPException, RequestValidationError, Exception):
        app.add_exception_handler(kind, handle)


def describe(exc: Exception) -> tuple[int, str, str]:
    """Status, message and code for any exception."""
    if isinstance(exc, HarmledgerError):
        status = getattr(exc, "status", 404 if isinstance(exc, NotFoundError) else 400)
        return status, exc.message, exc.code
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, str(exc.detail), f"HTTP{exc.status_code}"
    if isinstance(exc, RequestValidationError):
        problems = [f"{'.'.join(str(p) for p in err['loc'][1:]) or 'request'}: {err['msg']}" for err in exc.errors()]
        return 422, "invalid request: " + "; ".join(problems), "HTTP422"
    logger.exception("unexpected error", exc_info=exc)
    return 500, "internal error: the server log has the details", "HTTP500"


def _back_to(request: Request) -> str:
    """Where to return after signing in: the page itself, or for a form post the page it came from."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    same_site = referer.netloc == request.url.netloc and referer.path.startswith("/")
    return referer.path if same_site else "/"


async def handle(request: Request, exc: Exception) -> Response:
    status, message, code = describe(exc)
    if request.url.path.startswith("/api/"):
        body = {"ok": False, "status": status, "error": message, "code": code}
        return JSONResponse(body, status_code=status)
    if status == 401:  # a page that needs a signed-in user: sign in, then come back
        return RedirectResponse("/login?" + urlencode({"next": _back_to(request)}), status_code=303)
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)
