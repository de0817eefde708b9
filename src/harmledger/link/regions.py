"""Linking split into independent regions, so that it runs in parallel and gives the same incidents.

Two claims can be in one incident only if :func:`~harmledger.link.rules.compare` allows
it: a shared place (or district, or "near" distance) *and* dates that agree, or, for a
claim whose date is unresolved, the same place with the same claimant's figure or the
same attacker and attack. Claims of one report always go together (subsets follow their
parent), and so do cumulative claims of one tally. Claims connected by these relations,
directly or through others, form a *region*: a place or cluster of places over a stretch
of time. No group ever spans two regions, and a claim never competes for a group outside
its own, so linking each region on its own yields exactly the groups of linking them all
at once. Regions are packed into a few parts of similar size, the parts are linked by
whatever runs them (a process pool, a Dask cluster), and the groups are put back in the
order one :func:`link` call gives, creation order included, so nothing downstream
(analysts' decisions, the rows written) can tell the difference.

The relations are found the way the linker finds candidates, without comparing pairs:
each claim is filed under its blocking keys (:func:`~harmledger.link.blocks.index_keys`)
paired with a short span of days, and looks up its probe keys over the spans its date
window reaches. Spans only ever join a little more than needed, which is safe. A place
reported on every day of a campaign is one region for the campaign: that, not the
number of workers, bounds how far linking parallelises.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Protocol

from harmledger.link.blocks import agreement_keys, index_keys, month_days, probe_keys
from harmledger.link.linker import Group, _canonical, link
from harmledger.link.rules import DAY_WINDOW, UNRESOLVED, Evidence

Part = list[Evidence]
_SPAN = 4  # days per span: a day-dated claim looks up one or two, the widest window eight


class Mapper(Protocol):
    """Runs ``link`` over the parts and returns the results in order: ``Executor.map``, ``Pool.map``, ``map``."""

    def __call__(self, fn: Callable[[Part], list[Group]], parts: Iterable[Part], /) -> Iterable[list[Group]]: ...


class _Forest:
    """Union-find over claim positions: the region of each claim is its root."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def regions(items: Sequence[Evidence]) -> list[Part]:
    """The claims of ``items`` grouped into regions (see the module docstring); each keeps the input order."""
    forest = _Forest(len(items))
    owner: dict[Hashable, int] = {}
    for i, item in enumerate(items):  # filing first, so that every look-up below finds all that is filed
        for node in _filed(item):
            forest.join(i, owner.setdefault(node, i))
    for i, item in enumerate(items):
        for node in _probed(item):
            j = owner.get(node)
            if j is not None:
                forest.join(i, j)
    found: dict[int, Part] = {}
    for i, item in enumerate(items):
        found.setdefault(forest.root(i), []).append(item)
    return list(found.values())


def _filed(item: Evidence) -> Iterator[Hashable]:
    """Nodes that join every claim filed under them: report, tally, agreement or (key, span) for dated claims."""
    claim = item.claim
    yield ("art", item.article)
    if claim.cumulative:
        yield from (("tally", place, claim.date, claim.outcome) for place in item.places)
    if claim.date_precision in UNRESOLVED:
        yield from (("agree", key) for key in agreement_keys(item))
    else:
        spans = _spans(item, own=True)
        yield from ((key, span) for key in index_keys(item) for span in spans)


def _probed(item: Evidence) -> Iterator[Hashable]:
    """Nodes whose claims ``item`` could be one event with, beyond its own report and tally."""
    if item.claim.date_precision in UNRESOLVED:
        return
    yield from (("agree", key) for key in agreement_keys(item))  # filed only by claims of unresolved date
    spans = _spans(item, own=False)
    yield from ((key, span) for key in probe_keys(item) for span in spans)


def _spans(item: Evidence, *, own: bool) -> list[Hashable]:
    """Spans a claim is filed under (``own``) or reaches: its days by :data:`_SPAN`, or its month as a whole.

    A claim known to the month is compared by month with every claim dated in it, so it is
    filed under the month's spans as well as under the month itself.
    """
    claim = item.claim
    if item.day is not None:
        reach = 0 if own else DAY_WINDOW.get(claim.date_precision, 0)
        return list(range((item.day - reach) // _SPAN, (item.day + reach) // _SPAN + 1))
    if not claim.date:
        return []  # compared with nothing dated: only its own report can take it
    month = claim.date[:7]
    return [("month", month), *_month_spans(month)]


def _month_spans(month: str) -> range:
    """The spans the days of a ``YYYY-MM`` month fall in; none for a year or period string."""
    days = month_days(month)
    return range(days.start // _SPAN, (days.stop - 1) // _SPAN + 1) if days else range(0)


def pack(found: list[Part], count: int) -> list[Part]:
    """At most ``count`` parts of about equal size: largest region first, each into the smallest part so far."""
    parts: list[Part] = [[] for _ in range(max(1, min(count, len(found))))]
    for region in sorted(found, key=len, reverse=True):
        min(parts, key=len).extend(region)
    return [part for part in parts if part]


def link_by_region(evidence: Iterable[Evidence], mapper: Mapper, parts: int) -> list[Group]:
    """What ``link(evidence)`` returns, computed as ``parts`` independent :func:`link` calls run by ``mapper``."""
    items = list(evidence)
    groups = [group for linked in mapper(link, pack(regions(items), parts)) for group in linked]
    return _as_one_call(groups, items)


def _as_one_call(groups: list[Group], items: list[Evidence]) -> list[Group]:
    """Incidents then tallies, each in creation order: the order (and ``seq``) of a single :func:`link` call.

    One call creates a group when its first member comes up in canonical order; the parts
    kept that order among their own claims, so a group's rank is its first member's rank.
    """
    rank = {item.id: n for n, item in enumerate(sorted(items, key=_canonical))}
    ordered = sorted(groups, key=lambda g: (g.kind != "incident", rank[g.members[0].id]))
    for kind in ("incident", "tally"):
        for seq, group in enumerate(g for g in ordered if g.kind == kind):
            group.seq = seq
    return ordered


def linker(mapper: Mapper | None, parts: int) -> Callable[[Iterable[Evidence]], list[Group]]:
    """:func:`link` itself when nothing runs in parallel, else linking by region over ``parts`` parts."""
    if mapper is None or parts < 2:
        return link
    return lambda evidence: link_by_region(evidence, mapper, parts)
