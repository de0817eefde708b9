"""A Dask cluster of worker processes, a generated corpus with one corrupt line, and its reference ledger.

The reference is what a plain ``harmledger ingest`` makes of the corpus; ``test_workers`` checks
that one process makes the same, so every ledger compared with it equals the single-process one.

The PostgreSQL fixtures are the ledger tests' own (a throw-away server, a fresh database
per test): missing PostgreSQL skips these tests on a laptop and fails them in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from distributed import LocalCluster
from sqlalchemy import DateTime, create_engine, select

from harmledger.ledger import Ledger
from harmledger.ledger.tables import Base

from ..conftest import EXAMPLES
from ..ledger.conftest import pg_admin_url, pg_url  # noqa: F401  (fixtures: the throw-away PostgreSQL server)

REPORTS = 150
STORED = REPORTS + 18  # and the reports of examples/
CORRUPT_LINE = 101  # a line cut short, amid a partition
Dump = dict[str, list[tuple[Any, ...]]]


def ingest(db: str, sources: list[str], *options: str) -> list[str]:
    """The ``harmledger ingest`` command line, run as its own process like a user's."""
    return [str(Path(sys.executable).parent / "harmledger"), "ingest", *sources, "--db", db, *options]


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=os.environ)


def dump(url: str) -> Dump:
    """Every row of every ledger table, by primary key, ids included; only timestamps left out.

    Incidents and tallies are rebuilt by every relink, in the order the linker finishes them,
    so their own ids say nothing: they are given by key, and links name them by key too.
    """
    Ledger(url).close()  # migrated, so an empty ledger dumps its (empty) tables too
    engine = create_engine(url)
    tables: Dump = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
            query = select(*columns).order_by(*table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in conn.execute(query)]
    engine.dispose()
    return _by_key(tables)


def _by_key(tables: Dump) -> Dump:
    """``tables`` with incidents and tallies named by their key in place of their id (see :func:`dump`)."""
    keys: dict[str, dict[object, object]] = {}
    for name in ("incidents", "tallies"):
        columns = [c.name for c in Base.metadata.tables[name].columns if not isinstance(c.type, DateTime)]
        at_id, at_key = columns.index("id"), columns.index("key")
        keys[name] = {row[at_id]: row[at_key] for row in tables[name]}
        tables[name] = sorted(row[:at_id] + row[at_id + 1 :] for row in tables[name])
    columns = [c.name for c in Base.metadata.tables["links"].columns]
    at_incident, at_tally = columns.index("incident_id"), columns.index("tally_id")
    tables["links"] = [
        tuple(
            keys["incidents"].get(value) if i == at_incident else keys["tallies"].get(value) if i == at_tally else value
            for i, value in enumerate(row)
        )
        for row in tables["links"]
    ]
    return tables


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Generated reports as JSON lines, one of them corrupt, and the example folder (which holds tallies)."""
    from benchmarks.corpus import write_jsonl  # noqa: PLC0415

    path = write_jsonl(tmp_path_factory.mktemp("corpus") / "reports.jsonl", REPORTS, seed=8)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(CORRUPT_LINE - 1, '{"id": "cut-short", "content": "Shelling killed\n')
    path.write_text("".join(lines), encoding="utf-8")
    return [str(path), str(EXAMPLES)]


@dataclass(frozen=True)
class Reference:
    """The ledger a plain ``harmledger ingest`` (this machine's workers) made of the corpus in SQLite, and its rows."""

    url: str
    rows: Dump


@pytest.fixture(scope="session")
def reference(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ledger.db'}"
    done = run(ingest(url, corpus))
    assert done.returncode == 1, done.stderr  # the corrupt line is rejected, everything else stored
    return Reference(url, dump(url))


@pytest.fixture(scope="session")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes of one thread each, as on a two-core machine."""
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as started:
        yield started
