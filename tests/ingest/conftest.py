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


Respond = Callable[[BaseHTTPRequestHandler], None]
SERVER_LIFETIME = 30.0  # seconds: a server outlives no test, even one that never reaches teardown


def start_server(respond: Respond) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 (loopback only) answering every GET with ``respond``; it stops itself."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            respond(self)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    watchdog = threading.Timer(SERVER_LIFETIME, server.shutdown)
    watchdog.daemon = True
    watchdog.start()
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def servers() -> Iterator[Callable[[Respond], str]]:
    """Start servers with a respond function, get their base URLs; all are stopped after the test."""
    started: list[ThreadingHTTPServer] = []

    def serve(respond: Respond) -> str:
        started.append(start_server(respond))
        return base_url(started[-1])

    yield serve
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http_server(servers: Callable[[Respond], str]) -> Callable[[Routes], str]:
    """Serve canned responses on 127.0.0.1; call it with routes, get the base URL back."""

    def serve(routes: Routes) -> str:
        def respond(handler: BaseHTTPRequestHandler) -> None:
            status, content_type, body = routes.get(handler.path, (404, "text/plain", b"not found"))
            send(handler, status, body, {"Content-Type": content_type})

        return servers(respond)

    return serve
