"""Driving the pages in a real browser: the app served from a background thread, and the system Chromium.

Used by the browser tests, ``scripts/screenshots.py`` and ``benchmarks/bench_api.py``. The
server is the one ``harmledger serve`` runs (uvicorn over :func:`create_app`), on a free
port of 127.0.0.1, so a page loads exactly as a reader's would: real HTTP, real cookies,
the Content-Security-Policy enforced by the browser. Chromium is the system's (Debian's
``chromium`` package): nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from harmledger.api import create_app

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--no-sandbox"]  # CI runs as root in a container, where Chromium's sandbox cannot start


def find_chromium() -> str | None:
    """The path of a Chromium-family browser: ``$CHROMIUM`` if set, else the first on ``$PATH``."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named) or (named if os.access(named, os.X_OK) else None)
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


@contextmanager
def serving(db_url: str, *, timeout_s: float = 20.0) -> Iterator[str]:
    """Serve the ledger at ``db_url`` in a background thread for the ``with`` block; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(db_url)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server for {db_url} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)
        sock.close()
        app.state.ledger.close()


__all__ = ["CHROMIUM_ARGS", "find_chromium", "serving"]
