"""text search's triggers leave claims it has not indexed yet alone

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 07:00:00.000000

``harmledger ingest`` now adds its claims to text search after storing them all, in the
relink that follows (:func:`harmledger.ledger.search.index_unindexed`). Until then a claim
may be deleted or rewritten (a republication's earlier publication replacing an article's
claims), and the triggers of migration 0006 would remove it from the contentless FTS5 index
it was never added to: FTS5 cannot check such a removal, and the index is corrupt. The
triggers now fire only for claims the index holds (a row in its ``claims_search_docsize``);
a rewritten claim not yet indexed is indexed with its new values by the relink. SQLite only.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "quote, sentence, claimant, via, place_names"
_INDEXED = "WHEN EXISTS (SELECT 1 FROM claims_search_docsize WHERE id = old.id) "


def upgrade() -> None:
    _triggers(_INDEXED)


def downgrade() -> None:
    _triggers("")


def _triggers(when: str) -> None:
    """The delete and update triggers of migration 0006, firing ``when`` says (always, if empty)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    deleted = _values("old", "'delete', ")
    remove = f"INSERT INTO claims_search(claims_search, rowid, {_COLUMNS}) {deleted};"
    add = f"INSERT INTO claims_search(rowid, {_COLUMNS}) {_values('new')};"
    for event, body in (("delete", remove), ("update", f"{remove} {add}")):
        op.execute(f"DROP TRIGGER claims_search_{event}")
        op.execute(f"CREATE TRIGGER claims_search_{event} AFTER {event.upper()} ON claims {when}BEGIN {body} END")


def _values(row: str, command: str = "") -> str:
    """A ``SELECT`` of the rowid and lowered searched values of ``row`` (old or new), as migration 0006 wrote it.

    Every name is a constant of this module, never input.
    """
    sentence = f"substr(articles.text, {row}.context_start + 1, {row}.context_end - {row}.context_start)"
    columns = (f"{row}.quote", sentence, f"{row}.claimant", f"{row}.via", f"{row}.place_names")
    values = ", ".join(f"lower({column})" for column in columns)
    return f"SELECT {command}{row}.id, {values} FROM articles WHERE articles.id = {row}.article_id"  # noqa: S608
