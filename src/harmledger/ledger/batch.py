"""Storing many articles in one transaction: a few multi-row statements instead of a round trip per row.

An ingest spends most of its ledger time on per-row inserts and commits, so
:func:`store` writes a whole batch with one statement per table (``executemany``, or
multi-row ``INSERT … RETURNING`` where ids are needed) inside the caller's transaction.
Each article still lands whole or not at all: the batch is one transaction, and articles
already stored (same content hash or URL), or repeated within the batch, are skipped,
except that the very text published again under another outlet, URL or title is kept as a
republication of the stored article (:mod:`harmledger.ledger.republications`).
In the same transaction each new article is signed and checked for copies of stored
ones (:mod:`harmledger.ledger.copies`), so a batch lands with its copy relations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from harmledger.ledger import copies, republications, search
from harmledger.ledger.bulk import insert_rows
from harmledger.ledger.checks import check_claim
from harmledger.ledger.rows import CLAIM_FIELDS
from harmledger.ledger.tables import ArticleRow, AuditRow, BlockRow, ClaimRow, Outlet
from harmledger.link import Evidence
from harmledger.link.blocks import block_keys
from harmledger.models import Article, Claim, PlaceRef

Item = tuple[Article, Sequence[Claim]]
_PLACE_FIELDS = tuple(f.name for f in fields(PlaceRef))  # flat scalars: dataclasses.asdict would deep-copy


def store(
    session: Session, batch: Sequence[Item], catalog: copies.Catalog, *, search_now: bool = True
) -> tuple[list[Item], set[str]]:
    """Store the articles of ``batch`` not yet in the ledger and the republications of stored texts.

    Returns what was recorded (articles and republications) and the block keys to relink.
    ``catalog`` is the ledger's copy index, brought up to date with the new articles. Without
    ``search_now``, the new claims are left out of text search and :data:`~harmledger.ledger.search.UNINDEXED`
    is among the keys: the relink they are queued for indexes them.
    """
    copies.lock(session)
    arrivals = republications.sort(session, batch)
    new = arrivals.new
    if not new and not arrivals.republished:
        return [], set()
    outlets = _outlets(session, {a.outlet for a, _ in (*new, *arrivals.republished) if a.outlet})
    ids = _store_articles(session, new, outlets)
    catalog.remember(article for article, _ in new)
    recorded = republications.record(session, arrivals.republished, outlets)
    related = copies.catch_up(session, catalog) | copies.reclassify(session, {i for i, _, _ in recorded.swapped})
    keys = store_claims(session, [(ids[a.content_hash], a, claims) for a, claims in new], search_now=search_now)
    for article_id, article, claims in recorded.swapped:  # the earlier publication's claims replace the article's
        keys |= replace_claims(session, article_id, article, claims)
    keys |= copies.update(session, related | recorded.articles)
    return [*new, *arrivals.republished], keys


def _store_articles(session: Session, new: Sequence[Item], outlets: dict[str, int]) -> dict[str, int]:
    """Insert the articles of ``new``, audited; returns their ids by content hash."""
    if not new:
        return {}
    hashes = [article.content_hash for article, _ in new]
    insert_rows(session, ArticleRow, [_article_values(a, h, outlets) for (a, _), h in zip(new, hashes, strict=True)])
    audit = [
        {
            "actor": "system",
            "action": "ingest",
            "entity": "article",
            "entity_key": h[:16],
            "before": None,
            "after": a.header(),
        }
        for h, (a, _) in zip(hashes, new, strict=True)
    ]
    insert_rows(session, AuditRow, audit)
    # Ids read back by content hash: multi-row INSERT … RETURNING gives no row order on SQLite.
    query = select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(hashes))
    return dict(session.execute(query).all())


def replace_claims(session: Session, article_id: int, article: Article, claims: Sequence[Claim]) -> set[str]:
    """Replace the stored claims of ``article_id`` with ``claims``; returns the old and new block keys to relink."""
    old = copies.block_keys(session, {article_id})
    session.execute(delete(ClaimRow).where(ClaimRow.article_id == article_id))
    session.execute(delete(BlockRow).where(BlockRow.article_id == article_id))
    return old | store_claims(session, [(article_id, article, claims)])


def store_claims(
    session: Session, articles: Sequence[tuple[int, Article, Sequence[Claim]]], *, search_now: bool = True
) -> set[str]:
    """Claims of stored articles with their warnings, and the articles' blocking keys; returns the keys, to queue
    for relinking (and :data:`~harmledger.ledger.search.UNINDEXED` without ``search_now``)."""
    values = [_claim_values(article_id, article, claim) for article_id, article, claims in articles for claim in claims]
    if not values:
        return set()
    insert_rows(session, ClaimRow, values)
    if search_now:
        search.index_claims(session, [article_id for article_id, _, _ in articles])
    filed = {article_id: _block_keys(article, claims) for article_id, article, claims in articles}
    insert_rows(session, BlockRow, [{"article_id": a, "key": key} for a, keys in filed.items() for key in keys])
    return set().union(*filed.values(), () if search_now else {search.UNINDEXED})


def _block_keys(article: Article, claims: Sequence[Claim]) -> set[str]:
    """The keys of all of an article's claims (:func:`~harmledger.link.blocks.block_keys` reads no claim id)."""
    content_hash = article.content_hash
    return set().union(*(block_keys(Evidence.of(0, claim, content_hash, "")) for claim in claims))


def fresh(session: Session, batch: Sequence[Item]) -> list[Item]:
    """The items of ``batch`` that :func:`store` would record: new texts and new publications of stored ones."""
    arrivals = republications.sort(session, batch)
    kept = {id(item) for item in (*arrivals.new, *arrivals.republished)}
    return [item for item in batch if id(item) in kept]


def _outlets(session: Session, names: set[str]) -> dict[str, int]:
    """Outlet ids by name, creating the missing ones."""
    if not names:
        return {}
    query = select(Outlet.name, Outlet.id).where(Outlet.name.in_(names))
    found = dict(session.execute(query).all())
    missing = sorted(names - found.keys())
    if missing:
        insert_rows(session, Outlet, [{"name": name} for name in missing])
        found = dict(session.execute(query).all())
    return found


def _article_values(article: Article, content_hash: str, outlets: dict[str, int]) -> dict[str, Any]:
    return {**republications.header_values(article, outlets), "content_hash": content_hash, "text": article.text}


def _claim_values(article_id: int, article: Article, claim: Claim) -> dict[str, Any]:
    values = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    values.update(
        article_id=article_id,
        places=[{name: getattr(p, name) for name in _PLACE_FIELDS} for p in claim.places],
        flags=check_claim(article, claim),
    )
    return values
