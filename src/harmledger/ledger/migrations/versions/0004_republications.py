"""republications: other publications (outlet, URL, title) of an article's very text

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:00:00.000000

The ledger stores each text once (unique content hash), so a syndicated copy with
identical words used to be dropped on arrival. It is kept here instead, pointing at the
stored article; ``identity`` (a hash of outlet, URL and title) makes it unique per article
even where URL or title are NULL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "republications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("identity", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("outlet_id", sa.Integer(), sa.ForeignKey("outlets.id"), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("raw_hash", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "identity", name="uq_republication"),
    )
    op.create_index(op.f("ix_republications_article_id"), "republications", ["article_id"], unique=False)


def downgrade() -> None:
    op.drop_table("republications")
