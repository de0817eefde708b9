"""Grouping claims into incidents and tallies, deterministically.

Claims are read in a canonical order (by date, then by their stable order key), never in
arrival order, so the same reports give the same incidents however they arrive. A claim
joins the best-scoring incident only if it is compatible with *every* claim already in
it (complete linkage): two strikes that each resemble a third report never chain into
one. Subsets follow their parent; cumulative claims form tallies, never incidents. A
claim too vague to found an incident that matches none stays unlinked.

Each claim is compared only with the incidents filed under its blocking keys and months
(:mod:`harmledger.link.blocks`), so the cost grows with the number of candidates, not
with the size of the ledger. Blocking only skips pairs the rules would reject, so the
result is the one an all-pairs comparison would give.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from harmledger.link.blocks import (
    UNDATED,
    Bucket,
    agreement_keys,
    bucket,
    index_keys,
    is_wide,
    probe_buckets,
    probe_keys,
)
from harmledger.link.rules import THRESHOLD, UNRESOLVED, Evidence, Match, can_found, compare


@dataclass(slots=True)
class Group:
    """An incident or tally being formed: its member claims and why each joined."""

    kind: str
    members: list[Evidence] = field(default_factory=list)
    reasons: dict[int, tuple[str, float]] = field(default_factory=dict)
    seq: int = 0  # creation order, to break score ties the same way on every run
    pinned: str | None = None  # the key as linked, kept when an analyst's decision moves members
    # One member per distinct signature, in order of arrival, and the reports of all members: see _best.
    distinct: list[Evidence] = field(default_factory=list, repr=False)
    _articles: list[str] = field(default_factory=list, repr=False)  # a list: most groups hold one or two

    @property
    def key(self) -> str:
        """Stable id: derived from the group's first member in canonical order."""
        if self.pinned is not None:
            return self.pinned
        first = min(m.order for m in self.members)
        return hashlib.sha1(f"{self.kind}:{first}".encode(), usedforsecurity=False).hexdigest()[:12]

    def add(self, evidence: Evidence, reason: str, score: float) -> None:
        self.members.append(evidence)
        self.reasons[evidence.id] = (reason, score)
        signature = _signature(evidence)
        if all(_signature(other) != signature for other in self.distinct):
            self.distinct.append(evidence)
        if evidence.article not in self._articles:
            self._articles.append(evidence.article)

    def comparable(self, item: Evidence) -> list[Evidence]:
        """The members ``item`` must be compared with: one per signature, unless only all of them will do.

        :func:`~harmledger.link.rules.compare` of a claim with a resolved date against a claim of
        another report reads only the fields of :func:`_signature`, so members alike in those give
        the same answer and the first of them stands for all. A claim with an unresolved date also
        reads claimants and figures, and a claim of a report already in the group scores the
        report, so those are compared with every member.
        """
        if item.claim.date_precision in UNRESOLVED or item.article in self._articles:
            return self.members
        return self.distinct


def _signature(item: Evidence) -> tuple[object, ...]:
    """What :func:`~harmledger.link.rules.compare` reads of a claim met by a dated claim of another report."""
    claim = item.claim
    if claim.date_precision in UNRESOLVED:
        return (item.id,)  # compared on claimant and figures too: stands for itself only
    return (
        item.places,
        item.districts,
        item.coords,
        item.near,
        item.coarse,
        item.day,
        claim.date,
        claim.date_precision,
        claim.perpetrator,
        claim.attack,
    )


class _Index:
    """Incidents filed by blocking key and date bucket, and by agreement key (:mod:`harmledger.link.blocks`)."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[Bucket, list[Group]]] = defaultdict(lambda: defaultdict(list))
        self._wide: set[str] = set()  # keys with a wide-tier day filed under them
        self._agreeing: dict[tuple[str, ...], list[Group]] = defaultdict(list)

    def file(self, group: Group, item: Evidence) -> None:
        filed = bucket(item)
        for key in index_keys(item):
            shelf = self._groups[key][filed]
            if not shelf or shelf[-1] is not group:
                shelf.append(group)
            if is_wide(filed):
                self._wide.add(key)
        for agreement in agreement_keys(item):
            shelf = self._agreeing[agreement]
            if not shelf or shelf[-1] is not group:
                shelf.append(group)

    def candidates(self, item: Evidence) -> list[Group]:
        """Groups ``item`` could join, in creation order; every other group has a member it cannot link with."""
        found: dict[int, Group] = {}
        buckets = probe_buckets(item)
        if buckets is None:
            self._undated(item, found)
        else:
            for key in probe_keys(item):
                shelves = self._groups.get(key)
                if shelves:
                    for filed in buckets[0] + buckets[1] if key in self._wide else buckets[0]:
                        for group in shelves.get(filed, ()):
                            found[group.seq] = group
        return [found[seq] for seq in sorted(found)]

    def _undated(self, item: Evidence, found: dict[int, Group]) -> None:
        """An unresolved date: groups of the same report, or filed under one of the claim's agreement keys."""
        for shelf in self._groups.get(f"art:{item.article}", {}).values():
            for group in shelf:
                found[group.seq] = group
        for key in agreement_keys(item):
            for group in self._agreeing.get(key, ()):
                found[group.seq] = group


def _canonical(evidence: Evidence) -> tuple[str, str]:
    return (evidence.claim.date or UNDATED, evidence.order)


def link(evidence: Iterable[Evidence]) -> list[Group]:
    """Incidents and tallies for ``evidence``; the result does not depend on input order."""
    items = sorted(evidence, key=_canonical)
    parents = _parents(items)
    incidents: list[Group] = []
    tallies: list[Group] = []
    tally_index: dict[tuple[str, str | None, str], Group] = {}
    index = _Index()
    roots = {_root(parent, parents) for parent in parents.values()}
    group_of: dict[int, Group] = {}  # only for claims that subsets attach to
    for item in items:
        if item.id in parents:
            continue
        if item.claim.cumulative:
            group = _tally_for(item, tallies, tally_index)
        else:
            group = _incident_for(item, incidents, index)
        if group is not None and item.id in roots:
            group_of[item.id] = group
    for item in items:
        parent = parents.get(item.id)
        root = _root(parent, parents) if parent is not None else None
        if root is not None and root in group_of:
            group_of[root].add(item, "subset of a claim in this incident", 1.0)
    return incidents + tallies


def _parents(items: Sequence[Evidence]) -> dict[int, int]:
    """Subset claim id → parent claim id, matched by the parent's quote in the same article."""
    reports = {e.article for e in items if e.claim.subset_of is not None}
    by_quote = {(e.article, e.claim.quote): e.id for e in items if e.claim.subset_of is None and e.article in reports}
    parents: dict[int, int] = {}
    for e in items:
        if e.claim.subset_of is not None:
            parent = by_quote.get((e.article, e.claim.subset_of))
            if parent is not None and parent != e.id:
                parents[e.id] = parent
    return parents


def _root(claim_id: int, parents: dict[int, int]) -> int:
    seen = {claim_id}
    while claim_id in parents and parents[claim_id] not in seen:
        claim_id = parents[claim_id]
        seen.add(claim_id)
    return claim_id


def _best(item: Evidence, candidates: Sequence[Group]) -> tuple[float, str, Group] | None:
    """The best-scoring candidate that ``item`` is compatible with in full (complete linkage)."""
    best: tuple[float, str, Group] | None = None
    for group in candidates:
        top: Match | None = None
        for member in group.comparable(item):
            match = compare(item, member)
            if match is None:
                top = None
                break
            if top is None or match.score > top.score:
                top = match
        if top is not None and top.score >= THRESHOLD and (best is None or top.score > best[0]):
            best = (top.score, top.reason, group)
    return best


def _incident_for(item: Evidence, incidents: list[Group], index: _Index) -> Group | None:
    best = _best(item, index.candidates(item))
    if best is None:
        if not can_found(item.claim):
            return None
        group = Group("incident", seq=len(incidents))
        incidents.append(group)
        group.add(item, "first report of this incident", 1.0)
    else:
        group = best[2]
        group.add(item, best[1], best[0])
    index.file(group, item)
    return group


def _tally_for(item: Evidence, tallies: list[Group], index: dict[tuple[str, str | None, str], Group]) -> Group | None:
    """The tally of the same place, period and outcome, or a new one."""
    keys = [(key, item.claim.date, item.claim.outcome) for key in sorted(item.places)]
    group = next((index[k] for k in keys if k in index), None)
    if group is not None:
        group.add(item, "same tally: place, period and outcome", 1.0)
    elif can_found(item.claim):
        group = Group("tally", seq=len(tallies))
        tallies.append(group)
        group.add(item, "first report of this tally", 1.0)
    else:
        return None
    for k in keys:
        index.setdefault(k, group)
    return group
