"""normalise: outlet chrome stripped, case, punctuation and whitespace folded."""

from __future__ import annotations

import pytest

from harmledger.link.boilerplate import normalise, report_lines, site_chrome
from harmledger.models import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## A title\nRana Haddad 9 November 2018\nSource: Wire\n\nBody text here.", "body text here"),
        ("BEIRUT (LWS) — Twelve were killed.", "twelve were killed"),
        ("Syria’s “war” — said: 12 killed…", "syria s war said 12 killed"),
        ("  Spaced   out \n\n\n text ", "spaced out\ntext"),
        ("Body.\nTo contact the author, write to us.\n© 2018 Outlet\nFollow us on Twitter", "body"),
        ("Body.\nTop Photo | A street in Raqqa\nReporting by A. Name; editing by B. Name", "body"),
        ("قتل، ١٢ مدنياً", "قتل ١٢ مدنياً"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_outlet_name_is_blanked_in_place() -> None:
    text = "The Levant Observer could not reach officials.\nCopyright Levant Observer"
    assert normalise(text, outlet="Levant Observer") == "the could not reach officials"
    offset, line = next(report_lines(text, outlet="Levant Observer"))
    assert text[offset : offset + len(line)].replace("Levant Observer", " " * 15) == line


def test_long_paragraph_starting_like_chrome_is_kept() -> None:
    text = "Source: " + "a monitor said twelve people were killed in the raid on the market " * 6
    assert normalise(text).startswith("source a monitor said")


def test_site_chrome_learns_repeated_footers() -> None:
    footer = "Levant Wire is funded by its readers."
    texts = [f"Report number {n} on a strike.\n{footer}" for n in range(4)]
    chrome = site_chrome(texts)
    assert chrome == frozenset({"levant wire is funded by its readers"})
    assert normalise(texts[0], chrome=chrome) == "report number 0 on a strike"
    assert site_chrome(texts[:2]) == frozenset()


def test_variants_normalise_to_the_original(articles: dict[str, Article]) -> None:
    for name in ("retitled", "footer"):
        assert normalise(articles[name].text, articles[name].outlet) == normalise(articles["original"].text)
