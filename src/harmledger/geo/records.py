"""The geo stage's own records: gazetteer entries, lookup candidates, spotted mentions.

Claims carry :class:`harmledger.models.PlaceRef`; these records are what the geocoder
works with on the way there, and what ``gazetteer lookup --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["event", "origin", "destination", "actor"]
Level = Literal["place", "district", "governorate", "country"]

POPULATED = "P"
ADMIN = "A"


@dataclass(slots=True, frozen=True)
class Place:
    """One gazetteer entry. Admin codes are GeoNames' ("07", "174447"), names live elsewhere.

    ``id`` is the GeoNames id; analyst-added places get negative ids so they can never
    be mistaken for one.
    """

    id: int
    name: str
    fclass: str
    fcode: str
    country: str
    admin1: str
    admin2: str
    lat: float | None
    lon: float | None
    population: int
    names: tuple[str, ...]
    keys: tuple[str, ...]

    @property
    def level(self) -> Level:
        """What precision a reference to this entry has: a town is a place, ADM2 a district."""
        if self.fcode == "ADM2":
            return "district"
        if self.fcode == "ADM1":
            return "governorate"
        if self.fcode.startswith("PCL"):
            return "country"
        return "place"

    @property
    def geonames_id(self) -> int | None:
        return self.id if self.id > 0 else None


@dataclass(slots=True, frozen=True)
class Candidate:
    """One answer to :meth:`Geocoder.lookup`, with admin names spelled out."""

    place: Place
    admin1: str | None
    admin2: str | None
    score: float

    def to_json(self) -> dict[str, Any]:
        """The ``gazetteer lookup --json`` shape."""
        p = self.place
        return {
            "name": p.name,
            "geonames_id": p.geonames_id,
            "lat": p.lat,
            "lon": p.lon,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": p.country,
            "feature": f"{p.fclass}.{p.fcode}",
            "score": round(self.score, 1),
        }


@dataclass(slots=True)
class Mention:
    """A toponym found in text, with the words around it that say what role it plays.

    ``cue`` is the phrase that introduced it ("village of", "near", "province", "from",
    "dateline") or None; ``level`` is what the cue makes of it (a name followed by
    "province" is a governorate); ``ids`` are gazetteer entries whose key matched (empty
    for a name found only by a context pattern, which is kept as written).
    """

    text: str
    start: int
    end: int
    key: str
    cue: str | None = None
    role: Role = "event"
    level: Level = "place"
    ids: tuple[int, ...] = ()
