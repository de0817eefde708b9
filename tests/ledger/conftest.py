"""Every ledger test runs on SQLite and on a throw-away PostgreSQL server this file starts.

The server is found under /usr/lib/postgresql/*/bin (``.ci/run`` installs it when
missing), initialised in a temporary folder and run on a free loopback port for the
session. PostgreSQL refuses to run as root, so as root it runs as ``nobody`` through
``runuser``. Outside CI a machine without PostgreSQL skips those tests, saying why; in
CI (``CI=true``) that is a failure, so the backend can never silently go untested.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from harmledger.ledger import Ledger


def _binaries() -> Path | None:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *args] if os.geteuid() == 0 else args


def _start(folder: Path, bins: Path, port: int) -> None:
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        os.chown(folder, *_nobody())
    initdb = [str(bins / "initdb"), "-A", "trust", "-U", "postgres", "-D", str(data)]
    subprocess.run(_as_server_user(initdb), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = [str(bins / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
    subprocess.run(_as_server_user(start), check=True, capture_output=True, timeout=120)


def _nobody() -> tuple[int, int]:
    import pwd  # noqa: PLC0415  (POSIX only, and only needed as root)

    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server for this session: the URL of its admin database."""
    bins = _binaries()
    reason = "no PostgreSQL server binaries (initdb, pg_ctl): run .ci/run, or apt-get install postgresql"
    if bins is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL: {reason}")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="harmledger-pg-"))
    port = _free_port()
    try:
        _start(folder, bins, port)
    except (subprocess.CalledProcessError, OSError) as exc:
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        message = f"cannot start PostgreSQL: {exc} {getattr(exc, 'stderr', b'')!r} {log[-500:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(bins / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"]
        subprocess.run(_as_server_user(stop), check=False, capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, db_url: str) -> str:
    """The URL of an empty ledger on each backend in turn."""
    if request.param == "sqlite":
        return db_url
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def ledger(backend_url: str) -> Iterator[Ledger]:
    with Ledger(backend_url) as opened:
        yield opened
