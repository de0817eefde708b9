"""Copy groups as a human checks them (issue 9): the presumed original, then every other publication of its report.

A group's members are the other articles grouped with it (full copies: retitled, trimmed,
new lead or footer), each with how it copies, and the republications of any of its
articles (the very text under another outlet, URL or title: kind ``identical``,
similarity 1.0). The original is the group's earliest article, which carries its text's
earliest publication (:mod:`harmledger.ledger.republications`), so no member is earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from harmledger.ledger.republications import IDENTICAL
from harmledger.ledger.tables import ArticleRow, CopyRow, GroupRow, RepublicationRow


@dataclass(frozen=True, slots=True)
class Member:
    """A member of a copy group: an article with how it copies, or a republication of ``article``'s very text."""

    article: ArticleRow
    relation: CopyRow | None = None
    republication: RepublicationRow | None = None

    @property
    def publication(self) -> ArticleRow | RepublicationRow:
        """What was published: outlet, title, URL and date."""
        return self.republication or self.article

    @property
    def copy_of(self) -> int | None:
        """The article it copies (for a republication, the article whose text it is), if any."""
        if self.republication is not None:
            return self.article.id
        return self.relation.original_id if self.relation else None

    @property
    def kind(self) -> str | None:
        if self.republication is not None:
            return IDENTICAL
        return self.relation.kind if self.relation else None

    @property
    def similarity(self) -> float | None:
        if self.republication is not None:
            return 1.0
        return self.relation.share if self.relation else None


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """A group of full copies and republications for a human to check: the original, then its members by date."""

    original: ArticleRow
    members: list[Member]


def groups(session: Session, *, limit: int, after: int | None = None) -> list[CopyGroup]:
    """Copy groups ordered by their original's id, ``limit`` of them after the original ``after``."""
    query = select(GroupRow.original_id).distinct().order_by(GroupRow.original_id).limit(limit)
    originals = list(session.scalars(query.where(GroupRow.original_id > after) if after else query))
    if not originals:
        return []
    rows = session.scalars(
        select(ArticleRow)
        .join(GroupRow, GroupRow.article_id == ArticleRow.id)
        .where(GroupRow.original_id.in_(originals))
        .options(
            selectinload(ArticleRow.outlet),
            selectinload(ArticleRow.group),
            selectinload(ArticleRow.copy_of),
            selectinload(ArticleRow.republications).selectinload(RepublicationRow.outlet),
        )
    )
    by_group: dict[int, list[ArticleRow]] = {}
    for row in rows:
        assert row.group is not None  # joined on it
        by_group.setdefault(row.group.original_id, []).append(row)
    return [_group(original, by_group[original]) for original in originals]


def _group(original_id: int, rows: list[ArticleRow]) -> CopyGroup:
    original = next(r for r in rows if r.id == original_id)
    members = [Member(row, republication=r) for row in rows for r in row.republications]
    for row in rows:
        if row is not original:
            kept = [r for r in row.copy_of if not r.detached]
            direct = [r for r in kept if r.original_id == original_id]
            members.append(Member(row, (direct or sorted(kept, key=_strength))[0] if kept else None))
    return CopyGroup(original, sorted(members, key=lambda m: published_order(m.publication)))


def published_order(row: ArticleRow | RepublicationRow) -> tuple[bool, date, str, str, str]:
    """Sort key of publications as listed: by date, undated last, then outlet, title and URL."""
    outlet = row.outlet.name if row.outlet else ""
    return (row.published is None, row.published or date.min, outlet, row.title or "", row.url or "")


def _strength(relation: CopyRow) -> tuple[bool, float]:
    """Sort key: full copies first, then by the share of words copied."""
    return (relation.kind != "full", -relation.share)
