"""``harmledger ingest --workers N``: the ledger depends neither on N nor on the database.

The reference ingest runs with the default workers (the CPU count), so its last relink is read
and linked by a helper process while the command writes, and its text search is built beside
it; one process does all of that in turn, and PostgreSQL has no text-search index to build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from .conftest import STORED, Reference, dump, ingest, run


def test_one_process_makes_the_ledger_that_workers_and_a_helper_make(
    corpus: list[str], reference: Reference, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    done = run(ingest(url, corpus, "--workers", "1"))
    assert done.returncode == 1, done.stderr  # the corrupt line
    assert f"{STORED} stored" in done.stdout.replace("\n", " ")
    assert dump(url) == reference.rows
    for phrase in ('"killed"', '"airstrike"', '"monitor"'):
        assert _searched(url, phrase) == _searched(reference.url, phrase) != []


@pytest.mark.postgres
def test_workers_and_a_helper_make_the_same_ledger_in_postgresql(
    corpus: list[str], reference: Reference, pg_url: str
) -> None:
    done = run(ingest(pg_url, corpus, "--workers", "2"))
    assert done.returncode == 1, done.stderr
    assert dump(pg_url) == reference.rows


def _searched(url: str, phrase: str) -> list[int]:
    """The claims SQLite's text-search index finds for ``phrase``: every claim stored was added to it."""
    engine = create_engine(url)
    with engine.connect() as connection:
        query = text("SELECT rowid FROM claims_search WHERE claims_search MATCH :p ORDER BY rowid")
        found = [rowid for (rowid,) in connection.execute(query, {"p": phrase})]
    engine.dispose()
    return found
