"""Geo fixtures: one geocoder over the shipped data only, and a clean $HARMLEDGER_HOME."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harmledger.geo import Geocoder

DUMP_ROW = (
    "{id}\t{name}\t{ascii}\t{alts}\t{lat}\t{lon}\tP\tPPL\tSY\t\t07\t{admin2}\t\t\t{pop}\t\t250\t"
    "Asia/Damascus\t2020-01-01"
)


@pytest.fixture(scope="session")
def geocoder(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    """Shipped gazetteer, no overlay: what every user starts with."""
    return Geocoder.load(tmp_path_factory.mktemp("nohome") / "overlay.tsv.gz")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HARMLEDGER_HOME", str(tmp_path))
    return tmp_path


def dump_row(
    place_id: int, name: str, ascii_name: str, alts: str, lat: float, lon: float, admin2: str = "174447", pop: int = 0
) -> str:
    """One 19-column GeoNames row (values made up for tests, layout as GeoNames')."""
    return DUMP_ROW.format(
        id=place_id, name=name, ascii=ascii_name, alts=alts, lat=lat, lon=lon, admin2=admin2, pop=pop
    )


@pytest.fixture
def write_dump(tmp_path: Path) -> Callable[[list[str], str], Path]:
    def write(rows: list[str], filename: str = "SY.txt") -> Path:
        path = tmp_path / filename
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def baghuz_dump(write_dump: Callable[[list[str], str], Path]) -> Path:
    """The Euphrates villages cities500 lacks, as a GeoNames dump would list them (made-up ids)."""
    return write_dump(
        [
            dump_row(
                9900001, "Al Bāghūz Fawqānī", "Al Baghuz Fawqani", "Baghouz Fowqani,Baghuz Foqani", 34.4689, 40.9536
            ),
            dump_row(9900002, "Al Bāghūz Taḩtānī", "Al Baghuz Tahtani", "", 34.4550, 40.9690),
            dump_row(9900003, "Al Būbadrān", "Al Bubadran", "Boubadran", 34.5110, 40.9630),
            dump_row(9900004, "Ash Sharīfah", "Ash Sharifah", "Sharifa", 34.6150, 40.8750, admin2=""),
        ],
        "SY.txt",
    )
