"""Blocking: which incidents a claim is compared with, so linking grows with candidates, not with the ledger.

Two claims can only be one event if they share a place (gazetteer entry or folded
spelling), a district (when one side is only known to district precision), lie within
:data:`~harmledger.link.rules.NEAR_KM` of each other (when one side is "near" a place),
or come from the same report (:func:`~harmledger.link.rules.compare`). Each such
possibility is a *key*. A group is filed under the **index keys** of its members, and a
claim looks up its **probe keys**; the two differ only for the asymmetric rules (a
coarse claim looks for every claim of its district, a precise one only for coarse
claims there), so that neither side misses the other whichever comes first.

Keys are paired with a date bucket so that a claim meets only groups dated within its
window. A claim dated to the day is filed under its day: those whose window is a day or
less (most) in one tier, the wider ones ("on or before", "week", "before") in another,
so that a claim looks a day either side (or its own window) in the first tier and
:data:`~harmledger.link.rules.MAX_WINDOW` days either side in the second (filed by
16-day spans: three lookups), never a whole month. A claim known only to its month (or
period, or year) is filed under that string and looks at it and at every day of that
month. Claims with an unresolved date are filed in a bucket every dated claim looks at;
they themselves look up only groups of their own report or sharing an
:func:`agreement_keys` key, since nothing else can take them.
:func:`block_keys` is the union of both kinds of keys, without dates: the ledger stores
it per claim so that relinking follows it to every claim that could be affected.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date

from harmledger.link.rules import DAY_WINDOW, MAX_WINDOW, UNRESOLVED, Evidence, PlaceFacts

_CELL_DEG = 0.15  # larger than NEAR_KM in both directions at these latitudes, so 3×3 cells cover the radius
UNDATED = "~"
REPORT = "art:"
"""Prefix of the key that files a claim under its report (its content hash): claims of one report always meet."""
_SPAN = 16  # days per wide-tier bucket: a claim's ±MAX_WINDOW days then touch at most three
Bucket = int | str  # a day ordinal (negated in the wide tier), a month string, or UNDATED


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // _CELL_DEG), int(lon // _CELL_DEG)


def _around(lat: float, lon: float) -> Iterator[str]:
    row, col = _cell(lat, lon)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            yield f"{row + dr}:{col + dc}"


Roles = tuple[str, str, str, str]
"""Key prefixes by role: every claim's district, a coarse claim's district, own map cell, "near" cells."""


def _keys(item: Evidence, roles: Roles) -> frozenset[str]:
    """Keys from place, report, district and map cell, the prefixes given by ``roles``.

    Filing and probing are mirror images: a coarse claim (only a district known) is filed
    under the key that fine claims probe with, and the reverse; a "near" place spreads to
    the eight neighbouring cells on one side only.
    """
    places = (item.places, item.districts, item.coords, item.near, item.coarse)
    return _place_keys(places, roles) | {REPORT + item.article}


@functools.lru_cache(maxsize=1 << 14)
def _place_keys(places: PlaceFacts, roles: Roles) -> frozenset[str]:
    """The keys :func:`_keys` derives from a claim's places, computed once for each set of places: a million
    claims name a few thousand, and building the keys took a tenth of a relink's CPU."""
    names, districts, coords, near, coarse = places
    always, coarse_only, own_cell, neighbours = roles
    keys = set(names)
    keys.update(f"{always}:{d}" for d in districts)
    if coarse:
        keys.update(f"{coarse_only}:{d}" for d in districts)
    for lat, lon in coords:
        row, col = _cell(lat, lon)
        keys.add(f"{own_cell}:{row}:{col}")
        if near:
            keys.update(f"{neighbours}:{c}" for c in _around(lat, lon))
    return frozenset(keys)


def index_keys(item: Evidence) -> frozenset[str]:
    """The keys a group containing ``item`` is filed under."""
    return _keys(item, ("d", "dc", "cell", "near"))


def probe_keys(item: Evidence) -> frozenset[str]:
    """The keys ``item`` looks its candidate groups up by."""
    return _keys(item, ("dc", "d", "near", "cell"))


def block_keys(item: Evidence) -> frozenset[str]:
    """Keys two claims share whenever they could be linked: what the ledger stores to find affected claims."""
    return index_keys(item) | probe_keys(item)


def _tier(day: int, precision: str) -> int:
    """Day buckets: the ordinal for windows of a day or less; for wider ones a negative number per _SPAN days."""
    return day if DAY_WINDOW.get(precision, 0) <= 1 else _wide(day)


def _wide(day: int) -> int:
    return -1 - day // _SPAN


def wide_end(filed: int) -> int:
    """The last day ordinal of the wide-tier bucket ``filed``."""
    return (-1 - filed) * _SPAN + _SPAN - 1


def bucket(item: Evidence) -> Bucket:
    """The bucket an item is filed under: its day (in its tier), else its month string, else :data:`UNDATED`."""
    if item.claim.date_precision in UNRESOLVED or not item.claim.date:
        return UNDATED
    if item.day is None:
        return item.claim.date[:7]
    return _tier(item.day, item.claim.date_precision)


def probe_buckets(item: Evidence) -> tuple[tuple[Bucket, ...], tuple[Bucket, ...]] | None:
    """Buckets whose groups could match ``item``: those always worth a look, and the wide tier's days.

    None means every bucket (an unresolved date). The wide tier is a list of its own so that
    keys under which no wide-window claim was ever filed are not asked for 29 empty days.
    """
    if bucket(item) == UNDATED:
        return None
    return _probe_buckets(item.claim.date or "", item.claim.date_precision, item.day)


@functools.lru_cache(maxsize=1 << 12)
def _probe_buckets(when: str, precision: str, day: int | None) -> tuple[tuple[Bucket, ...], tuple[Bucket, ...]]:
    """:func:`probe_buckets` of a dated claim, worked out once per date: claims share a few thousand dates."""
    month = when[:7]
    if day is None:
        days = month_days(month)
        return (month, *days, UNDATED), tuple(sorted({_wide(d) for d in days}))
    reach = max(DAY_WINDOW.get(precision, 0), 1)
    narrow = range(day - reach, day + reach + 1)
    # ±MAX_WINDOW days are 29 < 2 × _SPAN: the spans of the two ends and the middle cover them.
    return (*narrow, month, UNDATED), tuple(sorted({_wide(day + d) for d in (-MAX_WINDOW, 0, MAX_WINDOW)}))


def is_wide(filed: Bucket) -> bool:
    """Whether a bucket is a day of the wide tier."""
    return isinstance(filed, int) and filed < 0


def agreement_keys(item: Evidence) -> set[tuple[str, ...]]:
    """Keys for claims with an unresolved date: a shared place with the same claimant's figure, or attacker and attack.

    A claim whose date is unresolved links only with claims of the same place that agree on one
    of these or come from its own report (:func:`~harmledger.link.rules.compare`); its report is
    found through the ``art:`` key of :func:`index_keys`. Groups are filed under the agreement
    keys of all their members, so an undated claim meets only groups it could join, not every
    group ever filed under its place.
    """
    claim = item.claim
    tokens: list[tuple[str, ...]] = []
    if claim.claimant:
        tokens.append(("figure", claim.claimant, str(claim.min), str(claim.max)))
    if claim.perpetrator and claim.attack:
        tokens.append(("attacker", claim.perpetrator, claim.attack))
    return {(place, *token) for place in item.places for token in tokens}


def month_days(month: str) -> range:
    """Day ordinals of a ``YYYY-MM`` month; empty for anything else (a year, a malformed date)."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return range(0)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return range(first.toordinal(), following.toordinal())
