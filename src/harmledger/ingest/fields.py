"""Records with named fields (a JSON object, a CSV row) → :class:`~harmledger.models.Article`.

Which key holds which field is :mod:`harmledger.ingest.options`' table. ``published`` may
be an ISO date or datetime, another absolute date string, or Unix seconds (a number or a
string of digits; milliseconds too, told apart by size); a value that does not parse
leaves the date unknown rather than failing the record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from harmledger.errors import MalformedRecordError
from harmledger.ingest.dates import date_from_timestamp, parse_date
from harmledger.ingest.decoding import normalise_newlines
from harmledger.ingest.options import Keys
from harmledger.ingest.records import IngestFailure, Item
from harmledger.models import Article

_MAX_SECONDS = 10**11  # year 5138 in seconds; in milliseconds, 1973


def record_article(
    record: Mapping[str, Any], keys: Keys, *, fallback_id: str, where: str, raw: bytes, format: str
) -> Item:
    """One record as an article, or a failure naming ``where`` when it has no text."""
    text = _first_text(record, keys["content"])
    if text is None:
        return record_failure(where, f"has no text (none of {', '.join(keys['content'])}); nothing to read claims from")
    return Article(
        id=_first_text(record, keys["id"]) or fallback_id,
        text=text,
        title=_first_text(record, keys["title"]),
        outlet=_first_text(record, keys["source"]),
        author=_author(record, keys["author"]),
        published=_published(record, keys["published"]),
        url=_first_text(record, keys["url"]),
        source=where,
        raw=raw,
        format=format,
    )


def record_failure(where: str, message: str) -> IngestFailure:
    """A record that cannot be an article: named by ``path:line``, the rest of the file still reads."""
    return IngestFailure(source=where, error=MalformedRecordError(message, source=where))


def _first_text(record: Mapping[str, Any], keys: Sequence[str]) -> str | None:
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


def _author(record: Mapping[str, Any], keys: Sequence[str]) -> str | None:
    """The first author key with a value; a list of names (NELA's ``authors``) is joined."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            joined = ", ".join(str(name).strip() for name in value if str(name).strip())
            if joined:
                return joined
        elif (text := _first_text(record, (key,))) is not None:
            return text
    return None


def _published(record: Mapping[str, Any], keys: Sequence[str]) -> date | None:
    for key in keys:
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
