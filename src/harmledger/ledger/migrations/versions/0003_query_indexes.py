"""query indexes and text search: the filters the API and the pages apply to 100k incidents without scanning them all

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:30:00.000000

The governorate, place and perpetrator filters compare ``lower(column)`` (case-insensitive),
so their indexes lead with that expression (SQLite 3.9+ and PostgreSQL both index expressions);
holding the column after it, they also give the filter bar its choices (grade too) without
reading the table.
Lists are ordered newest first by ``coalesce(date, '')`` then key: an index in that order
gives a page without sorting every incident, and holding the date it tests a date range
without reading the rows it passes over. The time series groups incidents by date and
precision and sums their figures: a covering index lets it read the index alone, in date
order, with no sort.

On SQLite, text search (:mod:`harmledger.ledger.search`) gets FTS5 trigram indexes over
the ASCII-lowered text it searches (a claim's quote, sentence, claimant, relay and places;
an incident's place and governorate), kept up by triggers. Lowered as SQLite's ``lower()``
and LIKE fold (ASCII only) and matched case-sensitively, a phrase finds exactly the rows
LIKE finds. The tables are contentless: they hold the index, never a copy of the text.
PostgreSQL keeps its plain search.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOWERED = ("admin1", "place", "perpetrator", "grade")
# What text search reads, per table and FTS column, and where a row's values are read from:
# in the backfill, and in a trigger (a claim's sentence is in its article).
SEARCHED = {
    "claims": {
        "quote": "{row}.quote",
        "sentence": "substr(articles.text, {row}.context_start + 1, {row}.context_end - {row}.context_start)",
        "claimant": "{row}.claimant",
        "via": "{row}.via",
        "places": "{row}.places",
    },
    "incidents": {"place": "{row}.place", "admin1": "{row}.admin1"},
}
SOURCES = {
    "claims": (
        "FROM claims JOIN articles ON articles.id = claims.article_id",
        "FROM articles WHERE articles.id = {row}.article_id",
    ),
    "incidents": ("FROM incidents", ""),
}


def upgrade() -> None:
    for column in LOWERED:
        op.create_index(f"ix_incidents_{column}_lower", "incidents", [sa.text(f"lower({column})"), column])
    op.create_index("ix_incidents_order", "incidents", [sa.text("coalesce(date, '') DESC"), "key", "date"])
    op.create_index("ix_incidents_series", "incidents", ["kind", "date", "date_precision", "killed_min", "killed_max"])
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            _create_search(table)
        # Claims leave the index while their article (their sentence) is still there; article text never changes.
        op.execute(
            "CREATE TRIGGER articles_drop_claims BEFORE DELETE ON articles "
            "BEGIN DELETE FROM claims WHERE article_id = old.id; END"
        )


def _rows(table: str, row: str, command: str = "") -> str:
    """A ``SELECT`` of rowid and lowered values of ``row`` (new, old, or the table itself for the backfill).

    ``command`` leads the values (FTS5's ``'delete'``). Every name is a constant of this module, never input.
    """
    values = ", ".join(f"lower({value.format(row=row)})" for value in SEARCHED[table].values())
    backfill, trigger = SOURCES[table]
    return f"SELECT {command}{row}.id, {values} {backfill if row == table else trigger.format(row=row)}"


def _create_search(table: str) -> None:
    """A contentless FTS5 trigram index over what is searched in ``table``, filled now and kept up by triggers."""
    search, listed = f"{table}_search", ", ".join(SEARCHED[table])
    add = f"INSERT INTO {search}(rowid, {listed}) {_rows(table, 'new')};"
    old = _rows(table, "old", "'delete', ")
    remove = f"INSERT INTO {search}({search}, rowid, {listed}) {old};"
    op.execute(f"CREATE VIRTUAL TABLE {search} USING fts5({listed}, content='', tokenize='trigram case_sensitive 1')")
    op.execute(f"INSERT INTO {search}(rowid, {listed}) {_rows(table, table)}")
    op.execute(f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN {add} END")
    op.execute(f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN {remove} END")
    op.execute(f"CREATE TRIGGER {search}_update AFTER UPDATE ON {table} BEGIN {remove} {add} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {table}_search_{event}")
            op.execute(f"DROP TABLE {table}_search")
        op.execute("DROP TRIGGER articles_drop_claims")
    op.drop_index("ix_incidents_series", table_name="incidents")
    op.drop_index("ix_incidents_order", table_name="incidents")
    for column in LOWERED:
        op.drop_index(f"ix_incidents_{column}_lower", table_name="incidents")
