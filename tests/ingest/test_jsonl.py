"""JSON lines: NELA-GT records, aliases, gzip, one broken line among good ones, streaming."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import BinaryIO

import pytest

from harmledger.errors import MalformedRecordError
from harmledger.ingest import IngestFailure, Input
from harmledger.ingest.jsonl import read_jsonl
from harmledger.models import Article

from .conftest import read_all, read_one


def _write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_nela_record_and_aliases(data: Path) -> None:
    path = data / "good" / "records.jsonl"
    first, second = read_all(path)
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert (first.id, first.title, first.outlet, first.url) == (
        "nela-1",
        "Clashes in Ostrava Nova",
        "examplewire",
        "https://wire.example/a1",
    )
    assert first.published == date(2018, 5, 1)
    assert first.source == f"{path}:1"
    assert first.raw == path.read_bytes().splitlines()[0]
    assert first.format == "jsonl"
    # "id" given as a number, "link", "outlet", "headline", "date" as Unix seconds, "text", "authors"
    assert (second.id, second.title, second.outlet, second.url) == (
        "2",
        "Shelling of Teller",
        "Example Wire",
        "https://wire.example/a2",
    )
    assert second.published == date(2018, 5, 1)
    assert second.author == "Kim Vale, Rui Santos"
    assert second.text == "Shelling of Teller wounded six people."


def test_gzipped_lines(data: Path) -> None:
    plain = read_all(data / "good" / "records.jsonl")
    zipped = read_all(data / "good" / "records.jsonl.gz")
    assert [item.text for item in zipped if isinstance(item, Article)] == [
        item.text for item in plain if isinstance(item, Article)
    ]
    assert zipped[0].source == f"{data / 'good' / 'records.jsonl.gz'}:1"


def test_one_broken_line_among_good_ones(data: Path) -> None:
    path = data / "bad" / "one_broken_line.jsonl"
    first, broken, third = read_all(path)
    assert isinstance(first, Article)
    assert first.id == "ok-1"
    assert isinstance(broken, IngestFailure)
    assert isinstance(broken.error, MalformedRecordError)
    assert broken.source == f"{path}:2"
    assert f"{path}:2" in str(broken.error)
    assert "not valid JSON" in broken.error.message
    assert isinstance(third, Article)
    assert third.id == "ok-3"


@pytest.mark.parametrize(
    ("record", "reason"),
    [([1, 2], "not an object"), ({"id": "x", "title": "no text"}, "has no text"), ({"content": "  "}, "has no text")],
)
def test_records_that_cannot_be_articles(tmp_path: Path, record: object, reason: str) -> None:
    (failure,) = read_all(_write_lines(tmp_path / "odd.jsonl", record))
    assert isinstance(failure, IngestFailure)
    assert reason in failure.error.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-11-16", date(2018, 11, 16)),
        ("2018-11-16T23:30:00+00:00", date(2018, 11, 16)),
        ("Fri, 16 Nov 2018 10:00:00 GMT", date(2018, 11, 16)),
        (1542326400, date(2018, 11, 16)),
        ("1542326400", date(2018, 11, 16)),
        (1542326400000, date(2018, 11, 16)),
        ("not a date", None),
    ],
)
def test_published_forms(tmp_path: Path, value: object, expected: date | None) -> None:
    path = _write_lines(tmp_path / "dates.jsonl", {"id": "d", "content": "Text.", "published": value})
    assert read_one(path).published == expected


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_text('\n{"id": "a", "content": "A."}\n\n{"id": "b", "content": "B."}\n', encoding="utf-8")
    assert [item.source for item in read_all(path)] == [f"{path}:2", f"{path}:4"]


def test_missing_id_uses_file_and_line(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "anon.ndjson", {"content": "Unnamed report."})
    assert read_one(path).id == "anon:1"


class _TrackingStream(io.BytesIO):
    """A stream that remembers the furthest byte read, to prove lines are streamed."""

    furthest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        _TrackingStream.furthest = max(_TrackingStream.furthest, self.tell())
        return line

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def test_lines_are_streamed_not_loaded() -> None:
    body = b"".join(json.dumps({"id": str(n), "content": "x" * 100}).encode() + b"\n" for n in range(5000))

    def opener() -> BinaryIO:
        return _TrackingStream(body)

    items = read_jsonl(Input(source="big.jsonl", name="big.jsonl", id="big", opener=opener))
    first = next(items)
    assert isinstance(first, Article)
    assert _TrackingStream.furthest < len(body) // 100
