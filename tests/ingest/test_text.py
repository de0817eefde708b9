"""Plain-text reports: header rules, exact body text, decoding and bad inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from harmledger.errors import EmptyInputError, InputNotFoundError, UnreadableInputError
from harmledger.ingest import split_header

from .conftest import read_failure, read_one

BODY = "KELMORA – Shelling struck the market on Saturday, killing five people.\n\nA second paragraph."


@pytest.mark.parametrize(
    ("text", "title", "author", "outlet", "published"),
    [
        (
            f"## Market shelled in Kelmora\n\nJane Roe 3 March 2019\n\n{BODY}",
            "Market shelled in Kelmora",
            "Jane Roe",
            None,
            date(2019, 3, 3),
        ),
        (f"# Market shelled\n\n{BODY}", "Market shelled", None, None, None),
        (f"Market shelled in Kelmora\n\n{BODY}", "Market shelled in Kelmora", None, None, None),
        (f"Market shelled in Kelmora\nby Jane Roe\n\n{BODY}", "Market shelled in Kelmora", "Jane Roe", None, None),
        (f"Title here\n\nBy: Jane Roe | Nov. 16, 2018\n\n{BODY}", "Title here", "Jane Roe", None, date(2018, 11, 16)),
        (
            f"Title here\n\nPublished: 2018-11-16\nSource: Example Wire\n\n{BODY}",
            "Title here",
            None,
            "Example Wire",
            date(2018, 11, 16),
        ),
        (f"Title here\n\nFriday, 16 November 2018\n\n{BODY}", "Title here", None, None, date(2018, 11, 16)),
        (f"Author: Jane Roe and Ali al-Nouri\n\n{BODY}", None, "Jane Roe and Ali al-Nouri", None, None),
        (BODY, None, None, None, None),
    ],
    ids=[
        "heading-byline-date",
        "h1",
        "headline",
        "headline-by",
        "by-pipe-date",
        "labelled",
        "date-only",
        "author-label",
        "body-only",
    ],
)
def test_header_fields(
    text: str, title: str | None, author: str | None, outlet: str | None, published: date | None
) -> None:
    header, body = split_header(text)
    assert (header.title, header.author, header.outlet, header.published) == (title, author, outlet, published)
    assert body == BODY


def test_standfirst_before_byline_stays_in_text_and_gives_no_title() -> None:
    standfirst = "The strike is the third this month, and officials say the toll is rising."
    header, body = split_header(f"{standfirst}\nby Omar Haddad\nSource: The Gazette\n{BODY}")
    assert header.title is None
    assert (header.author, header.outlet, header.published) == ("Omar Haddad", "The Gazette", None)
    assert body == f"{standfirst}\n{BODY}"


@pytest.mark.parametrize(
    "text",
    [
        # a sentence, not a headline: ends with a full stop
        f"The market was shelled at dawn.\n\n{BODY}",
        # hard-wrapped prose: the first line runs on into the next
        f"Shelling struck the covered market of Kelmora on Saturday\nmorning, killing five.\n\n{BODY}",
        # a dateline opening the body is body text
        BODY,
    ],
    ids=["sentence", "wrapped", "dateline"],
)
def test_first_line_that_is_body_is_no_title(text: str) -> None:
    header, body = split_header(text)
    assert header.title is None
    assert body == text


@pytest.mark.parametrize(
    "line",
    ["By the end of the week the toll had risen", "By Friday", "Published: sometime soon", "Source: " + "x" * 130],
)
def test_lines_that_only_resemble_headers_stay_in_text(line: str) -> None:
    header, body = split_header(f"Title here\n\n{line}\n\n{BODY}")
    assert (header.author, header.outlet, header.published) == (None, None, None)
    assert body == f"{line}\n\n{BODY}"


def test_header_lines_later_in_the_body_are_text() -> None:
    text = f"Title here\n\n{BODY}\n\nby Jane Roe\nSource: Example Wire"
    header, body = split_header(text)
    assert (header.author, header.outlet) == (None, None)
    assert body.endswith("by Jane Roe\nSource: Example Wire")


def test_titled_file(data: Path) -> None:
    article = read_one(data / "good" / "titled.txt")
    assert article.id == "titled"
    assert article.title == "Shelling kills five in fictional Kelmora market"
    assert (article.author, article.published, article.outlet) == ("Jane Roe", date(2019, 3, 3), None)
    assert article.text.startswith("KELMORA – Shelling struck")
    assert article.text.endswith("eleven people were wounded.")
    assert article.raw == (data / "good" / "titled.txt").read_bytes()
    assert article.format == "text"
    assert article.source == str(data / "good" / "titled.txt")


def test_body_is_the_file_text_unchanged(data: Path) -> None:
    path = data / "good" / "titled.txt"
    article = read_one(path)
    assert article.text in path.read_text(encoding="utf-8")


def test_markdown_file(data: Path) -> None:
    article = read_one(data / "good" / "headline.md")
    assert (article.title, article.author, article.outlet) == (
        "Aid convoy hit near Dorrin",
        "Lena Marsh",
        "Example Wire",
    )
    assert article.published == date(2020, 6, 14)


def test_crlf_and_bom_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf## Title\r\n\r\nFirst  paragraph,   spaced.\r\n\r\nSecond.\r\n\r\n\r\n")
    article = read_one(path)
    assert article.title == "Title"
    assert article.text == "First  paragraph,   spaced.\n\nSecond."
    assert article.raw == path.read_bytes()


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 struck \u2013 \u201cfour\u201d killed.".encode("cp1252"))
    assert read_one(path).text == "Caf\u00e9 struck \u2013 \u201cfour\u201d killed."


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Two killed in Lanton.".encode("utf-16"))
    assert read_one(path).text == "Two killed in Lanton."


def test_missing_file() -> None:
    failure = read_failure("no/such/report.txt")
    assert isinstance(failure.error, InputNotFoundError)
    assert failure.source == "no/such/report.txt"
    assert "[E101]" in str(failure.error)


def test_empty_file(data: Path) -> None:
    failure = read_failure(data / "bad" / "empty.txt")
    assert isinstance(failure.error, EmptyInputError)
    assert "empty" in failure.error.message


def test_header_without_body_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "header_only.txt"
    path.write_text("## A title\n\nby Jane Roe\n", encoding="utf-8")
    assert isinstance(read_failure(path).error, EmptyInputError)


def test_binary_garbage(data: Path) -> None:
    failure = read_failure(data / "bad" / "garbage.txt")
    assert isinstance(failure.error, UnreadableInputError)
    assert "looks binary" in failure.error.message


def test_high_bytes_without_nul_are_binary_too(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    assert "looks binary" in read_failure(path).error.message
