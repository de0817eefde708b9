"""CSV and TSV: header names, column mappings, delimiters, gzip, bad rows among good ones."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from harmledger.errors import MalformedRecordError, UnreadableInputError
from harmledger.ingest import ColumnsError, IngestFailure, ReadOptions, read_sources
from harmledger.models import Article

from .conftest import read_all, read_failure, read_one


def _read_with(path: Path, **columns: str) -> list[Article | IngestFailure]:
    return list(read_sources([str(path)], options=ReadOptions(columns=columns)))


def test_header_names_in_any_case(data: Path) -> None:
    path = data / "good" / "records.csv"
    first, second = read_all(path)
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert (first.id, first.title, first.outlet, first.author, first.url) == (
        "csv-1",
        "Shelling of Brask",
        "Example Wire",
        "Kim Vale",
        "https://wire.example/b1",
    )
    # a quoted field spans lines: its line endings are normalised, the row is named by its first line
    assert first.text == "Shelling of the fictional Brask killed two people, medics said.\n\nA school was hit."
    assert first.published == date(2019, 3, 4)
    assert (first.source, second.source) == (f"{path}:2", f"{path}:5")
    assert first.format == "csv"
    assert json.loads(first.raw)["Headline"] == "Shelling of Brask"
    assert second.published == date(2019, 3, 4)  # Unix seconds
    assert second.author is None


def test_explicit_mapping_overrides_the_default_names(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("guid,summary,story,text\ng-1,Short.,The long story of a strike.,ignored\n", encoding="utf-8")
    article = _read_with(path, id="guid", content="story", title="summary")[0]
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text) == ("g-1", "Short.", "The long story of a strike.")


def test_mapping_parsed_from_text() -> None:
    options = ReadOptions.parse(" id=guid, content = story ,")
    assert dict(options.columns) == {"id": "guid", "content": "story"}


@pytest.mark.parametrize(("spec", "reason"), [("body", "not field=column"), ("text=body", "unknown field text")])
def test_bad_mapping_is_refused(spec: str, reason: str) -> None:
    with pytest.raises(ColumnsError, match=reason):
        ReadOptions.parse(spec)


def test_mapping_naming_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,text\n1,A report.\n", encoding="utf-8")
    (failure,) = _read_with(path, content="story")
    assert isinstance(failure, IngestFailure)
    assert isinstance(failure.error, UnreadableInputError)
    assert "has no column 'story' for content" in failure.error.message


def test_file_without_a_text_column_fails_once(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("id,count\n1,2\n2,3\n", encoding="utf-8")
    failure = read_failure(path)
    assert "has no text column (columns: id, count)" in failure.error.message


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("semicolons.csv", "id;content\na;Text with, a comma.\n"),
        ("tabs.tsv", "id\tcontent\na\tText with, a comma.\n"),
        ("bom.csv", '\ufeffid,content\na,"Text with, a comma."\n'),
    ],
)
def test_delimiters_and_bom(tmp_path: Path, name: str, body: str) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    article = read_one(path)
    assert (article.id, article.text) == ("a", "Text with, a comma.")


def test_gzipped_csv(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "records.csv.gz"
    path.write_bytes(gzip.compress((data / "good" / "records.csv").read_bytes()))
    assert [item.id for item in read_all(path) if isinstance(item, Article)] == ["csv-1", "csv-2"]


def test_bad_rows_are_named_by_line_and_skipped(data: Path) -> None:
    path = data / "bad" / "bad_rows.csv"
    first, short, latin, last = read_all(path)
    assert isinstance(first, Article)
    assert isinstance(last, Article)
    assert (first.id, last.id, last.text) == ("ok-1", "ok-4", "Still read, after the bad rows.")
    assert isinstance(short, IngestFailure)
    assert isinstance(short.error, MalformedRecordError)
    assert short.source == f"{path}:3"
    assert "has 2 fields where the header has 3" in str(short.error)
    assert isinstance(latin, IngestFailure)
    assert latin.source == f"{path}:4"
    assert "not UTF-8" in latin.error.message


def test_field_beyond_the_default_csv_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    text = "A long report. " * 20_000  # 300 kB: over the csv module's default 128 KiB
    path.write_text(f'id,content\nlong,"{text}"\nnext,Short.\n', encoding="utf-8")
    long, short = read_all(path)
    assert isinstance(long, Article)
    assert long.text == text.strip()
    assert isinstance(short, Article)


def test_blank_rows_and_rows_without_text(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("id,content\n\na,A.\nb,\n", encoding="utf-8")
    article, empty = read_all(path)
    assert article.source == f"{path}:3"
    assert isinstance(empty, IngestFailure)
    assert "has no text" in empty.error.message


def test_csv_in_a_directory_is_read(tmp_path: Path, data: Path) -> None:
    (tmp_path / "records.csv").write_bytes((data / "good" / "records.csv").read_bytes())
    assert len(read_all(tmp_path)) == 2


def test_mapping_applies_to_json_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"uid": "u-1", "maintext": "x", "story": "The story."}) + "\n", encoding="utf-8")
    (article,) = _read_with(path, id="uid", content="story")
    assert isinstance(article, Article)
    assert (article.id, article.text) == ("u-1", "The story.")
