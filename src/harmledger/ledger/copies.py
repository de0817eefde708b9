"""Copies in the ledger (issue 9): signatures stored, copies related and grouped, copied claims marked.

The pure engine is :mod:`harmledger.link.copies`; this module keeps its state in the
ledger, inside the transaction that stores the articles:

* every article's signature is stored (``article_signatures``), so the copy index is
  rebuilt from those rows, never from text, once per process (:class:`Catalog`), then kept
  current by reading only the rows stored since;
* each new article is classified against its candidates; full and partial copies become
  ``copy_relations``; full copies are grouped and each member points at the group's
  earliest article (``copy_groups``), whatever order the articles arrived in;
* a claim of a copy that lies inside a shared passage and repeats a claim of the original
  (same outcome and figures) is marked as that claim's copy (``claim_copies``). Relinking
  reads the marks (:func:`origins`), so a copied claim stays in its incident but is never
  counted as independent corroboration.

An analyst's ``detach`` decision (target: the article's content hash) takes an article out
of every copy relation: it is regrouped and its claims count as its own again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, false, func, or_, select, text
from sqlalchemy import update as update_rows
from sqlalchemy.orm import Session

from harmledger.errors import LedgerError, NotFoundError
from harmledger.ledger.bulk import CHUNK, chunks, insert_rows
from harmledger.ledger.rows import claim_key
from harmledger.ledger.tables import (
    ArticleRow,
    BlockRow,
    ClaimCopyRow,
    ClaimRow,
    CopyRow,
    DecisionRow,
    GroupRow,
    Outlet,
    PendingRow,
    RepublicationRow,
    SignatureRow,
)
from harmledger.link.copies import (
    PROBE,
    CopyRelation,
    Order,
    bitmap,
    candidates_many,
    classify,
    compare,
    group_roots,
    order_key,
    signature,
)
from harmledger.link.lsh import CopyIndex
from harmledger.link.minhash import U8, U32, U64, Signature
from harmledger.models import Article
from harmledger.recent import Recent

logger = logging.getLogger(__name__)


class CopyError(LedgerError):
    """A copy action that does not apply (detaching an article that is in no copy group)."""

    code = "E504"


DETACH = "detach"
"""The decision kind that takes an article out of its copy relations."""
MAX_CANDIDATES = 50
"""Candidates compared in full per new article: enough to join any group through a few of its members."""
RECENT = 8_192
"""Articles :class:`Catalog` keeps at hand: about 50 MB of text, as many as the comparison keeps read."""
_LOCK = 0x434F5059  # PostgreSQL advisory lock: one writer relates copies at a time, so none misses another's


@dataclass(slots=True)
class Catalog:
    """One ledger's copy index in memory, with the highest article id it covers.

    Built on first use from the stored signatures; later batches add only the articles
    stored since. A rolled-back batch may have indexed articles that were never stored,
    so the ledger calls :meth:`reset` then and the next batch rebuilds.
    """

    index: CopyIndex | None = None
    upto: int = 0
    rebuilt: int = field(default=0, repr=False)  # how many times the index was loaded from the ledger
    recent: Recent[str, Article] = field(default_factory=lambda: Recent(RECENT), repr=False)
    """The articles last read, by content hash: candidates recur (a wire story's group, the first
    reports that carried a stock phrase), and each text costs a query to read again."""
    bits: Recent[str, U8] = field(default_factory=lambda: Recent(RECENT), repr=False)
    """The bitmaps last read or made, by index key: four in five asked for at 10k newswire reports
    had been asked for before, each in a query of its own. Keyed by row id, so a rolled-back batch,
    whose ids the next one reuses, must forget them (:meth:`reset`)."""

    def reset(self) -> None:
        self.index, self.upto = None, 0
        self.recent.clear()
        self.bits.clear()

    def bitmaps(self, session: Session, keys: Iterable[str]) -> dict[str, U8 | None]:
        """The stored :func:`~harmledger.link.copies.bitmap` of the articles ``keys``, None where none is stored."""
        found: dict[str, U8 | None] = {key: self.bits.get(key) for key in keys}
        unread = {key for key, bits in found.items() if bits is None}
        for chunk in chunks(sorted(int(key) for key in unread)):
            query = select(SignatureRow.article_id, SignatureRow.bits).where(SignatureRow.article_id.in_(chunk))
            for article_id, stored in session.execute(query):
                if stored is not None:
                    found[str(article_id)] = bits = np.frombuffer(stored, dtype=np.uint8)
                    self.bits.put(str(article_id), bits)
        return found

    def remember(self, articles: Iterable[Article]) -> None:
        """Keep the texts of articles being stored: signing and classifying them reads them next, from here."""
        for article in articles:
            self.recent.put(article.content_hash, article.reheaded(raw=b""))

    def articles(self, session: Session, keys: Sequence[str]) -> dict[str, Article]:
        """The stored articles under ``keys`` (index keys: row ids as text).

        Their headers are always read afresh: an article takes an earlier date and outlet when an
        earlier publication of its text arrives, perhaps in another process, and a stale date
        would make a copy the original. Only the text, which never changes, comes from :attr:`recent`.
        """
        found: dict[str, Article] = {}
        unread: list[int] = []
        headers = (
            row
            for chunk in chunks(int(key) for key in keys)
            for row in session.execute(_HEADER.where(ArticleRow.id.in_(chunk)))
        )
        for row in headers:
            known = self.recent.get(row.content_hash)
            if known is None:
                unread.append(row.id)
                continue
            found[str(row.id)] = known.reheaded(id=str(row.id), outlet=row.outlet, published=row.published)
        for article in _articles(session, unread).values() if unread else ():
            found[article.id] = article
            self.recent.put(article.content_hash, article)
        return found


def lock(session: Session) -> None:
    """On PostgreSQL, wait for any other writer relating copies (SQLite writers already take turns)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})


def catch_up(session: Session, catalog: Catalog) -> set[int]:
    """Index every article stored since the catalog last looked, relating the unsigned ones.

    Unsigned articles are the batch being stored (and, once, those stored before the copy
    tables existed). Returns the ids of articles whose copy relations changed.
    """
    if catalog.index is None:
        catalog.index, catalog.upto = CopyIndex(), 0
        catalog.rebuilt += 1
    index = catalog.index
    for keys, documents, anchors in _stored_signatures(session, catalog.upto):
        index.add_many(keys, documents, anchors)
        catalog.upto = max(catalog.upto, int(keys[-1]))
    unsigned = select(ArticleRow.id).outerjoin(SignatureRow).where(SignatureRow.article_id.is_(None))
    ids = list(session.scalars(unsigned.where(ArticleRow.id > catalog.upto).order_by(ArticleRow.id)))
    if len(ids) > 1_000:
        logger.info("signing %d articles for copy detection", len(ids))
    changed: set[int] = set()
    for chunk in chunks(ids):
        changed |= _relate(session, catalog, index, chunk)
    catalog.upto = max([catalog.upto, *ids])
    return changed


def _stored_signatures(session: Session, after: int) -> Iterator[tuple[list[str], U32, list[U64]]]:
    """Signatures stored for articles after ``after``, a chunk at a time, as :meth:`CopyIndex.add_many` takes them."""
    query = select(SignatureRow.article_id, SignatureRow.minhash, SignatureRow.anchors).order_by(
        SignatureRow.article_id
    )
    while True:
        rows = session.execute(query.where(SignatureRow.article_id > after).limit(CHUNK)).all()
        if not rows:
            return
        documents = np.frombuffer(b"".join(r.minhash for r in rows), dtype="<u4").reshape(len(rows), -1)
        anchors = [np.frombuffer(r.anchors, dtype="<u8") for r in rows]
        yield [str(r.article_id) for r in rows], documents, anchors
        after = rows[-1].article_id


def _relate(session: Session, catalog: Catalog, index: CopyIndex, ids: Sequence[int]) -> set[int]:
    """Sign, classify and index the articles ``ids``; store their signatures and the copies found.

    Every article's candidates are found first (each among the articles before it, as one by
    one), so that the bitmaps of the first few of all of them are read in one query, not one
    per article; a candidate's text is read only when its bitmap does not rule it out.
    """
    stored = catalog.articles(session, [str(i) for i in ids])
    new = [stored[str(article_id)] for article_id in ids]
    signs = [signature(article.text, article.outlet) for article in new]
    bits = {article.id: bitmap(article) for article in new}
    for key, own in bits.items():
        catalog.bits.put(key, own)
    signatures = [_signature_values(int(a.id), sig, bits[a.id]) for a, sig in zip(new, signs, strict=True)]
    known: dict[str, U8 | None] = dict(bits)
    found = list(zip(new, candidates_many(new, index, signs, limit=MAX_CANDIDATES), strict=True))
    known |= catalog.bitmaps(session, {key for _, keys in found for key in keys[:PROBE]} - known.keys())

    def bitmaps(keys: Sequence[str]) -> dict[str, U8 | None]:
        known.update(catalog.bitmaps(session, set(keys) - known.keys()))
        return known

    def fetch(keys: Sequence[str]) -> dict[str, Article]:
        return catalog.articles(session, keys)

    relations = [relation for article, keys in found for relation in compare(article, keys, fetch, bitmaps=bitmaps)]
    insert_rows(session, SignatureRow, signatures)
    detached = detached_ids(session) if relations else set()
    insert_rows(session, CopyRow, [_relation_values(r, detached) for r in relations])
    # Only articles in a relation can change a group or a claim's mark: the others are left out of the regrouping.
    return {int(key) for r in relations for key in (r.copy, r.original)}


_HEADER = select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.published, Outlet.name.label("outlet")).outerjoin(
    Outlet, ArticleRow.outlet_id == Outlet.id
)


def _articles(session: Session, ids: Iterable[int]) -> dict[str, Article]:
    """Stored articles keyed by their row id as text (the copy index's key), with what classifying needs."""
    query = _HEADER.add_columns(ArticleRow.text).where(ArticleRow.id.in_(list(ids)))
    return {
        str(r.id): Article(id=str(r.id), text=r.text, outlet=r.outlet, published=r.published)
        for r in session.execute(query)
    }


def _signature_values(article_id: int, sig: Signature, bits: U8) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "minhash": sig.document.astype("<u4").tobytes(),
        "anchors": sig.anchors.astype("<u8").tobytes(),
        "shingles": sig.shingles,
        "bits": bits.tobytes(),
    }


def _relation_values(relation: CopyRelation, detached: set[int]) -> dict[str, Any]:
    passages = [[*p.original, *p.copy, p.words] for p in relation.passages]
    copy, original = int(relation.copy), int(relation.original)
    return {
        "copy_id": copy,
        "original_id": original,
        "kind": relation.kind,
        "share": relation.share,
        "passages": passages,
        "detached": copy in detached or original in detached,
    }


def reclassify(session: Session, article_ids: set[int]) -> set[int]:
    """Classify again the copy relations of ``article_ids``, whose date changed; returns every article involved.

    An article takes an earlier date when an earlier publication of its text arrives
    (:mod:`harmledger.ledger.republications`): in its relations the earlier article must
    stay the original, and the share is counted over the copy's words. Its stored bitmap,
    hashed with its former outlet's name blanked, is forgotten.
    """
    if not article_ids:
        return set()
    forget = update_rows(SignatureRow).where(SignatureRow.article_id.in_(article_ids))
    session.execute(forget.values(bits=None))
    touching = or_(CopyRow.copy_id.in_(article_ids), CopyRow.original_id.in_(article_ids))
    pairs = session.execute(select(CopyRow.copy_id, CopyRow.original_id).where(touching)).all()
    involved = {a for pair in pairs for a in pair}
    if not pairs:
        return involved
    session.execute(delete(CopyRow).where(touching))
    texts = _articles(session, involved)
    relations = [classify(texts[str(copy)], texts[str(original)]) for copy, original in pairs]
    detached = detached_ids(session)
    insert_rows(session, CopyRow, [_relation_values(r, detached) for r in relations if r.kind != "independent"])
    return involved


def update(session: Session, article_ids: set[int]) -> set[str]:
    """Regroup ``article_ids`` and re-mark their copied claims; returns the block keys to relink."""
    if not article_ids:
        return set()
    regroup(session, article_ids)
    return block_keys(session, mark(session, article_ids))


def regroup(session: Session, seeds: set[int]) -> None:
    """Recompute the copy groups that ``seeds`` are in, were in, or now join: each member → earliest member.

    A group is kept when it has two publications or more: two articles, or one republished.
    """
    members = set(seeds)
    for chunk in chunks(sorted(seeds)):
        former = select(GroupRow.original_id).where(GroupRow.article_id.in_(chunk))
        members.update(session.scalars(select(GroupRow.article_id).where(GroupRow.original_id.in_(former))))
    pairs: set[tuple[int, int]] = set()
    frontier = set(members)
    while frontier:
        found: set[int] = set()
        for chunk in chunks(sorted(frontier)):
            query = select(CopyRow.original_id, CopyRow.copy_id).where(
                CopyRow.kind == "full",
                CopyRow.detached.is_(False),
                or_(CopyRow.copy_id.in_(chunk), CopyRow.original_id.in_(chunk)),
            )
            for original, copy in session.execute(query):
                pairs.add((original, copy))
                found |= {original, copy}
        frontier = found - members
        members |= found
    roots = group_roots(_orders(session, members), sorted(pairs))
    republished = _republication_counts(session, members)  # a text republished is listed even if nothing copies it
    sizes: dict[int, int] = {}
    for article, root in roots.items():
        sizes[root] = sizes.get(root, 0) + republished.get(article, 0) + 1
    for chunk in chunks(sorted(members)):
        session.execute(delete(GroupRow).where(GroupRow.article_id.in_(chunk)))
    rows = [{"article_id": a, "original_id": r} for a, r in sorted(roots.items()) if sizes[r] > 1]
    insert_rows(session, GroupRow, rows)


def _republication_counts(session: Session, ids: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for chunk in chunks(sorted(ids)):
        query = select(RepublicationRow.article_id, func.count()).where(RepublicationRow.article_id.in_(chunk))
        counts.update((a, n) for a, n in session.execute(query.group_by(RepublicationRow.article_id)))
    return counts


def _orders(session: Session, ids: Iterable[int]) -> dict[int, Order]:
    orders: dict[int, Order] = {}
    for chunk in chunks(sorted(ids)):
        query = select(ArticleRow.id, ArticleRow.published, ArticleRow.content_hash).where(ArticleRow.id.in_(chunk))
        orders.update({r.id: order_key(r.published, r.content_hash) for r in session.execute(query)})
    return orders


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    start: int
    end: int
    figures: tuple[str, int | None, int | None]


def mark(session: Session, article_ids: set[int]) -> set[int]:
    """Mark the copied claims of ``article_ids`` and of their copies; returns every article re-marked.

    A claim is a copy when it lies inside a passage shared with an earlier article and
    that article has a claim of the same outcome and figures inside the same passage: the
    nearest one to where the claim sits in the copy. The earliest original with such a
    claim wins. Claims outside every passage stay the copy's own reporting.
    """
    targets = set(article_ids)
    for chunk in chunks(sorted(article_ids)):
        targets.update(session.scalars(select(CopyRow.copy_id).where(CopyRow.original_id.in_(chunk))))
    relations: list[CopyRow] = []
    for chunk in chunks(sorted(targets)):
        copied = select(ClaimRow.id).where(ClaimRow.article_id.in_(chunk))
        session.execute(delete(ClaimCopyRow).where(ClaimCopyRow.claim_id.in_(copied)))
        relations += session.scalars(select(CopyRow).where(CopyRow.copy_id.in_(chunk), CopyRow.detached.is_(False)))
    involved = {r.copy_id for r in relations} | {r.original_id for r in relations}
    claims = _claims(session, involved)
    orders = _orders(session, involved)
    marks: dict[int, int] = {}
    for relation in sorted(relations, key=lambda r: orders[r.original_id]):
        for claim in claims.get(relation.copy_id, ()):
            if claim.id not in marks:
                match = _match(claim, relation.passages, claims.get(relation.original_id, ()))
                if match is not None:
                    marks[claim.id] = match
    insert_rows(session, ClaimCopyRow, [{"claim_id": c, "original_claim_id": o} for c, o in sorted(marks.items())])
    return targets


def _claims(session: Session, article_ids: set[int]) -> dict[int, list[_Claim]]:
    found: dict[int, list[_Claim]] = {}
    columns = (
        ClaimRow.id,
        ClaimRow.article_id,
        ClaimRow.start,
        ClaimRow.end,
        ClaimRow.outcome,
        ClaimRow.min,
        ClaimRow.max,
    )
    for chunk in chunks(sorted(article_ids)):
        for r in session.execute(select(*columns).where(ClaimRow.article_id.in_(chunk)).order_by(ClaimRow.id)):
            found.setdefault(r.article_id, []).append(_Claim(r.id, r.start, r.end, (r.outcome, r.min, r.max)))
    return found


def _match(claim: _Claim, passages: Sequence[Sequence[int]], originals: Sequence[_Claim]) -> int | None:
    """The original's claim that ``claim`` repeats, through the shared passage that holds it, or None."""
    for o_start, o_end, c_start, c_end, _words in passages:
        if c_start <= claim.start and claim.end <= c_end:
            where = o_start + (claim.start - c_start)
            same = [o for o in originals if o.figures == claim.figures and o_start <= o.start and o.end <= o_end]
            if same:
                return min(same, key=lambda o: (abs(o.start - where), o.id)).id
    return None


def origins(session: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    """The first claim each copied claim of ``claim_ids`` repeats, following copies of copies; others absent."""
    direct: dict[int, int] = {}
    for chunk in chunks(sorted(claim_ids)):
        query = select(ClaimCopyRow.claim_id, ClaimCopyRow.original_claim_id).where(ClaimCopyRow.claim_id.in_(chunk))
        direct.update(session.execute(query).all())
    found = dict(direct)
    pending = set(direct.values())
    seen = set(pending)
    while pending:  # originals are always earlier articles, so the chain ends; ``seen`` guards it all the same
        step: dict[int, int] = {}
        for chunk in chunks(sorted(pending)):
            query = select(ClaimCopyRow.claim_id, ClaimCopyRow.original_claim_id)
            step.update(session.execute(query.where(ClaimCopyRow.claim_id.in_(chunk))).all())
        found = {claim: step.get(origin, origin) for claim, origin in found.items()}
        pending = set(step.values()) - seen
        seen |= pending
    return found


def detached_ids(session: Session) -> set[int]:
    """Articles an analyst took out of their copy relations: the newest ``detach`` decision of each, not withdrawn."""
    newest: dict[str, object] = {}
    query = select(DecisionRow.target, DecisionRow.value).where(DecisionRow.kind == DETACH).order_by(DecisionRow.id)
    for target, value in session.execute(query):
        newest[target] = value
    hashes = sorted(target for target, value in newest.items() if value is not None)
    return set(session.scalars(select(ArticleRow.id).where(ArticleRow.content_hash.in_(hashes)))) if hashes else set()


def apply_decisions(session: Session) -> set[str]:
    """Regroup and re-mark the articles named by queued ``detach`` decisions; returns the block keys to relink."""
    prefix = f"decision:{DETACH}:"
    hashes = [key.removeprefix(prefix) for key in session.scalars(select(PendingRow.key)) if key.startswith(prefix)]
    if not hashes:
        return set()
    ids = set(session.scalars(select(ArticleRow.id).where(ArticleRow.content_hash.in_(hashes))))
    detached = detached_ids(session)
    for chunk in chunks(sorted(ids)):
        touching = or_(CopyRow.copy_id.in_(chunk), CopyRow.original_id.in_(chunk))
        related = session.execute(select(CopyRow.original_id, CopyRow.copy_id).where(touching)).all()
        ids.update(a for pair in related for a in pair)
        flagged = or_(CopyRow.copy_id.in_(detached), CopyRow.original_id.in_(detached)) if detached else false()
        session.execute(update_rows(CopyRow).where(touching).values(detached=flagged))
    return update(session, ids)


def claim_keys_of_copy(session: Session, content_hash: str) -> list[str]:
    """The claim keys of the article ``content_hash`` if it is in a copy relation; else says why it cannot detach."""
    row = session.scalar(select(ArticleRow).where(ArticleRow.content_hash == content_hash))
    if row is None:
        raise NotFoundError(f"no article with content hash {content_hash!r}: `harmledger duplicates` lists them")
    related = select(CopyRow.copy_id).where(or_(CopyRow.copy_id == row.id, CopyRow.original_id == row.id))
    if session.scalar(related.limit(1)) is None and row.id not in detached_ids(session):
        raise CopyError(f"article {row.id} copies nothing and nothing copies it: there is no group to detach it from")
    claims = session.execute(select(ClaimRow.start, ClaimRow.end).where(ClaimRow.article_id == row.id))
    return [claim_key(content_hash, start, end) for start, end in claims]


def block_keys(session: Session, article_ids: set[int]) -> set[str]:
    """The blocking keys of ``article_ids``: queued, they relink those articles' incidents."""
    keys: set[str] = set()
    for chunk in chunks(sorted(article_ids)):
        keys.update(session.scalars(select(BlockRow.key).where(BlockRow.article_id.in_(chunk))))
    return keys
