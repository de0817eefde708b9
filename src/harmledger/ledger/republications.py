"""Republications (issue 9): one text published again under another outlet, URL or title.

The ledger stores a text once (unique content hash). An incoming article whose very text
is stored, but which is another *publication* (its outlet, URL or title differ from those
of the stored article and of every republication of it), is recorded as a republication
of that article: who republished what is itself information, and its claims are the
article's, so they are counted once. One that matches the stored article or one of its
republications is the same file ingested again and adds nothing. A text at a URL that
another text holds is a revision of that article and is skipped, as before.

The article always carries the text's **earliest** publication, by the order of
:func:`harmledger.link.copies.earliest_order` (publication date, undated last), ties
broken by outlet, URL and title. When an earlier publication arrives, the two swap: the
article takes the newcomer's header, raw bytes and claims, and its former header becomes
a republication. So what is stored, the presumed original and a group's members do not
depend on the order in which the publications arrived.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, insert, or_, select, update
from sqlalchemy.orm import Session

from harmledger.ledger.tables import ArticleRow, AuditRow, Outlet, RepublicationRow
from harmledger.link.copies import order_key
from harmledger.models import Article, Claim

Item = tuple[Article, Sequence[Claim]]
IDENTICAL = "identical"
"""The kind a republication shows as among copies: the very text, similarity 1.0."""
_HEADER = ("key", "url", "source", "title", "outlet_id", "author", "published", "format", "raw")


def identity(outlet: str | None, url: str | None, title: str | None) -> str:
    """What tells one publication of a text from another: a hash of its outlet, URL and title."""
    return hashlib.sha256(json.dumps([outlet, url, title]).encode()).hexdigest()


def _identity_of(article: Article) -> str:
    return identity(article.outlet, article.url, article.title)


@dataclass(frozen=True, slots=True)
class Arrivals:
    """A batch sorted: articles whose text is new, and new publications of a text stored (or new in the batch)."""

    new: list[Item]
    republished: list[Item]


def sort(session: Session, batch: Sequence[Item]) -> Arrivals:
    """Sort ``batch`` into new texts and republications, leaving out publications already stored or repeated."""
    hashes = {a.content_hash for a, _ in batch}
    urls = {a.url for a, _ in batch if a.url}
    condition: ColumnElement[bool] = ArticleRow.content_hash.in_(hashes)
    if urls:
        condition = or_(condition, ArticleRow.url.in_(urls))
    columns = (ArticleRow.id, ArticleRow.content_hash, ArticleRow.url, ArticleRow.title, Outlet.name)
    query = select(*columns).outerjoin(Outlet, ArticleRow.outlet_id == Outlet.id).where(condition)
    known: dict[str, set[str]] = {}  # content hash → identities of its publications
    holders: dict[str, str] = {}  # URL → content hash of the text published there
    hash_of: dict[int, str] = {}
    for row in session.execute(query):
        known.setdefault(row.content_hash, set()).add(identity(row.name, row.url, row.title))
        holders.update({row.url: row.content_hash} if row.url else {})
        hash_of[row.id] = row.content_hash
    stored = select(RepublicationRow.article_id, RepublicationRow.identity)
    for article_id, seen in session.execute(stored.where(RepublicationRow.article_id.in_(list(hash_of)))):
        known[hash_of[article_id]].add(seen)
    arrivals = Arrivals([], [])
    for item in batch:
        article, content_hash, mark = item[0], item[0].content_hash, _identity_of(item[0])
        if article.url and holders.setdefault(article.url, content_hash) != content_hash:
            continue  # another text holds this URL: a revision of it, not a new publication
        if content_hash not in known:
            arrivals.new.append(item)
        elif mark not in known[content_hash]:
            arrivals.republished.append(item)
        known.setdefault(content_hash, set()).add(mark)
    return arrivals


def header_values(article: Article, outlets: dict[str, int]) -> dict[str, Any]:
    """The columns an article row takes from the publication it carries (its text and hash aside)."""
    return {
        "key": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "outlet_id": outlets.get(article.outlet) if article.outlet else None,
        "author": article.author,
        "published": article.published,
        "format": article.format,
        "raw": article.raw,
    }


@dataclass(slots=True)
class Recorded:
    """What recording republications changed: the articles republished, and those that took an earlier header.

    ``swapped`` articles carry new claims (read from their new header) and a new date, so
    their copy relations are classified again.
    """

    articles: set[int] = field(default_factory=set)
    swapped: list[tuple[int, Article, Sequence[Claim]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Publication:
    """One publication of a text, as compared for the earliest: an article row's header or a newcomer's."""

    outlet: str | None
    values: dict[str, Any]  # the article row's header columns (:data:`_HEADER`)

    def order(self, content_hash: str) -> tuple[bool, date, str, str, str, str]:
        v = self.values
        return (*order_key(v["published"], content_hash), self.outlet or "", v["url"] or "", v["title"] or "")

    def republication(self, article_id: int) -> dict[str, Any]:
        v = self.values
        return {
            "article_id": article_id,
            "identity": identity(self.outlet, v["url"], v["title"]),
            **{name: v[name] for name in ("key", "outlet_id", "url", "title", "published")},
            "raw_hash": hashlib.sha256(v["raw"]).hexdigest(),
        }


def record(session: Session, items: Sequence[Item], outlets: dict[str, int]) -> Recorded:
    """Store ``items`` (from :func:`sort`, their texts stored) as republications, each article keeping the earliest.

    Audited like an ingest: one ``republication`` entry each, the newcomer as ``after``, and
    the article's former header as ``before`` when the newcomer, being earlier, took its place.
    """
    recorded = Recorded()
    if not items:
        return recorded
    rows = session.scalars(select(ArticleRow).where(ArticleRow.content_hash.in_({a.content_hash for a, _ in items})))
    current = {
        row.content_hash: (row.id, _Publication(row.outlet.name if row.outlet else None, _header(row))) for row in rows
    }
    values, audit = [], []
    for article, claims in items:
        article_id, held = current[article.content_hash]
        incoming = _Publication(article.outlet, header_values(article, outlets))
        before, after = None, _audit_header(incoming)
        if incoming.order(article.content_hash) < held.order(article.content_hash):
            session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(incoming.values))
            current[article.content_hash] = (article_id, incoming)
            recorded.swapped.append((article_id, article, claims))
            held, incoming, before = incoming, held, _audit_header(held)
        values.append(incoming.republication(article_id))
        audit.append(_audit(article.content_hash, before, after))
        recorded.articles.add(article_id)
    session.connection().execute(insert(RepublicationRow.__table__), values)  # type: ignore[arg-type]
    session.connection().execute(insert(AuditRow.__table__), audit)  # type: ignore[arg-type]
    return recorded


def _header(row: ArticleRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _HEADER}


def _audit_header(publication: _Publication) -> dict[str, Any]:
    v = publication.values
    published = v["published"].isoformat() if v["published"] else None
    return {"id": v["key"], "title": v["title"], "outlet": publication.outlet, "url": v["url"], "published": published}


def _audit(content_hash: str, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor": "system",
        "action": "republication",
        "entity": "article",
        "entity_key": content_hash[:16],
        "before": before,
        "after": after,
    }
