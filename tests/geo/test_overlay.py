"""GeoNames dumps into the overlay: all or nothing, and line-numbered errors for bad files."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from harmledger.geo import DumpFormatError, GazetteerError, GazetteerFileError, Geocoder
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.overlay import import_dumps, overlay_path

from .conftest import dump_row

GOOD = dump_row(9900001, "Al Bāghūz Fawqānī", "Al Baghuz Fawqani", "Baghouz Fowqani", 34.4689, 40.9536)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD, GOOD.rsplit("\t", 6)[0]], "line 2: expected 19 tab-separated columns, found 13"),
        ([GOOD, "abc" + GOOD[7:]], "line 2: geonameid 'abc"),
        ([GOOD.replace("34.4689", "north")], "line 1: latitude 'north' is not a number"),
        ([GOOD.replace("34.4689", "134.5")], "line 1: latitude 134.5 is out of range"),
        ([GOOD.replace("\tP\tPPL", "\tQ\tPPL")], "line 1: unknown feature class 'Q'"),
    ],
)
def test_corrupt_dump_names_the_line(
    write_dump: Callable[..., Path], home: Path, rows: list[str], message: str
) -> None:
    with pytest.raises(DumpFormatError, match=message) as caught:
        import_dumps([write_dump(rows)], Gazetteer())
    assert isinstance(caught.value, GazetteerError) and str(caught.value).startswith("[E303]")


def test_truncated_and_binary_files(tmp_path: Path, home: Path) -> None:
    truncated = tmp_path / "cut.txt"
    truncated.write_text(GOOD + "\n" + GOOD[:40], encoding="utf-8")
    with pytest.raises(DumpFormatError, match="line 2"):
        import_dumps([truncated], Gazetteer())
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage\tmore\n")
    with pytest.raises(DumpFormatError, match="line 1: not UTF-8"):
        import_dumps([binary], Gazetteer())
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DumpFormatError, match="empty"):
        import_dumps([empty], Gazetteer())
    with pytest.raises(DumpFormatError, match="cannot read"):
        import_dumps([tmp_path / "missing.txt"], Gazetteer())


def test_failed_import_leaves_previous_overlay(write_dump: Callable[..., Path], home: Path) -> None:
    import_dumps([write_dump([GOOD], "good.txt")], Gazetteer())
    before = overlay_path().read_bytes()
    bad = write_dump([GOOD.replace("34.4689", "x")], "bad.txt")
    with pytest.raises(DumpFormatError):
        import_dumps([write_dump([GOOD], "also_good.txt"), bad], Gazetteer())
    assert overlay_path().read_bytes() == before
    assert [p.name for p in overlay_path().parent.iterdir()] == ["overlay.tsv.gz"]


def test_zip_dump_and_reimport_is_idempotent(tmp_path: Path, home: Path) -> None:
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "GeoNames readme")
        z.writestr("SY.txt", GOOD + "\n")
    first = import_dumps([archive], Gazetteer())
    second = import_dumps([archive], Gazetteer())
    assert (first.new, second.new, second.places) == (1, 0, 1)


def test_damaged_overlay_is_reported(home: Path) -> None:
    path = overlay_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(b"#harmledger-gazetteer\tformat=1\tkeys=1\ncols\n1\tonly two\n"))
    with pytest.raises(GazetteerFileError, match="line 3: expected 12 columns"):
        Geocoder.load()
    path.write_bytes(b"not gzip")
    with pytest.raises(GazetteerFileError, match="cannot read"):
        Geocoder.load()
