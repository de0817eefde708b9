"""Names to GeoNames ids, in any spelling or script, and clear errors for what is not a name."""

from __future__ import annotations

import pytest

from harmledger.geo import GazetteerError, Geocoder, PlaceNameError

MUST = [
    ("al-Sousa", 172415),
    ("al-Souseh", 172415),
    ("Hajin", 174506),
    ("Abu Kamal", 174448),
    ("Albu Kamal", 174448),
    ("Al Bukamal", 174448),
    ("Raqqa", 172955),
    ("Ar Raqqah", 172955),
    ("al-Raqqa", 172955),
    ("Deir ez-Zor", 170794),
    ("Deir Ezzor", 170794),
    ("Dayr az Zawr", 170794),
    ("Deir ez-Zor province", 170792),
    ("Deir Ezzor governorate", 170792),
    ("السوسة", 172415),
    ("الرقة", 172955),
    ("دير الزور", 170794),
]


@pytest.mark.parametrize(("name", "geonames_id"), MUST)
def test_lookup_top_candidate(geocoder: Geocoder, name: str, geonames_id: int) -> None:
    assert geocoder.lookup(name)[0].place.id == geonames_id


def test_candidates_carry_admin_names(geocoder: Geocoder) -> None:
    best = geocoder.lookup("Hajin")[0]
    assert (best.admin1, best.admin2, best.place.country) == ("Deir ez-Zor", "Abu Kamal District", "SY")
    assert best.to_json()["feature"] == "P.PPL"


def test_country_filter_and_near(geocoder: Geocoder) -> None:
    assert all(c.place.country == "IQ" for c in geocoder.lookup("Hit", country="iq"))
    assert geocoder.lookup("Hajin", near="Abu Kamal")[0].place.id == 174506


def test_fuzzy_fallback(geocoder: Geocoder) -> None:
    best = geocoder.lookup("Abu Kamul")[0]
    assert best.place.id == 174448
    assert best.score < 100


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 10_000, "10,000 characters"),
        ("?!.,;", "no letters"),
        ("", "no letters"),
        ("Raqqa الرقة", "mixes Arabic and Latin"),
    ],
)
def test_bad_names_raise_coded_errors(geocoder: Geocoder, name: str, message: str) -> None:
    with pytest.raises(PlaceNameError, match=message) as caught:
        geocoder.lookup(name)
    assert isinstance(caught.value, GazetteerError)
    assert str(caught.value).startswith("[E304]")


def test_unknown_name_gives_no_candidates(geocoder: Geocoder) -> None:
    assert geocoder.lookup("Qwxzvbnm") == []
