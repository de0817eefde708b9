"""RSS and Atom feeds: one article per entry, metadata from the feed, broken feeds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from harmledger.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from harmledger.ingest import IngestFailure
from harmledger.models import Article

from .conftest import read_all, read_failure, read_one

ITEM = "<item><title>{title}</title><link>https://monitor.example/{slug}</link><description>{text}</description></item>"


def _rss(*items: str) -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>{"".join(items)}</channel></rss>'


def test_rss_entries(data: Path) -> None:
    first, second = read_all(data / "good" / "feed.rss")
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert first.id == "monitor-0001"
    assert first.title == "Airstrike in Pellow kills four"
    assert (first.outlet, first.author, first.published) == ("Example Monitor", "Ada Brook", date(2020, 2, 2))
    assert first.url == "https://monitor.example/pellow-airstrike"
    assert first.source == f"{data / 'good' / 'feed.rss'}#monitor-0001"
    assert first.format == "feed"
    # full content wins over the description, HTML turned into paragraphs
    assert first.text == (
        "An airstrike in Pellow killed four people on Sunday, residents said.\n\nThe village has been hit twice before."
    )
    # no guid: the link is the id; escaped HTML in the description is read as HTML
    assert second.id == "https://monitor.example/crane-hill-mine"
    assert second.text == "A mine exploded near Crane Hill, injuring two farmers."
    assert second.published is None


def test_raw_is_the_entry_as_json(data: Path) -> None:
    first = read_all(data / "good" / "feed.rss")[0]
    assert isinstance(first, Article)
    entry = json.loads(first.raw)
    assert entry["id"] == "monitor-0001"
    assert entry["title"] == "Airstrike in Pellow kills four"


def test_atom_entry(data: Path) -> None:
    article = read_one(data / "good" / "feed.atom")
    assert article.id == "urn:example:observatory:42"
    assert (article.title, article.author, article.outlet) == (
        "Rocket strike on Merrow depot",
        "Ivo Petrak",
        "Example Observatory",
    )
    assert article.published == date(2022, 4, 5)
    assert article.url == "https://observatory.example/merrow"
    assert article.text == "A rocket struck the Merrow fuel depot, killing a guard."


def test_feed_is_sniffed_without_a_feed_suffix(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "feed"
    path.write_bytes((data / "good" / "feed.atom").read_bytes())
    assert read_one(path).format == "feed"


def test_not_a_feed(data: Path) -> None:
    failure = read_failure(data / "bad" / "not_a_feed.xml")
    assert isinstance(failure.error, UnreadableInputError)
    assert "not a feed" in failure.error.message


def test_entry_without_text_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "partial.rss"
    path.write_text(
        _rss(
            ITEM.format(title="Empty", slug="a", text=""), ITEM.format(title="Full", slug="b", text="Five were killed.")
        ),
        encoding="utf-8",
    )
    failure, article = read_all(path)
    assert isinstance(failure, IngestFailure)
    assert isinstance(failure.error, MalformedRecordError)
    assert failure.source == f"{path}#https://monitor.example/a"
    assert isinstance(article, Article)
    assert article.text == "Five were killed."


def test_truncated_feed_keeps_entries_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.rss"
    whole = _rss(ITEM.format(title="One", slug="a", text="First report."), ITEM.format(title="Two", slug="b", text="x"))
    path.write_text(whole[: whole.index("<item>", whole.index("</item>")) + 20], encoding="utf-8")
    items = read_all(path)
    assert isinstance(items[0], Article)
    assert items[0].text == "First report."


def test_feed_without_entries(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text(_rss(), encoding="utf-8")
    assert isinstance(read_failure(path).error, EmptyInputError)
