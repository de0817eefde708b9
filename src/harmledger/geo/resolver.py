"""Disambiguation: which gazetteer entry a mention means, given the rest of the report.

The order of preference (issue 5): candidates inside the governorates the article
names ("Deir Ezzor province"), near the other places of the report, of the feature the
cue asks for (a "village of" is a populated place, a "province" a governorate), in the
core countries, then the most populous. Small places outside the core countries are
only accepted near the report's other places, so a Turkish hamlet that shares a key
with a Syrian village cannot win on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.records import Level, Mention, Place
from harmledger.geo.spotter import Spotter

_FIT: dict[tuple[Level, Level], float] = {
    ("place", "place"): 2.0,
    ("place", "district"): -3.0,
    ("place", "governorate"): -3.0,
    ("governorate", "governorate"): 10.0,
    ("governorate", "district"): -1.0,
    ("governorate", "place"): -5.0,
    ("district", "district"): 10.0,
    ("district", "place"): -5.0,
    ("district", "governorate"): -2.0,
}
_NEAR_DEGREES = 1.5


def distance(a: Place, b: Place) -> float:
    """Rough distance in degrees (equirectangular); infinite when either has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, a.lat - b.lat)


@dataclass(slots=True)
class Frame:
    """What the report as a whole says: governorates named, places that are unambiguous."""

    admin1: set[tuple[str, str]] = field(default_factory=set)
    anchors: list[Place] = field(default_factory=list)
    _nearest: dict[int, float] = field(default_factory=dict, init=False, repr=False)

    def nearest(self, place: Place) -> float:
        """Distance to the nearest anchor (infinite without one); memoised, as candidates recur in a report."""
        found = self._nearest.get(place.id)
        if found is None:
            found = self._nearest[place.id] = min((distance(place, a) for a in self.anchors), default=math.inf)
        return found


@dataclass(frozen=True, slots=True)
class _Entries:
    """What the gazetteer says about the entries of one key, whatever the report."""

    places: tuple[Place, ...]
    spottable: tuple[bool, ...]  # may be found in free text (else only near the report's other places)
    governorates: tuple[tuple[str, str], ...]  # (country, admin1) of the ADM1 entries
    anchor: Place | None  # the only populated place in a core country, if there is one


class Resolver:
    """Chooses one entry per mention; see the module docstring for the order."""

    def __init__(self, gazetteer: Gazetteer, spotter: Spotter) -> None:
        self.gazetteer = gazetteer
        self.spotter = spotter
        self._entries: dict[tuple[int, ...], _Entries] = {}  # names recur across reports
        self._version = gazetteer.version

    def entries(self, ids: tuple[int, ...]) -> _Entries:
        """The entries of a mention's ids, memoised until the gazetteer changes."""
        if self._version != self.gazetteer.version:
            self._entries.clear()
            self._version = self.gazetteer.version
        found = self._entries.get(ids)
        if found is None:
            places = tuple(map(self.gazetteer.get, ids))
            core = [p for p in places if p.country in self.spotter.countries and p.fclass == "P"]
            found = self._entries[ids] = _Entries(
                places,
                tuple(map(self.spotter.spottable, places)),
                tuple((p.country, p.admin1) for p in places if p.fcode == "ADM1"),
                core[0] if len(core) == 1 else None,
            )
        return found

    def frame(self, mentions: list[Mention]) -> Frame:
        frame = Frame()
        seen: set[tuple[tuple[int, ...], str]] = set()  # a repeated name adds nothing
        anchored: set[int] = set()
        for mention in mentions:
            if (mention.ids, mention.level) in seen:
                continue
            seen.add((mention.ids, mention.level))
            entries = self.entries(mention.ids)
            if mention.level == "governorate":
                frame.admin1.update(entries.governorates)
            anchor = entries.anchor
            if anchor is not None and anchor.id not in anchored:
                anchored.add(anchor.id)
                frame.anchors.append(anchor)
        return frame

    def choose(self, mention: Mention, frame: Frame) -> Place | None:
        """The best plausible entry for a mention, or None when none is plausible.

        Most mentions have one plausible entry, which needs no score. Small places outside
        the core countries are plausible only near the report's other places.
        """
        entries = self.entries(mention.ids)
        candidates = [
            p for p, ok in zip(entries.places, entries.spottable, strict=True) if ok or frame.nearest(p) < _NEAR_DEGREES
        ]
        if len(candidates) < 2:
            return candidates[0] if candidates else None
        return max(candidates, key=lambda p: (self.score(p, mention, frame), -p.id))

    def score(self, place: Place, mention: Mention, frame: Frame) -> float:
        """Higher is better; the terms follow the order of the module docstring."""
        value = 3.0 if place.country in self.spotter.countries else 0.0
        if (place.country, place.admin1) in frame.admin1:
            value += 4.0
        if frame.anchors:
            nearest = frame.nearest(place)
            value += 3.0 if nearest < 0.5 else 2.0 if nearest < _NEAR_DEGREES else 1.0 if nearest < 3.0 else 0.0
        value += _FIT.get((mention.level, place.level), 0.0)
        return value + 0.5 * math.log10(place.population + 1)
