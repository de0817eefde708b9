"""Read GeoNames country dumps (SY.txt, IQ.txt, allCountries.txt or their .zip).

The 19 tab-separated columns are: geonameid, name, asciiname, alternatenames, latitude,
longitude, feature class, feature code, country code, cc2, admin1, admin2, admin3,
admin4, population, elevation, dem, timezone, modification date. Every row is checked
before anything is kept, and a bad one raises :class:`DumpFormatError` naming the file
and the line, so a corrupt or truncated download is refused whole rather than half
imported.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from harmledger.geo.datafile import keys_for
from harmledger.geo.errors import DumpFormatError
from harmledger.geo.records import Place

COLUMNS = 19
FEATURE_CLASSES = frozenset("AHLPRSTUV")
DEFAULT_CLASSES = frozenset("AP")
_MAX_NAME = 60


def keep_name(name: str) -> bool:
    """An alternate name worth indexing: capitalised Latin or Arabic, not a code.

    GeoNames lists lower-case machine romanisations ("alrqt") and all-capital codes
    ("DEZ") among alternate names; both would only add false matches.
    """
    if not name or len(name) > _MAX_NAME:
        return False
    first = next((ch for ch in name if ch.isalpha()), "")
    if not first or (first.isascii() and not first.isupper()):
        return False
    if not all(_script_ok(ch) for ch in name):
        return False
    return not (name.isupper() and len(name) <= 4)


def _script_ok(ch: str) -> bool:
    code = ord(ch)
    return code <= 0x36F or 0x1E00 <= code <= 0x1EFF or 0x2018 <= code <= 0x201F or 0x600 <= code <= 0x77F


def _lines(path: Path) -> Iterator[bytes]:
    """Raw lines of a dump, from a .txt or from the .txt inside a GeoNames .zip."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
                if not members:
                    raise DumpFormatError(
                        "zip holds no .txt dump; pass the GeoNames country .zip or .txt", source=str(path)
                    )
                data = archive.read(members[0])
        else:
            data = path.read_bytes()
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise DumpFormatError(f"cannot read dump ({exc}); download it again", source=str(path)) from exc
    if not data.strip():
        raise DumpFormatError("the file is empty; download it again", source=str(path))
    yield from data.split(b"\n")


def _number(text: str, label: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{label} {text[:30]!r} is not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{label} {value} is out of range")
    return value


def parse_row(cols: list[str]) -> Place:
    """One dump row as a place; ValueError says what is wrong with it."""
    if len(cols) != COLUMNS:
        raise ValueError(f"expected {COLUMNS} tab-separated columns, found {len(cols)} (truncated or not a dump?)")
    if not cols[0].isdigit():
        raise ValueError(f"geonameid {cols[0][:30]!r} is not a number")
    if not cols[1].strip():
        raise ValueError("empty name")
    if cols[6] not in FEATURE_CLASSES:
        raise ValueError(f"unknown feature class {cols[6][:10]!r}")
    if len(cols[8]) != 2 or not cols[8].isalpha():
        raise ValueError(f"country code {cols[8][:10]!r} is not two letters")
    if cols[14] and not cols[14].isdigit():
        raise ValueError(f"population {cols[14][:30]!r} is not a number")
    lat = _number(cols[4], "latitude", -90, 90)
    lon = _number(cols[5], "longitude", -180, 180)
    alternates = tuple(dict.fromkeys(n for n in cols[3].split(",") if n != cols[1] and keep_name(n)))
    return Place(
        int(cols[0]),
        cols[1],
        cols[6],
        cols[7],
        cols[8].upper(),
        cols[10],
        cols[11],
        lat,
        lon,
        int(cols[14] or 0),
        alternates,
        keys_for((cols[1], cols[2], *alternates)),
    )


def read_dump(path: Path, classes: frozenset[str] = DEFAULT_CLASSES) -> list[Place]:
    """The places of the given feature classes in a dump; DumpFormatError names a bad line."""
    places: list[Place] = []
    for number, raw in enumerate(_lines(path), start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8").rstrip("\r")
            place = parse_row(line.split("\t"))
        except UnicodeDecodeError:
            raise DumpFormatError(f"line {number}: not UTF-8 text; download the dump again", source=str(path)) from None
        except ValueError as exc:
            raise DumpFormatError(f"line {number}: {exc}; download the dump again", source=str(path)) from None
        if place.fclass in classes:
            places.append(place)
    return places
