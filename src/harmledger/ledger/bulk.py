"""Statements every ledger writer shares: rows inserted in one ``executemany``, ids queried in bounded lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session

from harmledger.ledger.tables import Base

CHUNK = 5_000
"""Values per ``IN (…)`` list: under every backend's limit on bound parameters."""
T = TypeVar("T")


def chunks(values: Iterable[T]) -> Iterator[list[T]]:
    """``values`` in lists of at most :data:`CHUNK`."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_rows(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """One ``executemany`` of ``rows`` on the session's connection (the ORM's bulk path may go row by row)."""
    if rows:
        session.connection().execute(insert(table.__table__), rows)  # type: ignore[arg-type]
