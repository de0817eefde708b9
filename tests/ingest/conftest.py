"""Fixtures for the ingest tests: the fixture folder, a one-source reader, canned HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harmledger.ingest import IngestFailure, read_sources
from harmledger.models import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"

# path → (status, content type, body) served by the ``http_server`` fixture.
Routes = dict[str, tuple[int, str, bytes]]


@pytest.fixture
def data() -> Path:
    return DATA


def read_all(*sources: str | Path) -> list[Article | IngestFailure]:
    """Everything the given sources yield, in order."""
    return list(read_sources(str(source) for source in sources))


def read_one(source: str | Path) -> Article:
    """The one article a source yields; fails the test on anything else."""
    items = read_all(source)
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def read_failure(source: str | Path) -> IngestFailure:
    """The one failure a source yields; fails the test on anything else."""
    items = read_all(source)
    assert len(items) == 1, items
    assert isinstance(items[0], IngestFailure), items[0]
    return items[0]


@pytest.fixture
def http_server() -> Iterator[Callable[[Routes], str]]:
    """Serve canned responses on 127.0.0.1; call it with routes, get the base URL back."""
    servers: list[ThreadingHTTPServer] = []

    def serve(routes: Routes) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, content_type, body = routes.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # quiet test output
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
