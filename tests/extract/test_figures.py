"""Figures as the analyst reads them: bounds and qualifiers, and numbers that are not head counts."""

from __future__ import annotations

import pytest

from harmledger.extract.figures import find_figures, parse_number
from harmledger.extract.patterns import SINGLE_NOUNS, WORD_VALUES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,000", 8000),
        ("twenty-three", 23),
        ("seventeen", 17),
        ("a dozen", 12),
        ("two dozen", 24),
        ("three hundred", 300),
        ("two hundred and ten", 210),
        ("four thousand", 4000),
        ("ninety nine", 99),
    ],
)
def test_numbers_in_digits_and_words(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("at least 23 people", (23, None, "at_least")),
        ("no fewer than 9 people", (9, None, "at_least")),
        ("over 60 civilians", (61, None, "over")),
        ("more than 2,500 people", (2501, None, "over")),
        ("nearly 40 people", (None, 40, "up_to")),
        ("almost 40 people", (None, 40, "up_to")),
        ("up to 15 people", (None, 15, "up_to")),
        ("about 40 people", (40, 40, "about")),
        ("around 40 people", (40, 40, "about")),
        ("some 40 people", (40, 40, "about")),
        ("roughly 40 people", (40, 40, "about")),
        ("30 to 54 people", (30, 54, "range")),
        ("between 30 and 54 people", (30, 54, "range")),
        ("30-54 people", (30, 54, "range")),
        ("ranging from 30 to 54", (30, 54, "range")),
        ("26 civilians", (26, 26, "exact")),
        ("dozens of civilians", (None, None, "vague")),
        ("scores of people", (None, None, "vague")),
        ("a number of people", (None, None, "vague")),
    ],
)
def test_bounds_follow_the_gold_conventions(text: str, bounds: tuple[int | None, int | None, str]) -> None:
    figures = find_figures(text)
    assert len(figures) == 1
    assert (figures[0].min, figures[0].max, figures[0].qualifier) == bounds


@pytest.mark.parametrize(
    "text",
    [
        "more than 30 percent of the territory",
        "a 34-mile zone",
        "since 2014",
        "after its 2003 invasion",
        "just two percent of the rubble",
        "a 12-kilometre stretch",
        "3 airstrikes",
        "over the past 3 days",
    ],
)
def test_measures_and_years_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


_VAGUE_TERMS = (
    "tens of thousands", "hundreds of thousands", "dozens", "scores", "hundreds", "thousands", "several",
    "a number of", "a handful of", "tens of", "many", "numerous",
)  # fmt: skip


@pytest.mark.parametrize("words", [*WORD_VALUES, *_VAGUE_TERMS])
def test_every_number_word_and_vague_term_is_read(words: str) -> None:
    """Each passes the quick test that skips sentences without a number (patterns.FIGURE_KEYS)."""
    (figure,) = find_figures(f"The strike killed {words} people.")
    assert figure.qualifier == ("vague" if words in _VAGUE_TERMS else "exact")


def test_digits_of_other_scripts_are_read() -> None:
    (figure,) = find_figures("The strike killed \u0663\u0661 people.")  # Arabic-Indic 31
    assert (figure.min, figure.max) == (31, 31)


@pytest.mark.parametrize("noun", [*SINGLE_NOUNS, "aid\nworker"])
def test_a_single_victim_counts_one(noun: str) -> None:
    (figure,) = find_figures(f"The strike killed a {noun} near the school.")
    assert (figure.min, figure.max, figure.qualifier) == (1, 1, "exact")
