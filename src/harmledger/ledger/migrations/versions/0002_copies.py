"""copies: article signatures, copy relations, copy groups, claims that are copies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _article(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        _article("article_id"),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("anchors", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "copy_relations",
        _article("copy_id"),
        _article("original_id"),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("passages", sa.JSON(), nullable=False),
        sa.Column("detached", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("copy_id", "original_id"),
    )
    op.create_index(op.f("ix_copy_relations_original_id"), "copy_relations", ["original_id"], unique=False)
    op.create_table(
        "copy_groups",
        _article("article_id"),
        _article("original_id"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index(op.f("ix_copy_groups_original_id"), "copy_groups", ["original_id"], unique=False)
    op.create_table(
        "claim_copies",
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.Column("original_claim_id", sa.Integer(), sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index(op.f("ix_claim_copies_original_claim_id"), "claim_copies", ["original_claim_id"], unique=False)


def downgrade() -> None:
    for table in ("claim_copies", "copy_groups", "copy_relations", "article_signatures"):
        op.drop_table(table)
