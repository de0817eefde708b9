"""Blocking: which incidents a claim is compared with, so linking grows with candidates, not with the ledger.

Two claims can only be one event if they share a place (gazetteer entry or folded
spelling), a district (when one side is only known to district precision), lie within
:data:`~harmledger.link.rules.NEAR_KM` of each other (when one side is "near" a place),
or come from the same report (:func:`~harmledger.link.rules.compare`). Each such
possibility is a *key*. A group is filed under the **index keys** of its members, and a
claim looks up its **probe keys**; the two differ only for the asymmetric rules (a
coarse claim looks for every claim of its district, a precise one only for coarse
claims there), so that neither side misses the other whichever comes first.

Keys are paired with a month bucket so that a claim meets only groups dated within its
window; claims with an unresolved date look in every bucket of their keys.
:func:`block_keys` is the union of both kinds of keys, without dates: the ledger stores
it per claim so that relinking follows it to every claim that could be affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from harmledger.link.rules import MAX_WINDOW, UNRESOLVED, Evidence

_CELL_DEG = 0.15  # larger than NEAR_KM in both directions at these latitudes, so 3×3 cells cover the radius
UNDATED = "~"


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // _CELL_DEG), int(lon // _CELL_DEG)


def _around(lat: float, lon: float) -> Iterator[str]:
    row, col = _cell(lat, lon)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            yield f"{row + dr}:{col + dc}"


def index_keys(item: Evidence) -> set[str]:
    """The keys a group containing ``item`` is filed under."""
    keys = {*item.places, f"art:{item.article}"}
    keys.update(f"d:{d}" for d in item.districts)
    if item.coarse:
        keys.update(f"dc:{d}" for d in item.districts)
    for lat, lon in item.coords:
        row, col = _cell(lat, lon)
        keys.add(f"cell:{row}:{col}")
        if item.near:
            keys.update(f"near:{c}" for c in _around(lat, lon))
    return keys


def probe_keys(item: Evidence) -> set[str]:
    """The keys ``item`` looks its candidate groups up by."""
    keys = {*item.places, f"art:{item.article}"}
    keys.update(f"dc:{d}" for d in item.districts)
    if item.coarse:
        keys.update(f"d:{d}" for d in item.districts)
    for lat, lon in item.coords:
        row, col = _cell(lat, lon)
        keys.add(f"near:{row}:{col}")
        if item.near:
            keys.update(f"cell:{c}" for c in _around(lat, lon))
    return keys


def block_keys(item: Evidence) -> set[str]:
    """Keys two claims share whenever they could be linked: what the ledger stores to find affected claims."""
    return index_keys(item) | probe_keys(item)


def bucket(item: Evidence) -> str:
    """The month an item is filed under; unresolved dates in a bucket of their own."""
    if item.claim.date_precision in UNRESOLVED or not item.claim.date:
        return UNDATED
    return item.claim.date[:7]


def probe_buckets(item: Evidence) -> tuple[str, ...] | None:
    """Months whose groups could match ``item``; None means every month (an unresolved date)."""
    own = bucket(item)
    if own == UNDATED:
        return None
    if item.day is None:
        return (own, UNDATED)
    day = date.fromordinal(item.day)
    edges = {(day - timedelta(days=MAX_WINDOW)).isoformat()[:7], (day + timedelta(days=MAX_WINDOW)).isoformat()[:7]}
    return (own, *sorted(edges - {own}), UNDATED)
