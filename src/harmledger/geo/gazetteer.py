"""The in-memory gazetteer: places by id and by key, admin names, districts.

Loaded from the shipped file plus the user overlay (overlay rows replace shipped rows
with the same id). :meth:`Gazetteer.add` is O(names) so analyst-added places can be
fed in one by one as the ledger loads them; ``version`` counts changes so that the
spotter knows when to extend its matcher.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from harmledger.geo.admin import DistrictIndex, Seat, district_seats
from harmledger.geo.datafile import read_places
from harmledger.geo.keys import compact
from harmledger.geo.records import Place

logger = logging.getLogger(__name__)

SHIPPED = "gazetteer.tsv.gz"


def shipped_path() -> Path:
    """Where the package's gazetteer file is installed."""
    return Path(str(resources.files("harmledger.geo") / "data" / SHIPPED))


class Gazetteer:
    """Places indexed by id, key and compact key, with admin tables derived from the ADM rows."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._by_id: dict[int, Place] = {}
        self._by_key: dict[str, list[int]] = {}
        self._by_compact: dict[str, list[int]] = {}
        self._admin1: dict[tuple[str, str], Place] = {}
        self._admin2: dict[tuple[str, str, str], Place] = {}
        self._countries: dict[str, Place] = {}
        self._districts: DistrictIndex | None = None
        self._admin_names: dict[int, tuple[str | None, str | None]] = {}  # every placed claim asks
        self._ids: dict[str, tuple[int, ...]] = {}  # and every spotted name
        self.version = 0
        for place in places:
            self.add(place)

    @classmethod
    def load(cls, overlay: Path | None = None) -> Gazetteer:
        """The shipped places, then the overlay's (which win on equal ids)."""
        places = {p.id: p for p in read_places(shipped_path())}
        if overlay is not None and overlay.exists():
            places.update((p.id, p) for p in read_places(overlay))
        return cls(places.values())

    def add(self, place: Place) -> None:
        """Index one place, replacing any earlier entry with the same id."""
        old = self._by_id.get(place.id)
        if old is not None:
            self._unindex(old)
        self._by_id[place.id] = place
        for key in place.keys:
            self._by_key.setdefault(key, []).append(place.id)
            self._by_compact.setdefault(compact(key), []).append(place.id)
        if place.fcode == "ADM1":
            self._admin1[(place.country, place.admin1)] = place
        elif place.fcode == "ADM2":
            self._admin2[(place.country, place.admin1, place.admin2)] = place
            self._districts = None
        elif place.fcode.startswith("PCL"):
            self._countries[place.country] = place
        self._admin_names.clear()
        self._ids.clear()
        self.version += 1

    def _unindex(self, place: Place) -> None:
        for key in place.keys:
            for index, k in ((self._by_key, key), (self._by_compact, compact(key))):
                ids = index.get(k, [])
                if place.id in ids:
                    ids.remove(place.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def get(self, place_id: int) -> Place:
        return self._by_id[place_id]

    def ids(self, key: str) -> tuple[int, ...]:
        """Places with exactly this key; memoised (for keys the gazetteer has, so the memo stays bounded)."""
        found = self._ids.get(key)
        if found is None:
            found = tuple(self._by_key.get(key, ()))
            if found:
                self._ids[key] = found
        return found

    def ids_compact(self, compact_key: str) -> list[int]:
        """Places whose key, spaces removed, is this."""
        return self._by_compact.get(compact_key, [])

    def compact_keys(self) -> list[str]:
        return list(self._by_compact)

    def key_items(self) -> Iterator[tuple[str, list[int]]]:
        """Every key with the ids of the places that have it."""
        return iter(self._by_key.items())

    def admin1_of(self, place: Place) -> Place | None:
        return self._admin1.get((place.country, place.admin1))

    def admin2_of(self, place: Place) -> Place | None:
        return self._admin2.get((place.country, place.admin1, place.admin2))

    def country_of(self, place: Place) -> Place | None:
        return self._countries.get(place.country)

    def admin_names(self, place: Place) -> tuple[str | None, str | None]:
        """Governorate and district names ("Deir ez-Zor", "Abu Kamal District") of a place; memoised."""
        found = self._admin_names.get(place.id)
        if found is None:
            a1 = self.admin1_of(place) if place.admin1 else None
            a2 = self.admin2_of(place) if place.admin2 else None
            found = self._admin_names[place.id] = (a1.name if a1 else None), (a2.name if a2 else None)
        return found

    def nearest_district(self, country: str, admin1: str | None, lat: float, lon: float) -> Seat | None:
        """The district whose seat is nearest (rule of :mod:`harmledger.geo.admin`)."""
        if self._districts is None:
            self._districts = DistrictIndex(district_seats(self._admin2.values()))
        return self._districts.nearest(country, admin1, lat, lon)
