"""Security headers on every response: report text is untrusted, so the browser is told to run nothing else.

Article text and titles are escaped by the templates; the Content-Security-Policy is the
second line of defence: only scripts and styles served by harmledger itself run, no
inline script, no plugin, no framing. The Swagger UI page needs one inline script to
start, so ``/docs`` alone allows it. A configured tile server (``$HARMLEDGER_TILE_URL``)
is the one foreign origin images may come from.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import Request, Response

_DOCS_PATHS = ("/docs",)


def _tile_origin(template: str) -> str:
    """The origin of a tile URL template; Leaflet's ``{s}`` subdomain becomes a wildcard."""
    parts = urlsplit(template.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(path: str) -> str:
    """The policy for a response to ``path``."""
    tiles = os.environ.get("HARMLEDGER_TILE_URL")
    images = "'self' data:" + (f" {_tile_origin(tiles)}" if tiles else "")
    docs = path in _DOCS_PATHS
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'" if docs else "script-src 'self'",
            "style-src 'self' 'unsafe-inline'" if docs else "style-src 'self'",
            f"img-src {images}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", content_security_policy(request.url.path))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
