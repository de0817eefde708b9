"""The web application: one FastAPI app, the JSON API under /api/v1 and the pages beside it.

Errors have one shape. Under ``/api`` every error is JSON ``{"ok": false, "status",
"error", "code"}``; pages render ``error.html`` with the same message.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from harmledger.api.routes import router as api_router
from harmledger.errors import HarmledgerError, NotFoundError
from harmledger.ledger import Ledger
from harmledger.web import STATIC_DIR, render
from harmledger.web.pages import router as page_router


def create_app(db_url: str | None = None) -> FastAPI:
    """The app serving the ledger at ``db_url`` (default ``$HARMLEDGER_DB`` or ./harmledger.db)."""
    app = FastAPI(title="harmledger", version="1", docs_url="/docs", openapi_url="/api/v1/openapi.json")
    app.state.ledger = Ledger(db_url)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(HarmledgerError, _on_error)
    app.add_exception_handler(StarletteHTTPException, _on_error)
    return app


async def _on_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StarletteHTTPException):
        status, message, code = exc.status_code, str(exc.detail), f"HTTP{exc.status_code}"
    else:
        assert isinstance(exc, HarmledgerError)
        status = 404 if isinstance(exc, NotFoundError) else 400
        message, code = exc.message, exc.code
    if request.url.path.startswith("/api/"):
        body = {"ok": False, "status": status, "error": message, "code": code}
        return JSONResponse(body, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)
