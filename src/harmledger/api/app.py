"""The web application: one FastAPI app, the JSON API under /api/v1 and the pages beside it.

Errors have one shape (:mod:`harmledger.api.errors`): JSON ``{"ok": false, "status",
"error", "code"}`` under ``/api``, ``error.html`` with the same message elsewhere.
"""

from __future__ import annotations

import gc

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from harmledger.api import errors, security
from harmledger.api.headers import security_headers
from harmledger.api.routers import router as api_router
from harmledger.api.security import secret_key
from harmledger.api.throttle import LoginThrottle
from harmledger.ledger import Ledger
from harmledger.web import STATIC_DIR
from harmledger.web.views import router as page_router

DESCRIPTION = """JSON over a harmledger ledger. Every figure is a claim traced to its quote.

Incident lists, places, totals, time series and exports take the same filters
(`date_from`, `date_to`, `admin1`, `place`, `perpetrator`, `grade`, `min_killed`, `q`).
Errors are `{"ok": false, "status", "error", "code"}`. See docs/api.md.

Reading needs no account. Review actions (`POST /decisions`) need an analyst's session:
`POST /session` with `{"username", "password"}` sets the cookie and returns a `csrf_token`
to send as `X-CSRF-Token` on every later POST. See docs/workbench.md.
"""


def create_app(db_url: str | None = None) -> FastAPI:
    """The app serving the ledger at ``db_url`` (default ``$HARMLEDGER_DB`` or ./harmledger.db)."""
    app = FastAPI(
        title="harmledger",
        version="1",
        description=DESCRIPTION,
        docs_url=None,  # /docs is served by harmledger.web.views.apidocs with a local Swagger UI
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.ledger = Ledger(db_url)
    app.state.secret = secret_key()
    app.state.login_throttle = LoginThrottle()
    app.middleware("http")(security.session_middleware)
    app.middleware("http")(security_headers)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    return app


def settle() -> None:
    """Hide every object alive now from the garbage collector, once the app is built (``serve`` calls it).

    The app starts with ~150k objects that live as long as it does (the gazetteer, SQLAlchemy's
    mappings, the OpenAPI schema). Every full collection walked them all: 60–70 ms, twice in 30
    calls of the heaviest incident list, which set that list's p95. Frozen, they are never walked;
    anything they free later is still freed by reference counting.
    """
    gc.collect()
    gc.freeze()
