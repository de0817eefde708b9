"""Sign-in sessions and CSRF protection for the review workbench.

A session is a signed cookie (itsdangerous, key from ``$HARMLEDGER_SECRET`` or generated
once into ``$HARMLEDGER_HOME/secret_key``) holding the user name, a fingerprint of their
password hash (so a changed password or a removed account ends every session) and a
per-session CSRF token. The cookie is HttpOnly, SameSite=Lax, and Secure whenever the
request came over https (behind a proxy, run uvicorn with ``--proxy-headers``).

Every POST passes :func:`check_csrf`: the token from the form field ``csrf_token`` or the
``X-CSRF-Token`` header must equal the session's. The one exception is the JSON sign-in
``POST /api/v1/session``, which takes no cookie and only ``application/json``, a body no
cross-site form can send.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from harmledger.errors import HarmledgerError
from harmledger.geo.overlay import harmledger_home
from harmledger.ledger import Ledger
from harmledger.ledger.users import User, Users

logger = logging.getLogger(__name__)

COOKIE = "harmledger_session"
MAX_AGE = 12 * 3600  # a session lasts a working day
ENV_SECRET = "HARMLEDGER_SECRET"  # noqa: S105 - the name of a variable, not a secret
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class NotSignedInError(HarmledgerError):
    code = "E603"
    status = 401


class ForbiddenError(HarmledgerError):
    code = "E604"
    status = 403


class CsrfError(HarmledgerError):
    code = "E605"
    status = 403


def secret_key(home: Path | None = None) -> str:
    """``$HARMLEDGER_SECRET``, else the key in ``$HARMLEDGER_HOME/secret_key``, written (mode 600) on first use."""
    value = os.environ.get(ENV_SECRET)
    if value:
        return value
    path = (home or harmledger_home()) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48))
    logger.info("generated a session key in %s", path)
    return path.read_text(encoding="utf-8").strip()


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret, salt="harmledger-session")


def session_data(request: Request) -> dict[str, Any]:
    """The request's session (read once from the cookie); changes are written back by :func:`session_middleware`."""
    data: dict[str, Any] = request.state.session
    return data


async def session_middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Read the session cookie before the route, write it back after when the route changed it."""
    data: dict[str, Any] = {}
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data = dict(_serializer(request).loads(raw, max_age=MAX_AGE))
        except BadSignature:
            data = {}
    request.state.session = data
    before = dict(data)
    response = await call_next(request)
    if request.state.session != before:
        if request.state.session:
            token = _serializer(request).dumps(request.state.session)
            secure = request.url.scheme == "https"
            response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure, path="/")
        else:
            response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    data = session_data(request)
    if "csrf" not in data:
        data["csrf"] = secrets.token_urlsafe(32)
    token: str = data["csrf"]
    return token


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` with a new CSRF token (none carried over from before)."""
    request.state.session.clear()
    request.state.session.update({"user": user.name, "fp": user.fingerprint, "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    request.state.session.clear()


def current_user(request: Request) -> User | None:
    """The signed-in user, or None; a removed account or a changed password ends the session."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    data = getattr(request.state, "session", {})
    user = None
    if data.get("user"):
        ledger: Ledger = request.app.state.ledger
        found = Users(ledger).get(str(data["user"]))
        user = found if found is not None and hmac.compare_digest(found.fingerprint, str(data.get("fp"))) else None
    request.state.user = user
    return user


async def check_csrf(request: Request) -> None:
    """Refuse a POST whose CSRF token (form field or header) is not this session's."""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    expected = session_data(request).get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfError("this form is stale or did not come from harmledger (no valid CSRF token): reload and retry")


def require_analyst(request: Request) -> User:
    """The signed-in analyst or admin, else 401 (not signed in) or 403 (a viewer)."""
    user = current_user(request)
    if user is None:
        raise NotSignedInError("sign in as an analyst to review: /login")
    if not user.can("analyst"):
        raise ForbiddenError(f"{user.name} is a {user.role}: only analysts and admins can record decisions")
    return user


AnalystDep = Annotated[User, Depends(require_analyst)]
CsrfDep = Depends(check_csrf)

__all__ = [
    "COOKIE",
    "AnalystDep",
    "CsrfDep",
    "CsrfError",
    "ForbiddenError",
    "NotSignedInError",
    "check_csrf",
    "csrf_token",
    "current_user",
    "require_analyst",
    "secret_key",
    "session_middleware",
    "sign_in",
    "sign_out",
]
