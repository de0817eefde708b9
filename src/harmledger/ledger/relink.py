"""Incremental relinking: recompute only the incidents and tallies new claims can touch.

Storing a report's claims files their blocking keys under the report (``article_blocks``)
and queues them (``relink_queue``) in the same transaction. :func:`relink` follows the
queued keys through ``article_blocks`` to every report that shares one, and on to their
keys, until nothing new is reached: that closed set of claims cannot be linked with any claim
outside it, so linking it alone gives exactly what linking the whole ledger would — the
order-independence of :func:`harmledger.link.link` carries over. Claims and incidents
named by analysts' decisions are always included, so a moved claim or merged incident
is rebuilt with its destination. The queue is emptied in the same transaction, so a
killed run leaves it full and the next run finishes the work.

When the closed set is most of the ledger (a corpus whose reports arrive in no order of
date reaches every place and month), the whole ledger is relinked instead, streamed in
canonical order through :class:`~harmledger.link.linker.Linking`: memory then holds the
incidents of a few weeks, and incidents are written as they are final.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Executable, case, delete, exists, func, insert, or_, select, true
from sqlalchemy.orm import Session

from harmledger.collection import fewer_full_collections
from harmledger.ledger import copies, decisions, search, spawned
from harmledger.ledger.bulk import chunks
from harmledger.ledger.db import make_engine
from harmledger.ledger.rows import EVIDENCE_COLUMNS, claim_key, evidence, group_values
from harmledger.ledger.tables import (
    ArticleRow,
    BlockRow,
    ClaimCopyRow,
    ClaimRow,
    IncidentRow,
    LinkRow,
    PendingRow,
    TallyRow,
)
from harmledger.link import Evidence, Group, link
from harmledger.link.blocks import REPORT, UNDATED
from harmledger.link.linker import Linking, Reach, parents
from harmledger.link.rules import UNRESOLVED

Linker = Callable[[Iterable[Evidence]], list[Group]]
CLOSURE_LIMIT = 500_000
"""Claims a relink links in memory at most (2.5 KB each); a larger closed set, or one over half the
ledger, is relinked by streaming the whole ledger, unless ``linker`` is another one (by region)."""
_WRITE_EVERY = 2_000  # groups written at a time, and rows fetched at a time, when streaming
_NO_DATE = or_(ClaimRow.date.is_(None), ClaimRow.date == "")
_UNDATED = or_(_NO_DATE, ClaimRow.date_precision.in_(UNRESOLVED))  # compared with groups of any date


def relink(
    session: Session, *, everything: bool = False, linker: Linker = link, helper: str | None = None
) -> tuple[int, int]:
    """Relink the claims the queue reaches (or all of them); returns (incidents, tallies) rewritten.

    ``linker`` is :func:`~harmledger.link.link` or anything giving its result, such as linking by region in
    parallel (:func:`harmledger.link.regions.linker`). With :func:`~harmledger.link.link` itself, a relink
    reaching over half the ledger or :data:`CLOSURE_LIMIT` claims, or queued by over half its reports,
    streams the whole ledger instead (:func:`_relink_all`); another linker is given every claim it must
    link at once. ``helper``, the ledger's URL, has a second process read and link the stream while this
    one writes: what it reads must be committed.
    """
    overrides = decisions.load(session)
    queued = set(session.scalars(select(PendingRow.key)))
    if not queued and not everything:
        return 0, 0
    total = session.scalar(select(func.count(ClaimRow.id))) or 0
    limit = min(total // 2, CLOSURE_LIMIT) if linker is link else total
    everything = everything or (linker is link and _names_most_reports(session, queued))
    ids = None if everything else _closure(session, queued, decisions.claims_named(session, *overrides.named()), limit)
    if ids is None and linker is link:
        return _relink_all(session, overrides, helper, queued)
    for _ in _unsearched(session, queued):
        pass
    if ids is None:
        ids = set(session.scalars(select(ClaimRow.id)))
    items = _evidence(session, ids, overrides.rejected)
    groups = decisions.apply(linker(items), overrides, {e.id: _key(e) for e in items})
    _drop_groups(session, ids)
    _write_groups(session, groups, overrides)
    _dequeue(session, queued)
    incidents = sum(1 for g in groups if g.kind == "incident")
    return incidents, len(groups) - incidents


def _names_most_reports(session: Session, keys: set[str]) -> bool:
    """Whether ``keys`` hold the ``art:`` key of over half the ledger's reports, as after a bulk load.

    Such a queue reaches over half the ledger, and walking it to find so (:func:`_closure`) took
    0.47 s at 30,000 reports, growing with the ledger, before the helper could start.
    """
    reports = sum(1 for key in keys if key.startswith(REPORT))
    return 2 * reports > (session.scalar(select(func.count(ArticleRow.id))) or 0)


def _closure(session: Session, keys: set[str], ids: set[int], limit: int) -> set[int] | None:
    """Every claim reachable from ``keys`` and ``ids`` through shared blocking keys; None once over ``limit``.

    Keys are filed per report (``article_blocks``), so the walk goes from keys to reports and back,
    and a report reached brings all its claims: they link together in any case.
    """
    seen_keys: set[str] = set()
    seen_reports: set[int] = set()
    reached = set(ids)
    frontier_keys = set(keys)
    frontier_reports = reports_of(session, ids)
    while frontier_keys or frontier_reports:
        for batch in chunks(frontier_reports):
            frontier_keys.update(session.scalars(select(BlockRow.key).where(BlockRow.article_id.in_(batch))))
        frontier_keys -= seen_keys
        seen_keys |= frontier_keys
        found: set[int] = set()
        for keys_batch in chunks(frontier_keys):
            found.update(session.scalars(select(BlockRow.article_id).where(BlockRow.key.in_(keys_batch))))
        frontier_reports = found - seen_reports
        seen_reports |= frontier_reports
        for batch in chunks(frontier_reports):
            reached.update(session.scalars(select(ClaimRow.id).where(ClaimRow.article_id.in_(batch))))
            if len(reached) > limit:
                return None  # before reading the rest: the queue of a bulk load reaches every claim
        frontier_keys = set()
    return reached


def reports_of(session: Session, ids: set[int]) -> set[int]:
    """The reports the claims ``ids`` were read from."""
    found: set[int] = set()
    for batch in chunks(ids):
        found.update(session.scalars(select(ClaimRow.article_id).where(ClaimRow.id.in_(batch))))
    return found


def _relink_all(
    session: Session, overrides: decisions.Overrides, helper: str | None, queued: set[str]
) -> tuple[int, int]:
    """Relink the whole ledger in one canonical-order pass, writing incidents as they become final.

    With ``helper`` (the ledger's URL), a spawned process reads and links (:func:`_linked_rows`)
    while this one writes what it is sent and, whenever nothing has arrived, adds a window of
    the claims text search lacks, if ``queued`` says there are some.
    """
    linked = spawned.stream(_linked_rows, helper) if helper else nullcontext(_rows_linked(session, overrides))
    indexing = _unsearched(session, queued)
    with linked as rows:
        for table in (LinkRow, IncidentRow, TallyRow):
            session.execute(delete(table))
        counts: Counter[str] = Counter()
        for batch in _meanwhile(rows, indexing):
            counts.update(incident=len(batch.incidents), tally=len(batch.tallies))
            _insert(session, batch)
    for _ in indexing:
        pass
    _dequeue(session, queued)
    return counts["incident"], counts["tally"]


def _unsearched(session: Session, queued: set[str]) -> Iterator[int]:
    """The steps of adding to text search the claims stored without it, if ``queued`` says there are some."""
    return search.index_unindexed(session) if search.UNINDEXED in queued else iter(())


def _dequeue(session: Session, keys: set[str]) -> None:
    """Take the keys this relink read off the queue; any another process queued meanwhile wait for the next one.

    On PostgreSQL claims may be stored while a relink runs (only relinks take turns): emptying
    the whole queue dropped their keys, and their claims stayed unlinked.
    """
    for batch in chunks(sorted(keys)):
        session.execute(delete(PendingRow).where(PendingRow.key.in_(batch)))


def _meanwhile(rows: Iterator[_Rows], work: Iterator[int]) -> Iterator[_Rows]:
    """The batches of ``rows``; while a helper process has none ready, steps of ``work`` run instead."""
    while True:
        while spawned.waiting(rows) and next(work, None) is not None:
            pass
        batch = next(rows, None)
        if batch is None:
            return
        yield batch


def _linked_rows(url: str) -> Iterator[_Rows]:
    """In a helper process: the rows :func:`_relink_all` writes for the ledger at ``url``, as committed."""
    engine = make_engine(url)
    try:
        with fewer_full_collections(), Session(engine) as session, session.begin():
            yield from _rows_linked(session, decisions.load(session))
    finally:
        engine.dispose()


def _rows_linked(session: Session, overrides: decisions.Overrides) -> Iterator[_Rows]:
    """The rows of the groups :func:`_linked` yields."""
    return (_rows(groups, overrides) for groups in _linked(session, overrides))


def _linked(session: Session, overrides: decisions.Overrides) -> Iterator[list[Group]]:
    """The ledger's groups, linked in one canonical-order pass, a few thousand at a time as they become final.

    Groups an analyst's move, merge or split names are held to the end, where the decisions
    reshape them (:func:`~harmledger.ledger.decisions.apply`); the others are final as linked.
    """
    rejected = overrides.rejected
    named = _Named(overrides)
    run = Linking(_parents(session, rejected), Reach.of(_read(session, _UNDATED, rejected, {})))
    copied = copies.origins(session, session.scalars(select(ClaimCopyRow.claim_id)))
    held: list[Group] = []
    ready: list[Group] = []
    for item in _read(session, true(), rejected, copied, canonical=True):
        for group in run.feed(item):
            (held if named(group) else ready).append(group)
        if len(ready) >= _WRITE_EVERY:
            yield ready
            ready = []
    for group in run.finish():
        (held if named(group) else ready).append(group)
    yield ready + decisions.apply(held, overrides, {m.id: _key(m) for g in held for m in g.members})


class _Named:
    """Whether a group holds what an analyst's move, merge or split names: it waits for the decisions."""

    def __init__(self, overrides: decisions.Overrides) -> None:
        self.incidents, self.claims = overrides.reshaped()

    def __call__(self, group: Group) -> bool:
        if not self.incidents and not self.claims:
            return False
        return group.key in self.incidents or any(_key(m) in self.claims for m in group.members)


def _parents(session: Session, rejected: set[str]) -> dict[int, int]:
    """Subset → parent claim ids over the ledger, a report at a time, by the linker's own rule."""
    reports = select(ClaimRow.article_id).where(ClaimRow.subset_of.is_not(None))
    columns = (ClaimRow.id, ArticleRow.content_hash, ClaimRow.quote, ClaimRow.subset_of, ClaimRow.date, ClaimRow.start)
    query = (
        select(*columns, ClaimRow.end)
        .join(ArticleRow, ClaimRow.article_id == ArticleRow.id)
        .where(ClaimRow.article_id.in_(reports))
        .order_by(ClaimRow.article_id, ClaimRow.id)
    )
    found: dict[int, int] = {}
    rows = _stream(session, query)
    for _, report in itertools.groupby(rows, key=lambda row: row.content_hash):
        kept = [r for r in report if not rejected or claim_key(r.content_hash, r.start, r.end) not in rejected]
        kept.sort(key=lambda r: (r.date or UNDATED, r.start))  # canonical order within a report; ties by id
        found.update(parents((r.id, r.content_hash, r.quote, r.subset_of) for r in kept))
    return found


def _read(
    session: Session,
    where: ColumnElement[bool],
    rejected: set[str],
    copied: dict[int, int],
    *,
    canonical: bool = False,
) -> Iterator[Evidence]:
    """Linker input for the claims ``where`` selects but ``rejected``, by id or in canonical order (plain rows).

    A claim read from copied text carries the claim it repeats (``copied``, :func:`copies.origins`):
    it is never counted twice.
    """
    query = select(*EVIDENCE_COLUMNS).join(ArticleRow, ClaimRow.article_id == ArticleRow.id).where(where)
    query = query.order_by(*(_canonical_order(session) if canonical else (ClaimRow.id,)))
    for row in _stream(session, query):
        if not rejected or claim_key(row.content_hash, row.start, row.end) not in rejected:
            item = evidence(row)
            yield replace(item, copy_of=copied[row.id]) if row.id in copied else item


def _stream(session: Session, query: Executable) -> Iterator[Any]:
    """The rows of ``query`` a few thousand at a time, as plain Core rows.

    Run through the session, a select of columns still goes through the ORM's loading: 4.5 s of
    CPU for the 217k claims of a 30k-report ledger, against 1.8 s on the session's connection.
    """
    return iter(session.connection().execute(query.execution_options(yield_per=_WRITE_EVERY)))


def _canonical_order(session: Session) -> list[Any]:
    """The linker's canonical order in SQL: date (UNDATED when missing), then content hash and offset, then id."""
    day: Any = case((_NO_DATE, UNDATED), else_=ClaimRow.date)
    texts = [day, ArticleRow.content_hash]
    if session.get_bind().dialect.name == "postgresql":  # byte order, as Python compares, not the locale's
        texts = [column.collate("C") for column in texts]
    return [*texts, ClaimRow.start, ClaimRow.id]


def _evidence(session: Session, ids: set[int], rejected: set[str]) -> list[Evidence]:
    """Linker input for ``ids`` but ``rejected``, in id order."""
    copied = copies.origins(session, ids)
    return [item for batch in chunks(sorted(ids)) for item in _read(session, ClaimRow.id.in_(batch), rejected, copied)]


def _key(item: Evidence) -> str:
    return claim_key(item.article, item.claim.start, item.claim.end)


@dataclass
class _Rows:
    """Groups as the rows written for them: incidents and tallies, and each one's links by its key."""

    incidents: list[dict[str, Any]]
    tallies: list[dict[str, Any]]
    links: dict[str, list[tuple[int, str, float]]]  # group key → (claim id, reason, score) of each member


def _rows(groups: list[Group], overrides: decisions.Overrides) -> _Rows:
    """The rows of ``groups``, an analyst's corrections laid over the computed values."""
    rows = _Rows([], [], {})
    for group in groups:
        key = group.key  # a hash over the members: worked out once a group, not once a link
        (rows.incidents if group.kind == "incident" else rows.tallies).append(
            group_values(group, overrides.corrections.get(key, {}))
        )
        rows.links[key] = [(m.id, *group.reasons[m.id]) for m in group.members]
    return rows


def _write_groups(session: Session, groups: list[Group], overrides: decisions.Overrides) -> None:
    """Incidents and tallies with their links, a few multi-row inserts per table."""
    _insert(session, _rows(groups, overrides))


def _insert(session: Session, rows: _Rows) -> None:
    connection = session.connection()
    for values, table, column in ((rows.incidents, IncidentRow, "incident_id"), (rows.tallies, TallyRow, "tally_id")):
        if not values:
            continue
        connection.execute(insert(table.__table__), values)  # type: ignore[arg-type]
        ids: dict[str, int] = {}
        for batch in chunks([v["key"] for v in values]):
            ids.update(session.execute(select(table.key, table.id).where(table.key.in_(batch))).all())
        links = [
            {"claim_id": claim, column: ids[v["key"]], "reason": reason, "score": score}
            for v in values
            for claim, reason, score in rows.links[v["key"]]
        ]
        connection.execute(insert(LinkRow.__table__), links)  # type: ignore[arg-type]


def _drop_groups(session: Session, ids: set[int]) -> None:
    """Remove the incidents and tallies of ``ids`` with every link into them, and any left without claims.

    Reprocessing deletes an article's claims, and with them their links: the incidents they
    formed are left empty, and would clash with the ones the new claims form.
    """
    for table, column in ((IncidentRow, LinkRow.incident_id), (TallyRow, LinkRow.tally_id)):
        doomed: set[Any] = set()
        for batch in chunks(ids):
            doomed.update(session.scalars(select(column).where(LinkRow.claim_id.in_(batch), column.is_not(None))))
        for batch in chunks(doomed):
            session.execute(delete(LinkRow).where(column.in_(batch)))
            session.execute(delete(table).where(table.id.in_(batch)))
    for batch in chunks(ids):
        session.execute(delete(LinkRow).where(LinkRow.claim_id.in_(batch)))
    for table, column in ((IncidentRow, LinkRow.incident_id), (TallyRow, LinkRow.tally_id)):
        session.execute(delete(table).where(~exists().where(column == table.id)))
