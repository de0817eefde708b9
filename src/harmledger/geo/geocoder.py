"""The geo stage's one entry point: :class:`Geocoder` and the cached :func:`default_geocoder`.

The rest of the pipeline calls ``geolocate(article, claims)``, which fills each claim's
``places`` in place; ``spot`` and ``lookup`` are there for the CLI, the web UI and
tests. A geocoder holds the gazetteer (shipped data + user overlay), the spotter built
over it, and the resolver; all three are pure in-memory objects.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from harmledger.geo.admin import admin_key
from harmledger.geo.datafile import keys_for
from harmledger.geo.errors import PlaceNameError
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.lookup import Lookup, check_name
from harmledger.geo.overlay import ENV_HOME, overlay_path
from harmledger.geo.placing import ArticlePlaces
from harmledger.geo.records import Candidate, Mention, Place
from harmledger.geo.resolver import Resolver
from harmledger.geo.spotter import Spotter
from harmledger.models import Article, Claim

CORE_COUNTRIES = ("SY", "IQ")


class Geocoder:
    """Spot, resolve and attach places; see docs/geo.md for every rule."""

    def __init__(
        self, gazetteer: Gazetteer, *, countries: Sequence[str] = CORE_COUNTRIES, min_population: int = 15000
    ) -> None:
        self.gazetteer = gazetteer
        self.spotter = Spotter(gazetteer, countries=countries, min_population=min_population)
        self.resolver = Resolver(gazetteer, self.spotter)
        self._lookup = Lookup(gazetteer, self.spotter.countries)

    @classmethod
    def load(cls, overlay: Path | None = None) -> Geocoder:
        """Shipped gazetteer plus the overlay at ``overlay`` (default: the user's)."""
        return cls(Gazetteer.load(overlay if overlay is not None else overlay_path()))

    def spot(self, text: str) -> list[Mention]:
        """Toponyms in ``text`` with offsets, cue and role (see :meth:`Spotter.spot`)."""
        return self.spotter.spot(text)

    def lookup(self, name: str, near: str | None = None, country: str | None = None) -> list[Candidate]:
        """Gazetteer entries a name may mean, best first (see :mod:`harmledger.geo.lookup`)."""
        return self._lookup.lookup(name, near=near, country=country)

    def geolocate(self, article: Article, claims: list[Claim]) -> None:
        """Fill ``claim.places`` for each claim, in place (fallbacks in :mod:`harmledger.geo.placing`)."""
        if not claims:
            return
        places = ArticlePlaces(article.text, self.spot(article.text), self.resolver)
        for claim in claims:
            claim.places = places.places_for(claim)

    def add_place(  # noqa: PLR0917 - the positional signature is the pipeline's contract
        self,
        name: str,
        lat: float,
        lon: float,
        country: str,
        admin1: str | None = None,
        admin2: str | None = None,
        alternate_names: Iterable[str] = (),
    ) -> Place:
        """Add an analyst's place (in memory; the ledger stores it and re-adds it on load).

        ``admin1``/``admin2`` may be GeoNames codes or names ("Deir ez-Zor"); left out,
        they are derived from the nearest district seat. Costs one index insert; the
        spotter's matcher is rebuilt once, at the next ``spot``.
        """
        text = check_name(name)
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise PlaceNameError(f"{text!r}: latitude {lat} / longitude {lon} out of range")
        cc = country.upper()
        code1, code2 = self._admin_codes(cc, admin1, admin2, lat, lon)
        names = tuple(dict.fromkeys(n.strip() for n in alternate_names if n.strip() and n.strip() != text))
        place_id = -1 - zlib.crc32(f"{text}|{lat:.5f}|{lon:.5f}|{cc}".encode())
        place = Place(place_id, text, "P", "PPL", cc, code1, code2, lat, lon, 0, names, keys_for((text, *names)))
        self.gazetteer.add(place)
        return place

    def _admin_codes(
        self, country: str, admin1: str | None, admin2: str | None, lat: float, lon: float
    ) -> tuple[str, str]:
        code1 = self._admin_code(country, admin1, "ADM1") if admin1 else ""
        code2 = self._admin_code(country, admin2, "ADM2") if admin2 else ""
        if not code2:
            seat = self.gazetteer.nearest_district(country, code1 or None, lat, lon)
            if seat is not None:
                code1, code2 = code1 or seat.admin1, seat.admin2
        return code1, code2

    def _admin_code(self, country: str, value: str, fcode: str) -> str:
        key = admin_key(value)
        for place in self.gazetteer:
            if place.fcode == fcode and place.country == country:
                code = place.admin1 if fcode == "ADM1" else place.admin2
                if value in (code, place.name) or key in place.keys or key == admin_key(place.name):
                    return code
        raise PlaceNameError(f"no {fcode} {value!r} in {country}; give its GeoNames code or name")


def default_geocoder() -> Geocoder:
    """The shared geocoder over the shipped gazetteer and the user's overlay.

    Cached per overlay path and overlay modification time, so an import in this process
    (or another) is picked up by the next call. The pipeline asks once per article, so
    this is one ``stat``: the path is worked out once per environment.
    """
    path = _overlay_file(os.environ.get(ENV_HOME), os.environ.get("HOME"))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _cached_geocoder(path, stamp)


@lru_cache(maxsize=8)
def _overlay_file(home: str | None, user_home: str | None) -> Path:
    del home, user_home  # part of the cache key only: overlay_path() reads them from the environment
    return overlay_path()


@lru_cache(maxsize=4)
def _cached_geocoder(path: Path, stamp: int) -> Geocoder:
    del stamp  # part of the cache key only
    return Geocoder.load(path)
