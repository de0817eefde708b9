"""Text search: a case-insensitive substring of quotes and their sentences, claimants, relays and place names.

What matches is what LIKE finds: ``lower(column) LIKE lower('%text%')``, wildcards in the text
taken literally. Reading every claim's quote and sentence for it takes a third of a second
on 100k incidents, so on SQLite the FTS5 trigram indexes of migration 0003 answer instead:
they hold the searched columns lowered as SQLite's ``lower()`` lowers them (ASCII letters
only, as LIKE folds case) and match case-sensitively, so the phrase of the text lowered the
same way finds exactly LIKE's rows. A text under three characters has no trigram and is
read in full with LIKE; PostgreSQL (no such indexes) always is.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal_column, or_, select, table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from harmledger.ledger.bulk import chunks
from harmledger.ledger.tables import ArticleRow, ClaimRow, IncidentRow, LinkRow

TRIGRAM = 3  # the tokenizer's token: a shorter text cannot use the index
TABLES = ("claims_search", "incidents_search")  # SQLite only, made by migration 0003, outside Base.metadata
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_INDEXED = (
    "INSERT INTO claims_search(rowid, quote, sentence, claimant, via, place_names) "
    "SELECT claims.id, lower(claims.quote), "
    "lower(substr(articles.text, claims.context_start + 1, claims.context_end - claims.context_start)), "
    "lower(claims.claimant), lower(claims.via), lower(claims.place_names) "
    "FROM claims JOIN articles ON articles.id = claims.article_id WHERE "
)
_INDEX_CLAIMS = text(_INDEXED + "claims.article_id IN :articles").bindparams(bindparam("articles", expanding=True))
_NOT_INDEXED = "claims.id NOT IN (SELECT id FROM claims_search_docsize)"  # FTS5 keeps a row's sizes under its id
_INDEX_UNINDEXED = text(_INDEXED + _NOT_INDEXED + " AND claims.id >= :low AND claims.id < :high")
_FIRST_UNINDEXED = text("SELECT min(claims.id), max(claims.id) FROM claims WHERE " + _NOT_INDEXED)  # noqa: S608
_WINDOW = 25_000  # claim ids indexed at a step: half a second
UNINDEXED = "search:claims"
"""Queued for relinking (``relink_queue``) with claims stored without text search: the relink indexes them."""


def index_claims(session: Session, article_ids: Iterable[int]) -> None:
    """Add the claims just stored for ``article_ids`` to SQLite's text search; whoever inserts claims calls it.

    One statement a batch (migration 0005): a trigger indexing each claim in a statement of its own
    cost three times as much, and was most of what storing an article cost.
    """
    if session.get_bind().dialect.name == "sqlite":
        for chunk in chunks(sorted(article_ids)):
            session.execute(_INDEX_CLAIMS, {"articles": chunk})


def index_unindexed(session: Session) -> Iterator[int]:
    """Add every claim text search lacks, a window of :data:`_WINDOW` claim ids at each step (yielding its first).

    What claims stored without ``search_now`` left: an ingest indexes them at its end, while a
    helper process links (:mod:`harmledger.ledger.relink`), a window whenever no incidents are
    waiting to be written. 4.2 s of CPU for 30k reports' claims, against 5.0 added batch by
    batch while storing.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    low, high = session.execute(_FIRST_UNINDEXED).one()
    for start in range(low, high + 1, _WINDOW) if low is not None else ():
        session.execute(_INDEX_UNINDEXED, {"low": start, "high": start + _WINDOW})
        yield start


class _Search(ColumnElement[bool]):
    """One search, compiled as its FTS5 form on SQLite and as its LIKE form elsewhere.

    The choice is the compiler's because the filters are built before any session is at
    hand; both forms find the same incidents. Each form is an OR of alternatives (the
    incident's own text, a claim's) and is compiled in parentheses: SQLAlchemy groups the
    clauses it knows, not this one, and unparenthesised the OR would escape the filter's
    ANDs (``date AND own text OR claim text`` kept every claim match whatever its date).
    """

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy's cache key reads this class attribute)
        ("indexed", InternalTraversal.dp_clauseelement),
        ("scanned", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, indexed: ColumnElement[bool], scanned: ColumnElement[bool]) -> None:
        self.indexed = indexed
        self.scanned = scanned


@compiles(_Search)
def _scan(element: _Search, compiler: SQLCompiler, **kw: Any) -> str:
    return "(" + compiler.process(element.scanned, **kw) + ")"


@compiles(_Search, "sqlite")
def _look_up(element: _Search, compiler: SQLCompiler, **kw: Any) -> str:
    return "(" + compiler.process(element.indexed, **kw) + ")"


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase, ASCII letters lowered as the index holds them."""
    return '"' + text.translate(_ASCII_LOWER).replace('"', '""') + '"'


def _matching(index: str, text: str) -> Any:
    """Rowids of the FTS table ``index`` whose lowered columns hold ``text``."""
    fts = table(index)
    return select(literal_column("rowid")).select_from(fts).where(literal_column(index).op("MATCH")(fts_phrase(text)))


def _indexed(text: str) -> ColumnElement[bool]:
    in_claims, in_incidents = (_matching(index, text) for index in TABLES)
    claims = select(LinkRow.incident_id).where(LinkRow.claim_id.in_(in_claims))
    return or_(IncidentRow.id.in_(in_incidents), IncidentRow.id.in_(claims))


def _scanned(text: str) -> ColumnElement[bool]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    def like(column: Any) -> ColumnElement[bool]:
        result: ColumnElement[bool] = column.ilike(pattern, escape="\\")
        return result

    sentence = func.substr(ArticleRow.text, ClaimRow.context_start + 1, ClaimRow.context_end - ClaimRow.context_start)
    in_claims = (
        select(LinkRow.incident_id)
        .join(ClaimRow, ClaimRow.id == LinkRow.claim_id)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(
            or_(
                like(ClaimRow.quote),
                like(sentence),
                like(ClaimRow.claimant),
                like(ClaimRow.via),
                like(ClaimRow.place_names),
            )
        )
    )
    return or_(like(IncidentRow.place), like(IncidentRow.admin1), IncidentRow.id.in_(in_claims))


def text_search(text: str) -> ColumnElement[bool]:
    """Incidents whose place or governorate, or a claim's quote, sentence, claimant, relay or places hold ``text``.

    A claim's places are searched by :func:`~harmledger.ledger.tables.place_names`: each as written, resolved,
    and its district and governorate.
    """
    if len(text) < TRIGRAM:
        return _scanned(text)
    return _Search(_indexed(text), _scanned(text))


__all__ = ["TABLES", "TRIGRAM", "UNINDEXED", "fts_phrase", "index_claims", "index_unindexed", "text_search"]
