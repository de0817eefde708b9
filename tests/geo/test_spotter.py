"""Toponyms in text: found with offsets, cue and role; ordinary words, people and outlets not."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from harmledger.geo import Geocoder, context, spotter

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

TEXT = (
    "BAGHOUZ BUREAU – Warplanes struck the villages of al-Boubadran and al-Sousa on Monday, "
    "while families forced to flee from the nearby town of al-Baghuz sheltered in Hajin. "
    "Fighters from Hajin were blamed. The state news agency Sana reported 12 dead near Abu Kamal "
    "in the Deir Ezzor province. Analyst Bill Van Doren said the Deir ez-Zor Military Council denied it."
)


def _by_text(geocoder: Geocoder, text: str) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for m in geocoder.spot(text):
        assert text[m.start : m.end] == m.text
        found.setdefault(m.text, []).append(m)
    return found


def test_cues_and_roles(geocoder: Geocoder) -> None:
    found = {m.text: m for m in geocoder.spot(TEXT)}
    assert found["al-Boubadran"].cue == "village of"
    assert found["al-Sousa"].cue == "village of"  # "villages of X and Y"
    assert found["al-Sousa"].ids and 172415 in found["al-Sousa"].ids
    assert found["al-Baghuz"].role == "origin"
    assert found["Abu Kamal"].cue == "near"
    assert found["Deir Ezzor"].level == "governorate"


def test_fighters_from_is_origin(geocoder: Geocoder) -> None:
    roles = [m.role for m in geocoder.spot(TEXT) if m.text == "Hajin"]
    assert roles == ["event", "origin"]


@pytest.mark.parametrize("not_a_place", ["Sana", "Van", "Bill", "Deir ez-Zor", "Monday"])
def test_no_false_positives(geocoder: Geocoder, not_a_place: str) -> None:
    assert not_a_place not in {m.text for m in geocoder.spot(TEXT)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Among the worst hit of these cities was Raqqa.", ["Raqqa"]),
        ("Hit by shelling, residents left. Clashes in Hit continued.", ["Hit"]),
        ("Ma Zhaoxu and Jan Egeland spoke; Jordan closed the crossing.", []),
        ("Strikes on Ramadi, Hit and Haditha killed 9.", ["Ramadi", "Hit", "Haditha"]),
        ("قصف على الرقة وعلى دير الزور", ["الرقة", "دير الزور"]),
        ("Raqqa's hospital and Deir ez-Zor countryside", ["Raqqa's", "Deir ez-Zor"]),
    ],
)
def test_spotting_sentences(geocoder: Geocoder, text: str, expected: list[str]) -> None:
    assert [m.text for m in geocoder.spot(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The UN Office (OCHA) said 16 were killed in Hajin.", ["Hajin"]),  # OCHA ~ Uşak's alternate name
        ("Reports by SANA and SOHR from Raqqa differ.", ["Raqqa"]),
        ("Activists of Raqqa is Being Slaughtered Silently said 5 died.", []),
        ("Deir Ezzor 24 reported shelling in Hajin.", ["Hajin"]),
        ("Shelling hit the town of HAJIN on Monday.", ["HAJIN"]),  # a cue keeps a capitalised place
        ("HAJIN, Syria (XY) - Shelling hit the market.", ["HAJIN", "Syria"]),  # dateline
    ],
)
def test_acronyms_and_organisations_are_not_places(geocoder: Geocoder, text: str, expected: list[str]) -> None:
    assert [m.text for m in geocoder.spot(text)] == expected


def test_fled_the_fighting_is_origin(geocoder: Geocoder) -> None:
    (hajin,) = geocoder.spot("Families who had fled the fighting around Hajin were sleeping there.")
    assert hajin.role == "origin"


def test_garbage_text_does_not_crash(geocoder: Geocoder) -> None:
    assert geocoder.spot("") == []
    assert geocoder.spot("!!! ??? ... ---" * 500) == []
    geocoder.spot("Raqqa" * 2000 + " الرقة" * 100 + " \x00\ufffd")


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_seed_articles_have_no_spurious_places(geocoder: Geocoder) -> None:
    allowed = {
        "Syria",
        "Syria's",
        "Syria’s",
        "SYRIA",
        "Iraq",
        "Iran",
        "Iran's",
        "Tehran",
        "Damascus",
        "Raqqa",
        "Deir Ezzor",
        "Deir ez-Zor",
        "Deir Ez-Zor",
        "al-Hasakah",
        "al-Boubadran",
        "al-Sousa",
        "al-Baghuz",
        "al-Sharifah",
        "Hajin",
        "Al-Panorama",
        "Abu Kamal",
        "ABU KAMAL",
        "al-Souseh",
        "al-Baghouz Fowqani",
        "Jordan",
        "Israel",
        "al-Tanf",
    }
    for path in sorted(SEEDS.glob("*.txt")):
        spotted = {m.text for m in geocoder.spot(path.read_text(encoding="utf-8"))}
        assert spotted <= allowed, spotted - allowed


def test_fast_run_scan_matches_the_readable_pattern() -> None:
    """The run scan is written for speed; it must find exactly what the plain pattern finds."""
    reference = re.compile(
        rf"(?:\b{spotter._LOWER_ARTICLE}[-‐‑])?[{spotter._UPPER}{spotter._ARABIC}]" + spotter._RUN_REST
    )
    pieces = ["al", "el", "as", "ash", "adh", "ath", "ad", "ez", "ed", "e", "a", "h", "-", "‐", "‑", " ", "\t", "\n"]
    pieces += [
        "Raqqa",
        "X",
        "é",
        "É",
        "ش",
        "_",
        "1",
        "'",
        "’",
        "ʿ",
        "the",
        "t",
        "l",
        "s",
        "d",
        "z",
        "n",
        "r",
        "Al",
        ".",
    ]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        fast = list(spotter.runs(text))
        assert fast == [m.span() for m in reference.finditer(text)], text


def _spellings(word: str, rng: random.Random) -> str:
    """``word`` as re.IGNORECASE still matches it: any case, ı/İ for i, K (Kelvin) for k, ſ for s."""
    odd = {"i": "ıİ", "k": "K", "s": "ſ"}
    return "".join(
        rng.choice(odd[ch]) if ch in odd and rng.random() < 0.2 else ch.upper() if rng.random() < 0.3 else ch
        for ch in word
    )


@pytest.mark.parametrize(
    "pattern",
    [
        context._KIND_OF,
        context._NEAR,
        context._IN,
        context._ORIGIN,
        context._FLED_FIGHTING,
        context._ACTOR,
        context._COUNTRYSIDE_OF,
        context._DESTINATION,
    ],
)
def test_window_patterns_skip_only_searches_that_cannot_match(pattern: context._AtEnd) -> None:
    """Skipping by needed words and starting late must find what a full search finds.

    (A pattern is only tried when the window ends with one of its last words; that rule
    is older than these shortcuts and kept as it is.)
    """
    ordered = re.findall(r"[a-z]+", re.sub(r"\\[bsw]", " ", pattern.regex.pattern))  # its words, in pattern order
    words = [*ordered, "the", "Raqqa", "x", "within", "wasn't", "near-by"]
    gaps = [" ", "  ", "\n", "\t", " \n ", ", ", "-"]
    rng = random.Random(11)
    matched = 0
    for _ in range(6000):
        chosen = (
            [w for w in ordered if rng.random() < 0.3]  # in order: often a match
            if rng.random() < 0.5
            else [rng.choice(words) for _ in range(rng.randint(1, 7))]
        )
        parts = [_spellings(word, rng) + rng.choice(gaps) for word in chosen]
        before = "".join(parts)[-80:]
        last = context._last_word(before[-24:])
        expected = last in pattern.endings and pattern.regex.search(before) is not None
        window = context._Window(before, last)
        assert (window.search(pattern) is not None) == expected, before
        matched += expected
    assert matched > 30, matched  # the windows exercise the pattern


def _plain_context_names(text: str) -> list[tuple[int, int]]:
    """The context-name patterns as first written: two regex scans of the whole text."""
    spans = []
    for found in context._CONTEXT_NAME.finditer(text):
        base = found.start("names")
        spans += [(base + one.start(), base + one.end()) for one in context._ONE_NAME.finditer(found.group("names"))]
    for word in re.finditer(r"\s(?:province|governorate|district)\b", text):
        before = context._NAME_BEFORE.search(text, max(0, word.start() - 80), word.start() + 1)
        if before:
            spans.append(before.span(1))
    return spans


def test_context_names_match_the_plain_scan() -> None:
    pieces = ["village", "villages", "town", "towns", " of ", "near", "near the town of ", "Raqqa", "al-", "Hajin"]
    pieces += [", ", " and ", "province", "district", "_", "x", "\n", " ", "Deir ez-Zor", "governorates", "é", "1"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert list(context.context_names(text)) == _plain_context_names(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A strike on homes in al-Shafah killed 5.", ["al-Shafah"]),
        ("Clashes continued around al-Kishkiyah overnight.", ["al-Kishkiyah"]),
        ("Fighters in al-Nusra Front said 5 died.", []),  # an organisation: a capitalised word follows
        ("Support in al-Assad's circle grew.", []),  # a possessive: a person
        ("Those in al-Qaeda were blamed.", []),  # NOT_PLACES
        ("He was in Al-Khidr Street.", []),
    ],
)
def test_in_article_names_the_gazetteer_lacks(geocoder: Geocoder, text: str, expected: list[str]) -> None:
    found = [m.text for m in geocoder.spot(text) if not m.ids]
    assert found == expected
