"""Claims get the places of their own event, with precision and rule; unknown names are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmledger.geo import Geocoder, default_geocoder
from harmledger.geo.overlay import import_dumps
from harmledger.models import Article, Claim

REPORT = (
    "ABU KAMAL, SYRIA – Coalition jets struck near Abu Kamal in the Deir Ezzor province overnight.\n"
    "Strikes hit the villages of al-Boubadran and al-Sousa, killing at least 23 people. The dead had been "
    "forced to flee from the nearby town of al-Baghuz.\n"
    "On Tuesday an airstrike against the town of al-Sharifah left 60 civilians dead.\n"
    "Earlier, a strike on the village of Hajin killed 26 civilians.\n"
    "Separately, 4 were killed in the towns of al-Souseh and al-Baghouz Fowqani.\n"
    "A spokesman said 9 people died.\n"
)


def _claim(text: str, quote: str, sentence: str | None = None) -> Claim:
    start = text.index(quote)
    ctx_start = text.index(sentence) if sentence else start
    ctx_end = ctx_start + len(sentence) if sentence else start + len(quote)
    return Claim(
        "a1", quote, start, start + len(quote), "killed", 1, 1, "exact", context_start=ctx_start, context_end=ctx_end
    )


def _places(geocoder: Geocoder, quote: str, sentence: str | None = None) -> list[tuple[object, ...]]:
    claim = _claim(REPORT, quote, sentence)
    geocoder.geolocate(Article(id="a1", text=REPORT), [claim])
    return [(p.name, p.geonames_id, p.admin2, p.precision) for p in claim.places]


def test_villages_listed_with_a_cue(geocoder: Geocoder) -> None:
    places = _places(
        geocoder,
        "killing at least 23 people",
        "Strikes hit the villages of al-Boubadran and al-Sousa, killing at least 23 people.",
    )
    assert places == [
        ("al-Boubadran", None, "Abu Kamal District", "district"),
        ("al-Sousa", 172415, "Abu Kamal District", "place"),
    ]


def test_place_of_origin_is_not_the_event(geocoder: Geocoder) -> None:
    sentence = "The dead had been forced to flee from the nearby town of al-Baghuz."
    places = _places(geocoder, "The dead", sentence)
    assert "al-Baghuz" not in [p[0] for p in places]


def test_unknown_town_tied_to_district(geocoder: Geocoder) -> None:
    places = _places(geocoder, "60 civilians dead")
    assert places == [("al-Sharifah", None, "Abu Kamal District", "district")]


def test_near_precision_and_governorate_dropped(geocoder: Geocoder) -> None:
    sentence = "ABU KAMAL, SYRIA – Coalition jets struck near Abu Kamal in the Deir Ezzor province overnight."
    places = _places(geocoder, "Coalition jets struck", sentence)
    assert places == [("Abu Kamal", 174448, "Abu Kamal District", "near")]


def test_rule_and_offsets_recorded(geocoder: Geocoder) -> None:
    claim = _claim(REPORT, "killed 26 civilians")
    geocoder.geolocate(Article(id="a1", text=REPORT), [claim])
    (hajin,) = claim.places
    assert (hajin.resolved, hajin.geonames_id, hajin.admin1) == ("Hajīn", 174506, "Deir ez-Zor")
    assert REPORT[hajin.start : hajin.end] == "Hajin"
    assert hajin.rule and "paragraph" in hajin.rule and "village of" in hajin.rule


def test_dateline_fallback(geocoder: Geocoder) -> None:
    places = _places(geocoder, "9 people died")
    assert places == [("ABU KAMAL", 174448, "Abu Kamal District", "place")]


def test_governorate_and_city_by_cue(geocoder: Geocoder) -> None:
    text = "Shelling in Deir ez-Zor killed 3. In Deir ez-Zor province, 5 more died."
    first, second = _claim(text, "killed 3"), _claim(text, "5 more died")
    first.context_start, first.context_end = 0, text.index(".") + 1
    second.context_start, second.context_end = text.index("In Deir"), len(text)
    geocoder.geolocate(Article(id="b", text=text), [first, second])
    assert (first.places[0].geonames_id, first.places[0].precision) == (170794, "place")
    assert (second.places[0].geonames_id, second.places[0].precision) == (170792, "governorate")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Shelling in the countryside of Deir ez-Zor killed 3.", (170792, "governorate")),
        ("Shelling in the Deir ez-Zor countryside killed 3.", (170792, "governorate")),
        ("Shelling in eastern Deir ez-Zor killed 3.", (170792, "governorate")),
        ("Shelling in the eastern countryside of Deir ez-Zor killed 3.", (170792, "governorate")),
        ("Shelling in the Hajin countryside killed 3.", (174506, "near")),
        ("Shelling in eastern Raqqa city killed 3.", (172955, "place")),
    ],
)
def test_countryside_and_parts_of_a_governorate(geocoder: Geocoder, sentence: str, expected: tuple[int, str]) -> None:
    claim = _claim(sentence, "killed 3", sentence)
    geocoder.geolocate(Article(id="c", text=sentence), [claim])
    assert [(p.geonames_id, p.precision) for p in claim.places] == [expected]


def test_imported_dump_resolves_exactly(home: Path, baghuz_dump: Path, geocoder: Geocoder) -> None:
    report = import_dumps([baghuz_dump], geocoder.gazetteer)
    assert report.places == 4
    assert report.derived_districts == 1  # al-Sharifah came without admin2
    fresh = default_geocoder()
    sentence = "Separately, 4 were killed in the towns of al-Souseh and al-Baghouz Fowqani."
    claim = _claim(REPORT, "4 were killed", sentence)
    fresh.geolocate(Article(id="a1", text=REPORT), [claim])
    assert [(p.name, p.geonames_id, p.precision) for p in claim.places] == [
        ("al-Souseh", 172415, "place"),
        ("al-Baghouz Fowqani", 9900001, "place"),
    ]
    sharifah = fresh.lookup("al-Sharifah")[0]
    assert (sharifah.place.id, sharifah.admin2) == (9900004, "Abu Kamal District")


def test_before_import_the_same_name_is_district(geocoder: Geocoder) -> None:
    sentence = "Separately, 4 were killed in the towns of al-Souseh and al-Baghouz Fowqani."
    places = _places(geocoder, "4 were killed", sentence)
    assert places[1] == ("al-Baghouz Fowqani", None, "Abu Kamal District", "district")


def test_add_place_is_spotted_and_resolved(tmp_path: Path) -> None:
    geocoder = Geocoder.load(tmp_path / "none.tsv.gz")
    place = geocoder.add_place("al-Boubadran", 34.511, 40.963, "sy", alternate_names=["Al Bubadran"])
    assert place.id < 0 and place.admin2 == "174447" and place.admin1 == "07"
    claim = _claim(
        REPORT,
        "killing at least 23 people",
        "Strikes hit the villages of al-Boubadran and al-Sousa, killing at least 23 people.",
    )
    geocoder.geolocate(Article(id="a1", text=REPORT), [claim])
    first = claim.places[0]
    assert (first.name, first.geonames_id, first.precision, first.resolved) == (
        "al-Boubadran",
        None,
        "place",
        "al-Boubadran",
    )


def test_add_place_with_admin_names(tmp_path: Path) -> None:
    geocoder = Geocoder.load(tmp_path / "none.tsv.gz")
    place = geocoder.add_place("Khusham", 35.29, 40.27, "SY", admin1="Deir ez-Zor", admin2="Deir ez-Zor District")
    assert (place.admin1, place.admin2) == ("07", "170793")


@pytest.mark.parametrize("written", ["Upper Baghouz", "Baghouz Fawqani", "al-Baghouz al-Foqani", "Baghuz Fowqani"])
def test_word_order_of_upper_lower(tmp_path: Path, written: str) -> None:
    geocoder = Geocoder.load(tmp_path / "none.tsv.gz")
    place = geocoder.add_place("Al Baghuz Fawqani", 34.4689, 40.9536, "SY")
    (mention,) = geocoder.spot(f"Shelling of {written} killed three.")
    assert mention.ids == (place.id,)
    assert geocoder.lookup(written)[0].place == place


def test_claims_of_one_sentence_share_no_place_object(geocoder: Geocoder) -> None:
    sentence = "Strikes hit the villages of al-Boubadran and al-Sousa, killing at least 23 people."
    first, second = _claim(REPORT, "killing at least 23 people", sentence), _claim(REPORT, "Strikes hit", sentence)
    geocoder.geolocate(Article(id="a1", text=REPORT), [first, second])
    assert first.places == second.places
    assert all(a is not b for a, b in zip(first.places, second.places, strict=True))
