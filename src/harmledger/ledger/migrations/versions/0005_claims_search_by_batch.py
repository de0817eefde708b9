"""claims text search filled by the writer, a batch at a time, instead of a trigger per row

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 00:45:00.000000

Migration 0003's trigger indexed each stored claim in its own FTS5 statement: 176 µs a
claim, 1.3 ms of every ingested report, the largest cost of storing one. One
``INSERT … SELECT`` per stored batch (:func:`harmledger.ledger.search.index_claims`) does
the same work in a third of the time. Deleting and updating claims keep their triggers:
they are rare, and an FTS5 ``'delete'`` must name exactly the values indexed.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGER = (
    "CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_search(rowid, quote, sentence, claimant, via, places) "
    "SELECT new.id, lower(new.quote), lower(substr(articles.text, new.context_start + 1, "
    "new.context_end - new.context_start)), lower(new.claimant), lower(new.via), lower(new.places) "
    "FROM articles WHERE articles.id = new.article_id; END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER claims_search_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_TRIGGER)
