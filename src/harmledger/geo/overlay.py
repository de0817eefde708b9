"""The user overlay: GeoNames dumps and analyst places added on top of the shipped data.

It lives at ``$HARMLEDGER_HOME/gazetteer/overlay.tsv.gz`` (default ``~/.harmledger``),
in the shipped file's format. An import reads and checks every dump first and only
then replaces the overlay atomically, so a corrupt dump or a crash mid-write leaves the
previous overlay as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from harmledger.geo.datafile import read_places, write_places
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.geonames import DEFAULT_CLASSES, read_dump
from harmledger.geo.records import Place

ENV_HOME = "HARMLEDGER_HOME"


def harmledger_home() -> Path:
    """``$HARMLEDGER_HOME``, or ``~/.harmledger`` when it is unset."""
    value = os.environ.get(ENV_HOME)
    return Path(value).expanduser() if value else Path.home() / ".harmledger"


def overlay_path(home: Path | None = None) -> Path:
    return (home or harmledger_home()) / "gazetteer" / "overlay.tsv.gz"


@dataclass(slots=True, frozen=True)
class ImportReport:
    """What an import did, for the CLI to print."""

    files: int
    places: int
    new: int
    derived_districts: int
    overlay: Path


def _with_district(place: Place, gazetteer: Gazetteer) -> tuple[Place, bool]:
    """Give a row without a known district one by the nearest-seat rule."""
    if place.fclass != "P" or place.lat is None or place.lon is None:
        return place, False
    if place.admin2 and gazetteer.admin2_of(place) is not None:
        return place, False
    seat = gazetteer.nearest_district(place.country, place.admin1 or None, place.lat, place.lon)
    if seat is None:
        return place, False
    return replace(place, admin1=seat.admin1, admin2=seat.admin2), True


def import_dumps(
    paths: Sequence[Path], gazetteer: Gazetteer, *, classes: frozenset[str] = DEFAULT_CLASSES, home: Path | None = None
) -> ImportReport:
    """Merge GeoNames dumps into the overlay; nothing is written unless every file reads cleanly."""
    target = overlay_path(home)
    rows = [place for path in paths for place in read_dump(path, classes)]
    existing = {p.id: p for p in read_places(target)} if target.exists() else {}
    derived = new = 0
    for row in rows:
        place, was_derived = _with_district(row, gazetteer)
        derived += was_derived
        new += place.id not in existing
        existing[place.id] = place
    write_places(target, existing.values())
    return ImportReport(len(paths), len(rows), new, derived, target)


def save_places(places: Iterable[Place], home: Path | None = None) -> Path:
    """Add (or replace) places in the overlay, atomically; returns the overlay path."""
    target = overlay_path(home)
    existing = {p.id: p for p in read_places(target)} if target.exists() else {}
    existing.update((p.id, p) for p in places)
    write_places(target, existing.values())
    return target
