"""When a wire dateline ("BEIRUT (AP) —") is where the reported event happened.

A dateline names where the story was filed, which for war reporting is usually a
capital far from the front (Beirut, Damascus, Amman, Washington). It is used as the
place of an event only when the report itself makes it plausible:

1. the report names no other place (countries aside): the dateline is all there is; or
2. the dateline place lies in a governorate where the report's other places lie (or
   that the report names), or within :data:`NEAR_DEGREES` of one of them: the
   reporter files from the event area ("DEIR EZ-ZOR, Syria —" on a strike in Gharanij).

An implausible dateline is ignored entirely: it is not a fallback for claims, and it
does not anchor districts for names the gazetteer lacks.
"""

from __future__ import annotations

from collections.abc import Sequence

from harmledger.geo.records import Mention, Place
from harmledger.geo.resolver import distance

NEAR_DEGREES = 0.5  # about 50 km in Syria and Iraq


def plausible(dateline: Place, others: Sequence[tuple[Mention, Place | None]]) -> bool:
    """Rules 1 and 2 of the module docstring for one resolved dateline place.

    ``others`` are the report's event mentions outside the dateline, resolved or not.
    """
    areas = [(m, p) for m, p in others if p is None or p.level != "country"]
    if not areas:
        return True
    for _, place in areas:
        if place is None:
            continue
        if place.country == dateline.country and place.admin1 and place.admin1 == dateline.admin1:
            return True
        if place.level == "place" and distance(place, dateline) < NEAR_DEGREES:
            return True
    return False
