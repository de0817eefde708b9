"""Grouping claims into incidents and tallies, deterministically.

Claims are read in a canonical order (by date, then by their stable order key), never in
arrival order, so the same reports give the same incidents however they arrive. A claim
joins the best-scoring incident only if it is compatible with *every* claim already in
it (complete linkage): two strikes that each resemble a third report never chain into
one. Subsets follow their parent; cumulative claims form tallies, never incidents. A
claim too vague to found an incident that matches none stays unlinked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from harmledger.link.rules import THRESHOLD, Evidence, can_found, compare, place_keys


@dataclass(slots=True)
class Group:
    """An incident or tally being formed: its member claims and why each joined."""

    kind: str
    members: list[Evidence] = field(default_factory=list)
    reasons: dict[int, tuple[str, float]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable id: derived from the group's first member in canonical order."""
        first = min(m.order for m in self.members)
        return hashlib.sha1(f"{self.kind}:{first}".encode(), usedforsecurity=False).hexdigest()[:12]

    def add(self, evidence: Evidence, reason: str, score: float) -> None:
        self.members.append(evidence)
        self.reasons[evidence.id] = (reason, score)


def _canonical(evidence: Evidence) -> tuple[str, str]:
    return (evidence.claim.date or "~", evidence.order)


def link(evidence: Iterable[Evidence]) -> list[Group]:
    """Incidents and tallies for ``evidence``; the result does not depend on input order."""
    items = sorted(evidence, key=_canonical)
    parents = _parents(items)
    incidents: list[Group] = []
    tallies: list[Group] = []
    group_of: dict[int, Group] = {}
    for item in items:
        if item.id in parents:
            continue
        group = _tally_for(item, tallies) if item.claim.cumulative else _incident_for(item, incidents)
        if group is not None:
            group_of[item.id] = group
    for item in items:
        parent = parents.get(item.id)
        root = _root(parent, parents) if parent is not None else None
        if root is not None and root in group_of:
            group_of[root].add(item, "subset of a claim in this incident", 1.0)
    return [g for g in incidents + tallies if g.members]


def _parents(items: Sequence[Evidence]) -> dict[int, int]:
    """Subset claim id → parent claim id, matched by the parent's quote in the same article."""
    by_quote = {(e.article, e.claim.quote): e.id for e in items if e.claim.subset_of is None}
    parents: dict[int, int] = {}
    for e in items:
        if e.claim.subset_of is not None:
            parent = by_quote.get((e.article, e.claim.subset_of))
            if parent is not None:
                parents[e.id] = parent
    return parents


def _root(claim_id: int, parents: dict[int, int]) -> int:
    while claim_id in parents:
        claim_id = parents[claim_id]
    return claim_id


def _incident_for(item: Evidence, incidents: list[Group]) -> Group | None:
    best: tuple[float, str, Group] | None = None
    for group in incidents:
        matches = [compare(item, member) for member in group.members]
        if any(m is None for m in matches):
            continue
        top = max(matches, key=lambda m: m.score if m else 0.0)
        if top is not None and top.score >= THRESHOLD and (best is None or top.score > best[0]):
            best = (top.score, top.reason, group)
    if best is None:
        if not can_found(item.claim):
            return None
        group = Group("incident")
        incidents.append(group)
        group.add(item, "first report of this incident", 1.0)
        return group
    best[2].add(item, best[1], best[0])
    return best[2]


def _tally_for(item: Evidence, tallies: list[Group]) -> Group | None:
    keys = place_keys(item.claim)
    for group in tallies:
        other = group.members[0].claim
        if other.date == item.claim.date and other.outcome == item.claim.outcome and keys & place_keys(other):
            group.add(item, "same tally: place, period and outcome", 1.0)
            return group
    if not can_found(item.claim):
        return None
    group = Group("tally")
    tallies.append(group)
    group.add(item, "first report of this tally", 1.0)
    return group
