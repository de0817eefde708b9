"""Records with named fields (a JSON object, a CSV row) → :class:`~harmledger.models.Article`.

Which key holds which field is :mod:`harmledger.ingest.options`' table. ``published`` may
be an ISO date or datetime, another absolute date string, or Unix seconds (a number or a
string of digits; milliseconds too, told apart by size); a value that does not parse
leaves the date unknown rather than failing the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from harmledger.errors import MalformedRecordError
from harmledger.ingest.dates import date_from_timestamp, parse_date
from harmledger.ingest.decoding import normalise_newlines
from harmledger.ingest.options import Keys
from harmledger.ingest.records import IngestFailure, Item
from harmledger.models import Article

_MAX_SECONDS = 10**11  # year 5138 in seconds; in milliseconds, 1973


class RecordReader:
    """Turns the records of one file into articles, with the key → field table resolved once.

    Each record is then one pass over its own keys (a handful) rather than a lookup of
    every name the table knows: this is the inner loop of a corpus of millions of lines.
    """

    def __init__(self, keys: Keys, *, format: str) -> None:
        self.format = format
        self._content_keys = keys["content"]
        self._fields_of: dict[str, list[tuple[str, int]]] = {}
        for name, tried in keys.items():
            for rank, key in enumerate(tried):
                self._fields_of.setdefault(key, []).append((name, rank))

    def article(self, record: Mapping[str, Any], *, fallback_id: str, where: str, raw: bytes) -> Item:
        """One record as an article, or a failure naming ``where`` when it has no text."""
        found = self._values(record)
        text = found.get("content")
        if text is None:
            keys = ", ".join(self._content_keys)
            return record_failure(where, f"has no text (none of {keys}); nothing to read claims from")
        return Article(
            id=found.get("id") or fallback_id,
            text=text,
            title=found.get("title"),
            outlet=found.get("source"),
            author=found.get("author"),
            published=_published(found.get("published")),
            url=found.get("url"),
            source=where,
            raw=raw,
            format=self.format,
        )

    def _values(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Field → the usable value of its highest-ranked key present in ``record``."""
        best: dict[str, tuple[int, Any]] = {}
        for key, value in record.items():
            for name, rank in self._fields_of.get(key, ()):
                if name in best and best[name][0] < rank:
                    continue
                usable = _usable(name, value)
                if usable is not None:
                    best[name] = (rank, usable)
        return {name: value for name, (_, value) in best.items()}


def record_failure(where: str, message: str) -> IngestFailure:
    """A record that cannot be an article: named by ``path:line``, the rest of the file still reads."""
    return IngestFailure(source=where, error=MalformedRecordError(message, source=where))


def _usable(name: str, value: Any) -> Any:
    """The value as the field takes it, or None when it is blank or of the wrong kind."""
    if name == "published":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return value if number or (isinstance(value, str) and value.strip()) else None
    if name == "author" and isinstance(value, list):
        return ", ".join(str(part).strip() for part in value if str(part).strip()) or None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    return normalise_newlines(str(value)).strip() or None


def _published(value: float | str | None) -> date | None:
    """Unix seconds (a number or digits; milliseconds told apart by size), else a date string."""
    if isinstance(value, str):
        text = value.strip()
        return _date_from_number(int(text)) if text.isdigit() else parse_date(text)
    return None if value is None else _date_from_number(value)


def _date_from_number(value: float) -> date | None:
    """Unix seconds; a value too large for seconds in this era is read as milliseconds."""
    return date_from_timestamp(value / 1000 if value > _MAX_SECONDS else value)
