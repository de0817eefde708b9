"""Web pages: the fallback chain, metadata from the page, short, truncated and empty pages."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from harmledger.errors import UnreadableInputError
from harmledger.ingest import extract_page, html, html_to_text

from .conftest import read_failure, read_one

SHORT_PAGE = (
    "<html><head><title>Two killed in Lanton</title></head>"
    "<body><p>Two people were killed in Lanton on Monday.</p></body></html>"
)


@pytest.fixture
def without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chain as it runs where trafilatura is not installed."""
    monkeypatch.setattr(html, "_trafilatura", lambda: None)


def test_page_text_and_metadata(data: Path) -> None:
    article = read_one(data / "good" / "page.html")
    assert article.id == "page"
    assert article.format == "html"
    assert article.title == "Drone strike hits Asterby clinic"
    assert (article.author, article.outlet) == ("Sam Ortega", "Example Herald")
    assert article.published == date(2021, 9, 7)
    assert article.url == "https://herald.example/2021/09/07/asterby-clinic"
    assert "killed seven people on Monday" in article.text
    assert "Three of the dead were nurses" in article.text
    assert "Copyright" not in article.text
    assert "Home" not in article.text
    assert article.raw == (data / "good" / "page.html").read_bytes()


def test_paragraphs_are_separated_by_a_blank_line(data: Path) -> None:
    text = read_one(data / "good" / "page.html").text
    assert "town council said.\n\nThree of the dead" in text


def test_short_page_is_not_dropped() -> None:
    page = extract_page(SHORT_PAGE)
    assert page.text == "Two people were killed in Lanton on Monday."
    assert page.stage == "trafilatura"


def test_winner_is_logged(caplog: pytest.LogCaptureFixture, data: Path) -> None:
    with caplog.at_level(logging.DEBUG, logger="harmledger.ingest.html"):
        read_one(data / "good" / "page.html")
    assert any("text from trafilatura" in record.getMessage() for record in caplog.records)


@pytest.mark.usefixtures("without_trafilatura")
def test_paragraph_fallback_keeps_article_paragraphs_and_meta(data: Path) -> None:
    page = extract_page((data / "good" / "page.html").read_text(encoding="utf-8"))
    assert page.stage == "paragraphs"
    assert page.text.startswith("Drone strike hits Asterby clinic\n\nA drone strike on a clinic")
    assert "Copyright" not in page.text
    assert page.title == "Drone strike hits Asterby clinic"
    assert (page.author, page.outlet, page.published) == ("Sam Ortega", "Example Herald", date(2021, 9, 7))
    assert page.url == "https://herald.example/2021/09/07/asterby-clinic"


@pytest.mark.usefixtures("without_trafilatura")
def test_raw_fallback_when_there_are_no_paragraphs() -> None:
    page = extract_page("<html><body><div>Four killed</div><div>in <b>Pellow</b></div><script>x()</script></body>")
    assert page.stage == "raw"
    assert page.text == "Four killed\n\nin Pellow"


@pytest.mark.usefixtures("without_trafilatura")
def test_fallback_title_falls_back_to_the_title_element() -> None:
    assert extract_page(SHORT_PAGE).title == "Two killed in Lanton"


def test_failing_trafilatura_hands_over_to_the_next_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    def bare_extraction(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken parser")

    monkeypatch.setattr(html, "_trafilatura", lambda: SimpleNamespace(bare_extraction=bare_extraction))
    page = extract_page(SHORT_PAGE)
    assert (page.stage, page.text) == ("paragraphs", "Two people were killed in Lanton on Monday.")


def test_truncated_page_still_gives_its_text(data: Path) -> None:
    article = read_one(data / "bad" / "truncated.html")
    assert article.text.startswith("Shelling hit the fictional port of Maddox")
    assert article.text.endswith("the harbour")


@pytest.mark.usefixtures("without_trafilatura")
def test_page_cut_inside_a_tag_loses_only_the_fragment() -> None:
    assert extract_page("<p>Three wounded in Teller, officials <a hre").text == "Three wounded in Teller, officials"


def test_page_without_text(data: Path) -> None:
    failure = read_failure(data / "bad" / "no_text.html")
    assert isinstance(failure.error, UnreadableInputError)
    assert "without any text" in failure.error.message


def test_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes(
        '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 hit.</p></body></html>'.encode("cp1252")
    )
    assert read_one(path).text == "Caf\u00e9 hit."


def test_fragment_to_text() -> None:
    assert html_to_text("<p>A fragment with <b>bold</b> text.</p><p>Second.</p>") == (
        "A fragment with bold text.\n\nSecond."
    )


def test_same_page_same_article(data: Path) -> None:
    path = data / "good" / "page.html"
    assert read_one(path) == read_one(path)
