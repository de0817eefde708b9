"""Name → candidates, for the CLI and for callers that have a name but no text.

Match quality comes first: the exact key (100), the key without spaces (97), the
consonant skeleton for unvowelled Arabic spellings (85), then rapidfuzz's ratio over
compact keys (scaled to at most 90). Ties are broken by the feature the name asks for
("... province" wants a governorate), the ``country`` given, closeness to ``near``,
the core countries, and population.
"""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz, process

from harmledger.geo.admin import strip_admin_words
from harmledger.geo.errors import PlaceNameError
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.keys import compact, is_arabic, name_key, skeleton
from harmledger.geo.records import Candidate, Level, Place
from harmledger.geo.resolver import distance

MAX_NAME = 200
_FUZZY_CUTOFF = 80.0
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LEVEL_WORDS: tuple[tuple[str, Level], ...] = (
    ("province", "governorate"),
    ("governorate", "governorate"),
    ("district", "district"),
)


def check_name(name: str) -> str:
    """The name, stripped, or PlaceNameError saying why it cannot be a place name."""
    text = name.strip()
    if len(text) > MAX_NAME:
        raise PlaceNameError(f"name is {len(text):,} characters long; place names are under {MAX_NAME}")
    if not any(ch.isalpha() for ch in text):
        raise PlaceNameError(f"{text[:40]!r} has no letters; give a place name such as 'Hajin'")
    if is_arabic(text) and _LATIN.search(text):
        raise PlaceNameError(f"{text[:40]!r} mixes Arabic and Latin script; look up one spelling at a time")
    return text


def wanted_level(name: str) -> Level:
    lowered = name.lower()
    return next((level for word, level in _LEVEL_WORDS if word in lowered), "place")


class Lookup:
    """Ranked candidates for a name, over one gazetteer."""

    def __init__(self, gazetteer: Gazetteer, core: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.core = core
        self._skeletons: dict[str, list[int]] | None = None

    def matches(self, name: str) -> dict[int, float]:
        """Place id → match score (0-100) for one name."""
        key = name_key(strip_admin_words(name)) or name_key(name)
        if not key:
            raise PlaceNameError(f"{name[:40]!r} has no letters that can spell a place name")
        found: dict[int, float] = {}
        for place_id in self.gazetteer.ids(key):
            found[place_id] = 100.0
        for place_id in self.gazetteer.ids_compact(compact(key)):
            found.setdefault(place_id, 97.0)
        if is_arabic(name):
            for place_id in self._skeleton_index().get(skeleton(key), []):
                found.setdefault(place_id, 85.0)
        if not found:
            for other, score, _ in process.extract(
                compact(key), self.gazetteer.compact_keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=10
            ):
                for place_id in self.gazetteer.ids_compact(other):
                    found[place_id] = max(found.get(place_id, 0.0), score * 0.9)
        return found

    def _skeleton_index(self) -> dict[str, list[int]]:
        if self._skeletons is None:
            index: dict[str, list[int]] = {}
            for key, ids in self.gazetteer.key_items():
                index.setdefault(skeleton(key), []).extend(ids)
            self._skeletons = index
        return self._skeletons

    def lookup(self, name: str, near: str | None = None, country: str | None = None) -> list[Candidate]:
        """Candidates best first; ``near`` is itself looked up and its best answer used."""
        text = check_name(name)
        level = wanted_level(text)
        anchors = self.lookup(near) if near else []
        anchor = anchors[0].place if anchors else None
        wanted_country = country.upper() if country else None
        ranked = []
        for place_id, score in self.matches(text).items():
            place = self.gazetteer.get(place_id)
            if wanted_country and place.country != wanted_country:
                continue
            ranked.append((self._order(place, score, level, anchor), place, score))
        ranked.sort(key=lambda item: item[0], reverse=True)
        return [Candidate(place, *self.gazetteer.admin_names(place), score) for _, place, score in ranked]

    def _order(self, place: Place, score: float, level: Level, anchor: Place | None) -> tuple[float, ...]:
        closeness = -distance(place, anchor) if anchor else 0.0
        return (
            score,
            float(place.level == level),
            closeness if math.isfinite(closeness) else -1e9,
            float(place.country in self.core),
            float(place.population),
            float(-place.id),
        )
