"""``harmledger gazetteer`` run in-process against its own typer app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmledger.cli.gazetteer import app
from harmledger.geo import Geocoder
from harmledger.geo.datafile import read_places
from harmledger.geo.overlay import overlay_path

from .conftest import dump_row

runner = CliRunner()


def test_lookup_json(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "al-Souseh", "--json"])
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)[0]
    assert best == {
        "name": "As Sūsah",
        "geonames_id": 172415,
        "lat": 34.53366,
        "lon": 40.95819,
        "admin1": "Deir ez-Zor",
        "admin2": "Abu Kamal District",
        "country": "SY",
        "feature": "P.PPL",
        "score": 100.0,
    }


def test_lookup_table_and_options(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "Hit", "--country", "IQ", "--near", "Ramadi"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "95788" in result.stdout and "Al Anbar" in result.stdout


def test_lookup_errors_are_one_line(home: Path) -> None:
    result = runner.invoke(app, ["lookup", "x" * 10_000])
    assert result.exit_code == 1
    assert "[E304]" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["lookup", "Qwxzvbnm"])
    assert missing.exit_code == 1 and "no place matches" in missing.output


def test_import_then_lookup(home: Path, write_dump: Callable[..., Path]) -> None:
    dump = write_dump([dump_row(9900001, "Al Bāghūz Fawqānī", "Al Baghuz Fawqani", "", 34.4689, 40.9536)])
    result = runner.invoke(app, ["import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.output
    found = json.loads(runner.invoke(app, ["lookup", "al-Baghouz Fowqani", "--json"]).stdout)
    assert found[0]["geonames_id"] == 9900001


def test_import_bad_dump(home: Path, write_dump: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["import", str(write_dump(["1\tonly\tthree"]))])
    assert result.exit_code == 1
    assert "[E303]" in result.output and "line 1" in result.output
    unknown = runner.invoke(app, ["import", "x.txt", "-f", "Q"])
    assert unknown.exit_code == 2


def test_no_args_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "import" in result.output and "lookup" in result.output


def test_add_then_lookup_and_spot(home: Path) -> None:
    result = runner.invoke(
        app,
        ["add", "al-Boubadran", "--lat", "34.511", "--lon", "40.963", "--country", "sy", "--alt", "Al Bubadran"],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 0, result.output
    assert "Abu Kamal District" in result.output and "overlay.tsv.gz" in result.output
    found = json.loads(runner.invoke(app, ["lookup", "Al Bubadran", "--json"]).stdout)[0]
    assert (found["name"], found["geonames_id"], found["admin2"]) == ("al-Boubadran", None, "Abu Kamal District")
    fresh = Geocoder.load()  # a later run reads the overlay
    assert [m.text for m in fresh.spot("Strikes hit al-Boubadran on Monday.")] == ["al-Boubadran"]
    again = runner.invoke(app, ["add", "al-Boubadran", "--lat", "34.511", "--lon", "40.963", "--country", "SY"])
    assert again.exit_code == 0
    assert len(read_places(overlay_path())) == 1  # same name and point: replaced, not duplicated


def test_add_with_admin_names(home: Path) -> None:
    result = runner.invoke(
        app,
        ["add", "Khusham", "--lat", "35.29", "--lon", "40.27", "--country", "SY", "--admin1", "Deir ez-Zor",
         "--admin2", "Deir ez-Zor District"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (place,) = read_places(overlay_path())
    assert (place.admin1, place.admin2) == ("07", "170793")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["X", "--lat", "95", "--lon", "40", "--country", "SY"], 1, "[E304]"),
        (["Hajin", "--lat", "34", "--lon", "40", "--country", "SY", "--admin2", "Nowhere"], 1, "no ADM2"),
        (["Hajin", "--lat", "34", "--lon", "40", "--country", "Syria"], 2, "two-letter"),
        (["Hajin", "--lat", "north", "--lon", "40", "--country", "SY"], 2, ""),
    ],
)
def test_add_refuses_bad_input(home: Path, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["add", *args])
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not overlay_path().exists()
