"""Which places are the event's: wire datelines, and places named one paragraph later.

Texts are made up for the tests, in the style of wire reports.
"""

from __future__ import annotations

import pytest

from harmledger.geo import Geocoder, anaphora
from harmledger.geo.anaphora import refers_back
from harmledger.models import Article, Claim


def _places(geocoder: Geocoder, text: str, quote: str) -> list[tuple[str, str | None]]:
    start = text.index(quote)
    sentence_start = text.rfind("\n", 0, start) + 1
    sentence_end = text.find(".", start) + 1
    claim = Claim(
        "t", quote, start, start + len(quote), "killed", 1, 1, "exact",
        context_start=sentence_start if text[sentence_start:start].count(".") == 0 else start,
        context_end=sentence_end,
    )  # fmt: skip
    geocoder.geolocate(Article(id="t", text=text), [claim])
    return [(p.name, p.precision) for p in claim.places]


FILED_AWAY = (
    "Strike kills nine\n\n"
    "{dateline} (XY) — Warplanes struck the village of As Susah in eastern Syria's Deir ez-Zor province on "
    "Saturday, a monitor said.\n\n"
    "The monitor said nine civilians were killed.\n"
)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("BEIRUT", [("As Susah", "place")]),  # filed in Lebanon: not the event
        ("DAMASCUS", [("As Susah", "place")]),  # Damascus is not in Deir ez-Zor province
        ("AMMAN, Jordan, Nov 4", [("As Susah", "place")]),
        ("ABU KAMAL, Syria", [("As Susah", "place")]),  # own sentence names the village
    ],
)
def test_filing_place_is_not_the_event(geocoder: Geocoder, dateline: str, expected: list[object]) -> None:
    text = FILED_AWAY.format(dateline=dateline)
    assert _places(geocoder, text, "Warplanes struck") == expected


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("BEIRUT", [("Deir ez-Zor", "governorate")]),  # the governorate the report names, not Beirut
        ("DAMASCUS", [("Deir ez-Zor", "governorate")]),
        ("ABU KAMAL, SYRIA", [("ABU KAMAL", "place")]),  # in the event's governorate: plausible
    ],
)
def test_dateline_fallback_only_when_plausible(geocoder: Geocoder, dateline: str, expected: list[object]) -> None:
    text = FILED_AWAY.format(dateline=dateline)
    assert _places(geocoder, text, "nine civilians were killed") == expected


def test_dateline_alone_is_the_place(geocoder: Geocoder) -> None:
    text = "TABQA, Syria, Oct 25 (XY) - A bomb exploded at a vegetable market, killing four people.\n"
    assert _places(geocoder, text, "killing four people") == [("TABQA", "place")]


STRUCK_LATER = (
    "HAJIN, Syria — Coalition jets carried out strikes near Abu Kamal overnight. A monitor said 30 were killed.\n\n"
    "According to residents, the overnight strikes hit the towns of al-Souseh and al-Baghouz Fowqani.\n\n"
    "Another strike last month, on the village of al-Sharifah, killed four.\n"
)


def test_places_of_the_next_paragraph_that_continues_the_event(geocoder: Geocoder) -> None:
    places = _places(geocoder, STRUCK_LATER, "30 were killed")
    assert places == [("Abu Kamal", "near"), ("al-Souseh", "place"), ("al-Baghouz Fowqani", "district")]


def test_no_look_ahead_into_another_event(geocoder: Geocoder) -> None:
    text = STRUCK_LATER.replace("the overnight strikes hit", "another strike hit")
    assert _places(geocoder, text, "30 were killed") == [("Abu Kamal", "near")]
    assert _places(geocoder, STRUCK_LATER, "killed four") == [("al-Sharifah", "district")]


def test_look_back_to_the_paragraph_of_the_event(geocoder: Geocoder) -> None:
    text = (
        "BEIRUT (XY) — An airstrike hit the town of Hajin on Saturday.\n\n"
        "A monitor said 15 people died in the strike.\n"
    )
    assert _places(geocoder, text, "15 people died") == [("Hajin", "place")]
    unrelated = text.replace("in the strike", "this year")
    assert _places(geocoder, unrelated, "15 people died") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bombings destroyed dozens of houses.", True),
        ("the U.S.-led coalition strikes targeted the towns", True),
        ("It denied any role in the raid.", True),
        ("Another recent coalition strike, which took place last month, hit the area.", False),
        ("An earlier raid killed three.", False),
        ("Residents said food prices had risen.", False),
    ],
)
def test_refers_back(sentence: str, expected: bool) -> None:
    assert refers_back(sentence) is expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike killed 5.",
        "THE AIRSTRIKE killed 5.",
        "the ſtrike",  # long s: re.IGNORECASE folds it to s, so must the pre-check
        "thıs raid",
        "THİS RAID",
        "the attacK",
        "Another strike hit.",
        "the bombing a week ago",
        "the strikers marched",
        "no event here",
    ],
)
def test_anaphora_prechecks_agree_with_the_patterns(sentence: str) -> None:
    plain = anaphora._REFERS.search(sentence) is not None and anaphora._OTHER_EVENT.search(sentence) is None
    assert refers_back(sentence) == plain
