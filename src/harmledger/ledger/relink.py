"""Incremental relinking: recompute only the incidents and tallies new claims can touch.

Storing a claim files its blocking keys (``claim_blocks``) and queues them
(``relink_queue``) in the same transaction. :func:`relink` follows the queued keys
through ``claim_blocks`` to every claim that shares one, and on to their keys, until
nothing new is reached: that closed set of claims cannot be linked with any claim
outside it, so linking it alone gives exactly what linking the whole ledger would — the
order-independence of :func:`harmledger.link.link` carries over. Claims and incidents
named by analysts' decisions are always included, so a moved claim or merged incident
is rebuilt with its destination. The queue is emptied in the same transaction, so a
killed run leaves it full and the next run finishes the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session

from harmledger.ledger import copies, decisions
from harmledger.ledger.bulk import chunks
from harmledger.ledger.rows import EVIDENCE_COLUMNS, claim_key, evidence, group_values
from harmledger.ledger.tables import ArticleRow, BlockRow, ClaimRow, IncidentRow, LinkRow, PendingRow, TallyRow
from harmledger.link import Evidence, Group, link

Linker = Callable[[Iterable[Evidence]], list[Group]]


def relink(session: Session, *, everything: bool = False, linker: Linker = link) -> tuple[int, int]:
    """Relink the claims the queue reaches (or all of them); returns (incidents, tallies) rewritten.

    ``linker`` is :func:`~harmledger.link.link` or anything giving its result, such as linking by region in
    parallel (:func:`harmledger.link.regions.linker`).
    """
    overrides = decisions.load(session)
    queued = set(session.scalars(select(PendingRow.key)))
    if everything:
        ids = set(session.scalars(select(ClaimRow.id)))
    elif queued:
        ids = _closure(session, queued, decisions.claims_named(session, *overrides.named()))
    else:
        return 0, 0
    items = [e for e in _evidence(session, ids) if e[1] not in overrides.rejected]
    key_of = {e.id: key for e, key in items}
    groups = decisions.apply(linker(e for e, _ in items), overrides, key_of)
    _drop_groups(session, ids)
    _write_groups(session, groups, overrides)
    session.execute(delete(PendingRow))
    incidents = sum(1 for g in groups if g.kind == "incident")
    return incidents, len(groups) - incidents


def _closure(session: Session, keys: set[str], ids: set[int]) -> set[int]:
    """Every claim reachable from ``keys`` and ``ids`` through shared blocking keys."""
    seen_keys: set[str] = set()
    frontier_keys, frontier_ids, reached = set(keys), set(ids), set(ids)
    while frontier_keys or frontier_ids:
        for batch in chunks(frontier_ids):
            frontier_keys.update(session.scalars(select(BlockRow.key).where(BlockRow.claim_id.in_(batch))))
        frontier_keys -= seen_keys
        seen_keys |= frontier_keys
        found: set[int] = set()
        for keys_batch in chunks(frontier_keys):
            found.update(session.scalars(select(BlockRow.claim_id).where(BlockRow.key.in_(keys_batch))))
        frontier_ids = found - reached
        reached |= found
        frontier_keys = set()
    return reached


def _evidence(session: Session, ids: set[int]) -> list[tuple[Evidence, str]]:
    """Linker input for ``ids``, each with its stable claim key, in id order (plain rows: no ORM objects to build).

    A claim read from copied text carries the claim it repeats (``copy_of``): it is never counted twice.
    """
    found: list[tuple[Evidence, str]] = []
    copied = copies.origins(session, ids)
    query = select(*EVIDENCE_COLUMNS).join(ArticleRow, ClaimRow.article_id == ArticleRow.id)
    for batch in chunks(sorted(ids)):
        for row in session.execute(query.where(ClaimRow.id.in_(batch)).order_by(ClaimRow.id)):
            item = evidence(row)
            item = replace(item, copy_of=copied[row.id]) if row.id in copied else item
            found.append((item, claim_key(row.content_hash, row.start, row.end)))
    return found


def _write_groups(session: Session, groups: list[Group], overrides: decisions.Overrides) -> None:
    """Incidents and tallies with their links, a few multi-row inserts per table."""
    connection = session.connection()
    for kind, table, column in (("incident", IncidentRow, "incident_id"), ("tally", TallyRow, "tally_id")):
        chosen = [g for g in groups if g.kind == kind]
        if not chosen:
            continue
        rows = [group_values(g, overrides.corrections.get(g.key, {})) for g in chosen]
        connection.execute(insert(table.__table__), rows)  # type: ignore[arg-type]
        ids: dict[str, int] = {}
        for keys in chunks([g.key for g in chosen]):
            ids.update(session.execute(select(table.key, table.id).where(table.key.in_(keys))).all())
        links = [
            {"claim_id": m.id, column: ids[g.key], "reason": g.reasons[m.id][0], "score": g.reasons[m.id][1]}
            for g in chosen
            for m in g.members
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
