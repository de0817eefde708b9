"""Fetch one http(s) URL, with a timeout and a size cap, into memory.

The standard library's urllib, so that ingest needs no HTTP client beyond Python. Every
failure (DNS, refused connection, timeout, HTTP error status, an oversized body) is one
:class:`FetchError` naming the URL and what to do. A poller passes the validators of its
last fetch (``If-None-Match``, ``If-Modified-Since``); "304 Not Modified" is then an
answer, an empty :class:`Fetched` with ``status`` 304, not a failure.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from harmledger import __version__
from harmledger.errors import FetchError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
MAX_BYTES = 50_000_000
_USER_AGENT = f"harmledger/{__version__} (+civilian-harm ledger; polite single fetch)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body, the URL it finally came from (after redirects), and its validators."""

    url: str
    body: bytes
    content_type: str | None
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


def is_url(source: str) -> bool:
    """Whether a source names an http(s) URL rather than a path."""
    return urlsplit(source).scheme.lower() in {"http", "https"}


def fetch_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES, headers: Mapping[str, str] | None = None
) -> Fetched:
    """GET ``url`` (plus request ``headers``); raise :class:`FetchError` on any failure, never a network error."""
    if not is_url(url):
        raise FetchError("is not an http(s) URL; give a path or an http(s) address", source=url)
    sent = {"User-Agent": _USER_AGENT, **(headers or {})}
    request = urllib.request.Request(url, headers=sent)  # noqa: S310  # scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # scheme checked above
            body = response.read(max_bytes + 1)
            final_url, content_type = response.geturl(), response.headers.get_content_type()
            etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            logger.debug("%s: not modified", url)
            return Fetched(url=url, body=b"", content_type=None, status=304)
        raise FetchError(f"HTTP {exc.code} {exc.reason}; check the address", source=url) from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"could not be fetched ({reason}); check the address and the network", source=url) from exc
    if len(body) > max_bytes:
        raise FetchError(f"is larger than {max_bytes} bytes; download it and pass the file", source=url)
    logger.debug("fetched %s: %d bytes, %s", final_url, len(body), content_type)
    return Fetched(url=final_url, body=body, content_type=content_type, etag=etag, last_modified=last_modified)
