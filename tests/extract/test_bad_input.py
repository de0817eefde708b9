"""Bad input never crashes or hangs the extractor: empty text, huge lines, other scripts, control bytes."""

from __future__ import annotations

import time

import pytest

from harmledger.extract import extract_claims
from harmledger.models import Article

_LINE = "Airstrikes on the market killed 12 civilians, including 3 children, the monitor said on Monday. "
_FILLER = "The council met to discuss the water supply and the repair of the old bridge near the river. "


def _extract(text: str) -> list[str]:
    return [claim.quote for claim in extract_claims(Article(id="bad", text=text))]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\n ",
        "\x00\x01\x02 killed \x1b[31m 12 \x7f people",
        'He said "12 people were killed in the strike and then the quote never closes',
        "“ ” “ killed 3 people “ ”",
        "قتل 12 مدنياً في غارة جوية على السوسة يوم الخميس",
        "Airstrikes killed 12 civilians in البوكمال, according to SANA — 7 of them children.",
        "killed " * 2000,
        "1 2 3 4 5 6 7 8 9 " * 500 + "people killed",
        "\u202e12 people were killed\u202c",
    ],
)
def test_odd_text_does_not_crash(text: str) -> None:
    for quote in _extract(text):
        assert quote in text


def test_mixed_script_sentence_keeps_its_claim() -> None:
    assert "killed 12 civilians" in _extract("Airstrikes killed 12 civilians in البوكمال, according to SANA.")


def _timed(text: str) -> tuple[int, float]:
    started = time.perf_counter()
    claims = _extract(text)
    return len(claims), time.perf_counter() - started


_UNIT = _FILLER * 19 + _LINE  # one claim sentence in twenty, as in a long report


def test_time_grows_linearly_with_one_long_line() -> None:
    small_claims, small_time = _timed(_UNIT * 30)
    big_claims, big_time = _timed(_UNIT * 300)
    assert big_claims == small_claims * 10
    assert big_time < max(small_time, 0.01) * 10 * 3  # linear, with room for noise


@pytest.mark.slow
def test_five_megabytes_on_one_line_finish() -> None:
    text = _UNIT * (5_000_000 // len(_UNIT))
    claims, seconds = _timed(text)
    assert claims == 2 * (5_000_000 // len(_UNIT))  # each unit: 12 civilians and 3 children
    assert seconds < 60
