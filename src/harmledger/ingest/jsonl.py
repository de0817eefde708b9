"""JSON lines (``.jsonl``, ``.ndjson``, gzipped ``.gz``): each line one article, streamed.

The layout is NELA-GT's: ``{"id", "url", "source", "title", "published", "content"}``,
plus the fields other dumps use. Each field is read from the first key present:

=========  ==========================================================
field      keys (in order)
=========  ==========================================================
id         ``id``, else ``<input id>:<line>``
text       ``content``, ``text``, ``body``
title      ``title``, ``headline``
outlet     ``source``, ``outlet``, ``publisher``
author     ``author``, ``authors`` (a list is joined with ", ")
published  ``published``, ``date``, ``published_utc``, ``timestamp``
url        ``url``, ``link``
=========  ==========================================================

``published`` may be an ISO date or datetime, another absolute date string, or Unix
seconds (a number or a string of digits; milliseconds too, told apart by size); a
value that does not parse leaves the date unknown rather than failing the record. A line
that is not a JSON object, or has no text, yields an :class:`IngestFailure` naming
``path:line``; the other lines still read.
Lines are read one at a time, so a file of any size streams in constant memory.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from harmledger.errors import MalformedRecordError, UnreadableInputError
from harmledger.ingest.dates import date_from_timestamp, parse_date
from harmledger.ingest.decoding import normalise_newlines
from harmledger.ingest.records import IngestFailure, Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.ingest.sniffing import is_gzip, starts_with_json_object
from harmledger.models import Article

logger = logging.getLogger(__name__)

_TEXT_KEYS = ("content", "text", "body")
_TITLE_KEYS = ("title", "headline")
_OUTLET_KEYS = ("source", "outlet", "publisher")
_AUTHOR_KEYS = ("author", "authors")
_DATE_KEYS = ("published", "date", "published_utc", "timestamp")
_URL_KEYS = ("url", "link")
_MAX_SECONDS = 10**11  # year 5138 in seconds; in milliseconds, 1973


@register_reader(
    "jsonl",
    suffixes=(".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"),
    sniff=lambda head: is_gzip(head) or starts_with_json_object(head),
)
def read_jsonl(source: Input) -> Iterator[Item]:
    """One article per non-blank line, in file order."""
    try:
        with _open_lines(source) as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _read_line(line.rstrip(b"\r\n"), source=source, number=number)
    except (OSError, EOFError) as exc:
        raise UnreadableInputError(
            f"stopped being readable ({exc}); the lines before were read, re-fetch or re-compress it",
            source=source.source,
        ) from exc


@contextmanager
def _open_lines(source: Input) -> Iterator[Iterable[bytes]]:
    """The input's lines as bytes, gunzipped when the bytes say gzip (whatever the suffix)."""
    gzipped = is_gzip(source.head(2))
    with source.open() as stream:
        if gzipped:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield unzipped
        else:
            yield stream


def _read_line(line: bytes, *, source: Input, number: int) -> Item:
    where = f"{source.source}:{number}"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = f"{exc.msg}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        return _failure(where, f"is not valid JSON ({reason}); fix or drop this line")
    if not isinstance(record, dict):
        return _failure(where, f"is a JSON {type(record).__name__}, not an object; each line must be one article")
    text = _first_text(record, _TEXT_KEYS)
    if text is None:
        return _failure(where, f"has no text (none of {', '.join(_TEXT_KEYS)}); nothing to read claims from")
    return Article(
        id=_first_text(record, ("id",)) or f"{source.id}:{number}",
        text=text,
        title=_first_text(record, _TITLE_KEYS),
        outlet=_first_text(record, _OUTLET_KEYS),
        author=_author(record),
        published=_published(record),
        url=_first_text(record, _URL_KEYS),
        source=where,
        raw=line,
        format="jsonl",
    )


def _failure(where: str, message: str) -> IngestFailure:
    return IngestFailure(source=where, error=MalformedRecordError(message, source=where))


def _first_text(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` holding a non-blank string or number, as text."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float | str):
            text = normalise_newlines(str(value)).strip()
            if text:
                return text
    return None


def _author(record: Mapping[str, Any]) -> str | None:
    author = _first_text(record, ("author",))
    authors = record.get("authors")
    if author is None and isinstance(authors, list):
        author = ", ".join(str(name).strip() for name in authors if str(name).strip()) or None
    return author or _first_text(record, ("authors",))


def _published(record: Mapping[str, Any]) -> date | None:
    for key in _DATE_KEYS:
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _date_from_number(value)
        if isinstance(value, str) and value.strip():
            text = value.strip()
            return _date_from_number(int(text)) if text.isdigit() else parse_date(text)
    return None


def _date_from_number(value: float) -> date | None:
    """Unix seconds; a value too large for seconds in this era is read as milliseconds."""
    return date_from_timestamp(value / 1000 if value > _MAX_SECONDS else value)
