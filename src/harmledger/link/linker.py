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

Complete linkage also bounds an incident in time: once the claims read are dated more than
:data:`~harmledger.link.rules.MAX_WINDOW` days and a month past its first member, no later
claim can join it. :class:`Linking` uses that to link a ledger of any size as a stream in
canonical order, holding a few weeks of incidents at a time (:mod:`harmledger.ledger.relink`).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from harmledger.link.blocks import (
    REPORT,
    UNDATED,
    Bucket,
    agreement_keys,
    bucket,
    index_keys,
    is_wide,
    month_days,
    probe_buckets,
    probe_keys,
    wide_end,
)
from harmledger.link.rules import MAX_WINDOW, THRESHOLD, UNRESOLVED, Evidence, Match, can_found, compare


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

    def __init__(self, agreements: frozenset[tuple[str, ...]] | None = None) -> None:
        self._groups: dict[str, dict[Bucket, list[Group]]] = defaultdict(lambda: defaultdict(list))
        self._wide: set[str] = set()  # keys with a wide-tier day filed under them
        self._agreeing: dict[tuple[str, ...], list[Group]] = defaultdict(list)
        self._agreements = agreements  # the only agreement keys looked up, when known in advance

    def file(self, group: Group, item: Evidence) -> None:
        filed = bucket(item)
        for key in index_keys(item):
            shelf = self._groups[key][filed]
            if not shelf or shelf[-1] is not group:
                shelf.append(group)
            if is_wide(filed):
                self._wide.add(key)
        wanted = self._agreements
        if wanted is not None and not wanted:
            return  # no claim will look any agreement up
        for agreement in agreement_keys(item):
            if wanted is None or agreement in wanted:
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

    def prune(self, horizon: int, month: str, articles: frozenset[str]) -> None:
        """Forget groups filed before day ``horizon`` and months before ``month``, but those of ``articles``.

        No claim dated from then on can match them; claims of unresolved date find the groups of
        their own ``articles`` through the ``art:`` key, and theirs are kept.
        """
        for key in list(self._groups):
            if key.startswith(REPORT) and key[len(REPORT) :] in articles:
                continue
            shelves = self._groups[key]
            for filed in [f for f in shelves if _before(f, horizon, month)]:
                del shelves[filed]
            if not shelves:
                del self._groups[key]

    def _undated(self, item: Evidence, found: dict[int, Group]) -> None:
        """An unresolved date: groups of the same report, or filed under one of the claim's agreement keys."""
        for shelf in self._groups.get(REPORT + item.article, {}).values():
            for group in shelf:
                found[group.seq] = group
        for key in agreement_keys(item):
            for group in self._agreeing.get(key, ()):
                found[group.seq] = group


def _before(filed: Bucket, horizon: int, month: str) -> bool:
    """Whether bucket ``filed`` holds only days before ``horizon`` or a month (or year) before ``month``."""
    if isinstance(filed, str):
        return filed != UNDATED and filed < month
    last = filed if filed >= 0 else wide_end(filed)
    return last < horizon


def _canonical(evidence: Evidence) -> tuple[str, str]:
    return (evidence.claim.date or UNDATED, evidence.order)


def link(evidence: Iterable[Evidence]) -> list[Group]:
    """Incidents and tallies for ``evidence``; the result does not depend on input order."""
    items = sorted(evidence, key=_canonical)
    run = Linking(parents((e.id, e.article, e.claim.quote, e.claim.subset_of) for e in items))
    for item in items:
        run.feed(item)
    return run.finish()


@dataclass(frozen=True, slots=True)
class Reach:
    """What claims with an unresolved date can join: groups with a member of their reports or agreement keys.

    Such claims are compared with groups of any date (:meth:`_Index._undated`), so a streaming
    run keeps the groups they could join to the end instead of letting them go.
    """

    articles: frozenset[str] = frozenset()
    agreements: frozenset[tuple[str, ...]] = frozenset()

    @classmethod
    def of(cls, undated: Iterable[Evidence]) -> Reach:
        """The reach of ``undated``: claims whose date is unresolved or missing (see :func:`undated`)."""
        articles: set[str] = set()
        agreements: set[tuple[str, ...]] = set()
        for item in undated:
            articles.add(item.article)
            agreements |= agreement_keys(item)
        return cls(frozenset(articles), frozenset(agreements))

    def holds(self, group: Group) -> bool:
        if not self.articles:  # no claim of unresolved date: the usual corpus of dated reports
            return False
        return any(m.article in self.articles or agreement_keys(m) & self.agreements for m in group.members)


def undated(item: Evidence) -> bool:
    """Whether ``item`` is compared with groups of any date: its date is unresolved or missing."""
    return bucket(item) == UNDATED


class Linking:
    """One pass of the linker over claims fed in canonical order (date, then stable order key).

    :func:`link` feeds a whole list and takes every group at the end. A ledger too large to hold
    streams its claims in canonical order with ``reach`` given: a group is then handed back by
    :meth:`feed` once no claim still to come can join it (complete linkage: every member of it must
    be compatible, and one is dated too long before), so memory holds the groups of a few weeks, not
    of the whole ledger. Groups that claims of unresolved date could join (``reach``) are kept to the
    end, and a group waits for the subsets of its claims, which are attached to it last, in canonical
    order, exactly as :func:`link` attaches them.
    """

    def __init__(self, parents: dict[int, int], reach: Reach | None = None) -> None:
        self._parents = parents
        self._reach = reach
        self._index = _Index(reach.agreements if reach is not None else None)
        self._tally_index: dict[tuple[str, str | None, str], Group] = {}
        self._count = {"incident": 0, "tally": 0}
        self._open: dict[tuple[str, int], Group] = {}  # every group not yet handed back
        self._roots: dict[tuple[str, int], list[int]] = defaultdict(list)  # claims of a group that subsets follow
        self._subsets: dict[int, list[Evidence]] = defaultdict(list)  # by the claim they follow
        self._owed = Counter(_root(parent, parents) for parent in parents.values())  # subsets still to come
        self._group_of: dict[int, tuple[str, int]] = {}
        self._closing: list[tuple[str, str, int]] = []  # (date from which it is final, kind, seq): a heap
        self._waiting: set[tuple[str, int]] = set()  # final but for subsets still to come
        self._pruned = -1
        self._last = ("", "")

    def feed(self, item: Evidence) -> list[Group]:
        """Link ``item``; with a ``reach``, returns the groups no later claim can change."""
        done: list[Group] = []
        if self._reach is not None:
            position = _canonical(item)
            if position < self._last:
                raise ValueError(f"claim {item.id} fed out of canonical order: after {self._last}")
            self._last = position
            done = self._close(position[0])
        if item.id in self._parents:
            root = _root(self._parents[item.id], self._parents)
            self._subsets[root].append(item)
            self._owed[root] -= 1
            home = self._group_of.get(root)
            if home in self._waiting and self._settled(home):
                done.append(self._hand_back(home))
            return done
        group = self._tally_for(item) if item.claim.cumulative else self._incident_for(item)
        if group is not None and item.id in self._owed:
            ref = (group.kind, group.seq)
            self._group_of[item.id] = ref
            self._roots[ref].append(item.id)
        return done

    def finish(self) -> list[Group]:
        """Every group not handed back yet: incidents, then tallies, each in creation order."""
        refs = sorted(self._open, key=lambda ref: (ref[0] != "incident", ref[1]))
        return [self._hand_back(ref) for ref in refs]

    def _new(self, kind: str) -> Group:
        group = Group(kind, seq=self._count[kind])
        self._count[kind] += 1
        self._open[(kind, group.seq)] = group
        return group

    def _incident_for(self, item: Evidence) -> Group | None:
        best = _best(item, self._index.candidates(item))
        if best is None:
            if not can_found(item.claim):
                return None
            group = self._new("incident")
            group.add(item, "first report of this incident", 1.0)
            self._expire(group, _final_from(item))
        else:
            group = best[2]
            group.add(item, best[1], best[0])
        self._index.file(group, item)
        return group

    def _tally_for(self, item: Evidence) -> Group | None:
        """The tally of the same place, period and outcome, or a new one."""
        keys = [(key, item.claim.date, item.claim.outcome) for key in sorted(item.places)]
        group = next((self._tally_index[k] for k in keys if k in self._tally_index), None)
        if group is not None:
            group.add(item, "same tally: place, period and outcome", 1.0)
        elif can_found(item.claim):
            group = self._new("tally")
            group.add(item, "first report of this tally", 1.0)
            if item.claim.date:  # only the very same date string joins it; "\0" sorts right after it
                self._expire(group, item.claim.date + "\0")
        else:
            return None
        for k in keys:
            self._tally_index.setdefault(k, group)
        return group

    def _expire(self, group: Group, final_from: str | None) -> None:
        if self._reach is not None and final_from is not None:
            heapq.heappush(self._closing, (final_from, group.kind, group.seq))

    def _close(self, position: str) -> list[Group]:
        """Hand back the groups final once the claims fed reach ``position`` (a date string, or UNDATED)."""
        assert self._reach is not None
        done: list[Group] = []
        while self._closing and self._closing[0][0] <= position:
            _, kind, seq = heapq.heappop(self._closing)
            ref = (kind, seq)
            if self._reach.holds(self._open[ref]):
                continue  # a claim of unresolved date may still join it
            if self._settled(ref):
                done.append(self._hand_back(ref))
            else:
                self._waiting.add(ref)
        self._prune(position)
        return done

    def _prune(self, position: str) -> None:
        """Drop index entries no claim from ``position`` on can match, every month or so of claims."""
        day = _ordinal(position)
        if day is None or day < self._pruned + _PRUNE_EVERY:
            return
        self._pruned = day
        horizon = min(day - MAX_WINDOW, date.fromordinal(day).replace(day=1).toordinal())
        assert self._reach is not None
        self._index.prune(horizon, position[:7], self._reach.articles)
        for key in [k for k in self._tally_index if k[1] is not None and k[1] < position]:
            del self._tally_index[key]

    def _settled(self, ref: tuple[str, int]) -> bool:
        return all(self._owed[root] == 0 for root in self._roots.get(ref, ()))

    def _hand_back(self, ref: tuple[str, int]) -> Group:
        """The group ``ref`` with its subsets attached, forgotten here."""
        group = self._open.pop(ref)
        self._waiting.discard(ref)
        roots = self._roots.pop(ref, [])
        for root in roots:
            del self._group_of[root]
            del self._owed[root]
        followed = [s for root in roots for s in self._subsets.pop(root, ())]
        for item in sorted(followed, key=_canonical):
            group.add(item, "subset of a claim in this incident", 1.0)
        return group


_PRUNE_EVERY = 16  # days of claims between prunings of the index


def _ordinal(position: str) -> int | None:
    try:
        return date.fromisoformat(position).toordinal() if len(position) == 10 else None
    except ValueError:
        return None


def _final_from(founder: Evidence) -> str | None:
    """The earliest date string from which no claim can join the incident ``founder`` starts.

    Every member must be compatible with a newcomer (:func:`~harmledger.link.rules.compare`): a
    newcomer dated from this on is in a later month than the founder and, if the founder has a
    day, more than :data:`~harmledger.link.rules.MAX_WINDOW` days after it. None: no such date
    (an unresolved date, or one that is not a day or month).
    """
    claim = founder.claim
    if undated(founder) or not claim.date:
        return None
    days = month_days(claim.date[:7])
    if not days:
        return None  # a year or a period
    following = date.fromordinal(days.stop)
    if founder.day is None:
        return following.isoformat()
    return max(following, date.fromordinal(founder.day + MAX_WINDOW + 1)).isoformat()


Quoted = tuple[int, str, str, str | None]
"""What pairs a subset with its parent: claim id, article, quote and the quote it is a subset of."""


def parents(items: Iterable[Quoted]) -> dict[int, int]:
    """Subset claim id → parent claim id, matched by the parent's quote in the same article.

    ``items`` come in canonical order: of two claims with the parent's quote, the later is the parent.
    """
    items = list(items)
    reports = {article for _, article, _, subset_of in items if subset_of is not None}
    by_quote = {
        (article, quote): i for i, article, quote, subset_of in items if subset_of is None and article in reports
    }
    found: dict[int, int] = {}
    for i, article, _, subset_of in items:
        if subset_of is not None:
            parent = by_quote.get((article, subset_of))
            if parent is not None and parent != i:
                found[i] = parent
    return found


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
