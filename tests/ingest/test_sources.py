"""Sources: directories, URLs, order, the --published default, and the reader registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from harmledger.errors import FetchError, InputNotFoundError
from harmledger.ingest import IngestFailure, Input, read_sources, register_reader, registered_formats
from harmledger.ingest import registry as registry_module
from harmledger.models import Article

from .conftest import Routes, read_all, read_one


def test_directory_is_walked_sorted_and_by_suffix(tmp_path: Path, data: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.txt").write_text("Second report.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First report.", encoding="utf-8")
    (tmp_path / "gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "c.html").write_bytes((data / "good" / "page.html").read_bytes())
    items = read_all(tmp_path)
    assert [item.id for item in items if isinstance(item, Article)] == ["a", "second", "c"]


def test_fixture_folder_reads_every_format(data: Path) -> None:
    formats = {item.format for item in read_all(data / "good") if isinstance(item, Article)}
    assert formats == {"text", "html", "feed", "jsonl", "csv"}


def test_order_is_input_order_and_failures_do_not_stop_the_batch(data: Path) -> None:
    items = read_all(
        data / "good" / "titled.txt", "missing.txt", data / "bad" / "garbage.txt", data / "good" / "standfirst.txt"
    )
    assert [type(item).__name__ for item in items] == ["Article", "IngestFailure", "IngestFailure", "Article"]
    assert isinstance(items[1], IngestFailure)
    assert isinstance(items[1].error, InputNotFoundError)


def test_published_fills_unknown_dates_only(data: Path) -> None:
    given = date(2018, 6, 8)
    items = list(
        read_sources([str(data / "good" / "standfirst.txt"), str(data / "good" / "titled.txt")], published=given)
    )
    assert [item.published for item in items if isinstance(item, Article)] == [given, date(2019, 3, 3)]


def test_unknown_suffix_named_directly_is_sniffed(tmp_path: Path, data: Path) -> None:
    page = tmp_path / "article.php"
    page.write_bytes((data / "good" / "page.html").read_bytes())
    lines = tmp_path / "dump.data"
    lines.write_bytes((data / "good" / "records.jsonl").read_bytes())
    prose = tmp_path / "notes"
    prose.write_text("Four killed in Pellow.", encoding="utf-8")
    assert read_one(page).format == "html"
    assert {item.format for item in read_all(lines) if isinstance(item, Article)} == {"jsonl"}
    assert read_one(prose).format == "text"


def test_directory_with_a_file_suffix_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "report.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text("Inside.", encoding="utf-8")
    assert read_one(folder).id == "inner"


def test_html_page_and_feed_by_url(http_server: Callable[[Routes], str], data: Path) -> None:
    base = http_server(
        {
            "/2021/asterby.html": (200, "text/html", (data / "good" / "page.html").read_bytes()),
            "/feed/": (200, "application/rss+xml", (data / "good" / "feed.rss").read_bytes()),
        }
    )
    page, first, second = read_all(f"{base}/2021/asterby.html", f"{base}/feed/")
    assert isinstance(page, Article)
    assert page.id == f"{base}/2021/asterby.html"
    assert page.url == f"{base}/2021/asterby.html"
    assert page.format == "html"
    assert "killed seven people" in page.text
    assert isinstance(first, Article)
    assert first.format == "feed"
    assert first.source == f"{base}/feed/#monitor-0001"
    assert isinstance(second, Article)


@pytest.mark.parametrize(("path", "reason"), [("/gone", "HTTP 404"), ("/error", "HTTP 500")])
def test_fetch_failure(http_server: Callable[[Routes], str], path: str, reason: str) -> None:
    base = http_server({"/error": (500, "text/plain", b"boom")})
    (failure,) = read_all(f"{base}{path}")
    assert isinstance(failure, IngestFailure)
    assert isinstance(failure.error, FetchError)
    assert reason in failure.error.message
    assert failure.source == f"{base}{path}"


def test_refused_connection_is_a_fetch_error() -> None:
    (failure,) = read_all("http://127.0.0.1:1/report.html")
    assert isinstance(failure, IngestFailure)
    assert isinstance(failure.error, FetchError)
    assert "could not be fetched" in failure.error.message


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = registered_formats()
    yield
    registry_module._READERS.clear()
    registry_module._READERS.update(saved)


@pytest.mark.usefixtures("restore_registry")
def test_third_party_reader_registers_like_a_built_in(tmp_path: Path) -> None:
    @register_reader("shout", suffixes=(".shout",), sniff=lambda head: head.startswith(b"SHOUT:"))
    def read_shout(source: Input) -> Iterator[Article]:
        body = source.read_bytes().decode().removeprefix("SHOUT:")
        yield Article(id=source.id, text=body.lower(), source=source.source, format="shout")

    named = tmp_path / "one.shout"
    named.write_text("SHOUT:TWO KILLED", encoding="utf-8")
    sniffed = tmp_path / "two"
    sniffed.write_text("SHOUT:THREE HURT", encoding="utf-8")
    assert "shout" in registered_formats()
    assert [item.text for item in read_all(tmp_path) if isinstance(item, Article)] == ["two killed"]
    assert read_one(sniffed).text == "three hurt"


def test_built_in_formats_are_registered() -> None:
    formats = registered_formats()
    assert {"text", "html", "feed", "jsonl"} <= formats.keys()
    assert formats["jsonl"].suffixes == (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def test_directory_walk_skips_folder_documentation(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About this corpus\n\nIt holds one report.\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text("## A report\n\nAn airstrike killed 3 people.\n", encoding="utf-8")
    items = list(read_sources([str(tmp_path)]))
    assert [item.id for item in items if isinstance(item, Article)] == ["report"]
