"""Connecting to the ledger: the URL rules, SQLite's pragmas, and migrations on open.

Every ledger is migrated to the newest schema when it is opened, so a user never runs
alembic by hand and an old ``harmledger.db`` keeps working after an upgrade. SQLite runs
in WAL mode (readers never block the writer, so the web UI stays live during an ingest)
with foreign keys enforced, a busy timeout, and write transactions that take the write
lock as they begin, so that two imports racing on one file wait for each other instead of
failing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from harmledger.errors import LedgerError

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///harmledger.db"
_MIGRATION_LOCK = 0x484C4D47  # PostgreSQL advisory lock key: one migration at a time per database
_BUSY_TIMEOUT_MS = 30_000


def default_url() -> str:
    """``$HARMLEDGER_DB`` or the embedded SQLite file in the working directory."""
    return os.environ.get("HARMLEDGER_DB") or DEFAULT_URL


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, in _sqlite_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Writers take SQLite's write lock when they begin, not when they first write.

    A deferred transaction that has read and then writes fails at once if another process
    wrote in between; one that begins IMMEDIATE waits its turn (up to the busy timeout).
    """
    write = connection.get_execution_options().get("harmledger_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise LedgerError(f"not a database URL: {url!r} (try sqlite:///harmledger.db)") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": _BUSY_TIMEOUT_MS / 1000}
    try:
        engine = create_engine(parsed, **kwargs)
    except ImportError as exc:
        raise LedgerError(f"no driver for {parsed.drivername}: install harmledger[postgres]") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, one process at a time.

    Two imports started together on a new ledger both migrate it; SQLite's first
    connection switches the file to WAL, which fails at once rather than waiting when
    another process is doing the same. A lock file beside the database (or a PostgreSQL
    advisory lock) makes the second process wait and then find the schema current.
    """
    with _migration_lock(engine), engine.execution_options(harmledger_write=True).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        from alembic import command  # noqa: PLC0415  (see alembic_config)

        command.upgrade(alembic_config(connection), "head")


def alembic_config(connection: Connection) -> Config:
    """The configuration Alembic's commands take to migrate the ledger on ``connection``.

    Alembic is imported here, not with this module: the processes that only read a ledger already
    migrated (the relink's helper, started for each ingest) never use it, and importing the command
    line took 1.35-1.41 s with it, 1.14-1.16 s without.
    """
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(resources.files("harmledger.ledger") / "migrations"))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.migrate-lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
