"""The gazetteer file format, shared by the shipped data and the user overlay.

A gzipped, tab-separated file: one header line naming the format and the key version,
then one :class:`~harmledger.geo.records.Place` per line, sorted by id::

    #harmledger-gazetteer  format=1  keys=1
    id  name  fclass  fcode  country  admin1  admin2  lat  lon  population  names  keys

``names`` and ``keys`` are ``|``-separated. Keys are precomputed (``keys.name_key``) so
that loading is a split per line and no normalisation; a file whose ``keys=`` differs
from :data:`~harmledger.geo.keys.KEY_VERSION` is re-keyed on load. Writing is
deterministic (sorted rows, gzip mtime 0) so a rebuild from the same inputs is
byte-identical, and atomic (temp file + ``os.replace``) so a failed write leaves the
previous file in place.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from harmledger.geo.errors import GazetteerFileError
from harmledger.geo.keys import KEY_VERSION, name_key
from harmledger.geo.records import Place

logger = logging.getLogger(__name__)

FORMAT = 1
MAGIC = "#harmledger-gazetteer"
COLUMNS = ("id", "name", "fclass", "fcode", "country", "admin1", "admin2", "lat", "lon", "population", "names", "keys")


def keys_for(names: Iterable[str]) -> tuple[str, ...]:
    """The distinct non-empty keys of a place's names, in first-seen order."""
    seen: dict[str, None] = {}
    for name in names:
        key = name_key(name)
        if key:
            seen.setdefault(key, None)
    return tuple(seen)


def _float(text: str) -> float | None:
    return float(text) if text else None


def _parse_line(line: str, rekey: bool) -> Place:
    cols = line.split("\t")
    if len(cols) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} columns, found {len(cols)}")
    names = tuple(cols[10].split("|")) if cols[10] else ()
    keys = keys_for((cols[1], *names)) if rekey else tuple(cols[11].split("|")) if cols[11] else ()
    return Place(
        int(cols[0]),
        cols[1],
        cols[2],
        cols[3],
        cols[4],
        cols[5],
        cols[6],
        _float(cols[7]),
        _float(cols[8]),
        int(cols[9] or 0),
        names,
        keys,
    )


def _header_key_version(header: str, source: str) -> int:
    fields = header.rstrip("\n").split("\t")
    if fields[0] != MAGIC:
        raise GazetteerFileError("not a harmledger gazetteer file (bad first line); re-import it", source=source)
    meta = dict(f.split("=", 1) for f in fields[1:] if "=" in f)
    if meta.get("format") != str(FORMAT):
        raise GazetteerFileError(f"unknown gazetteer format {meta.get('format')!r}; re-import it", source=source)
    return int(meta.get("keys", "0"))


def read_places(path: Path) -> list[Place]:
    """All places in a gazetteer file; E302 naming the line when the file is damaged."""
    source = str(path)
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise GazetteerFileError(
            f"cannot read gazetteer file ({exc}); reinstall or re-import it", source=source
        ) from exc
    lines = text.split("\n")
    rekey = _header_key_version(lines[0], source) != KEY_VERSION
    if rekey:
        logger.info("%s: keys from an older normalisation, recomputing", source)
    places: list[Place] = []
    for number, line in enumerate(lines[2:], start=3):
        if not line:
            continue
        try:
            places.append(_parse_line(line, rekey))
        except ValueError as exc:
            raise GazetteerFileError(f"line {number}: {exc}; re-import it", source=source) from exc
    return places


def _format_line(place: Place) -> str:
    def num(value: float | None) -> str:
        return "" if value is None else f"{value:.5f}"

    cols = (
        str(place.id),
        place.name,
        place.fclass,
        place.fcode,
        place.country,
        place.admin1,
        place.admin2,
        num(place.lat),
        num(place.lon),
        str(place.population),
        "|".join(place.names),
        "|".join(place.keys),
    )
    return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cols)


def encode_places(places: Iterable[Place]) -> bytes:
    """The gzipped file bytes; the same places always give the same bytes."""
    out = io.StringIO()
    out.write(f"{MAGIC}\tformat={FORMAT}\tkeys={KEY_VERSION}\n")
    out.write("\t".join(COLUMNS) + "\n")
    for place in sorted(places, key=lambda p: p.id):
        out.write(_format_line(place) + "\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(out.getvalue().encode("utf-8"))
    return buffer.getvalue()


def write_places(path: Path, places: Iterable[Place]) -> None:
    """Write atomically: the old file stays whole until the new one is complete."""
    data = encode_places(places)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
