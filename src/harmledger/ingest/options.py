"""How record formats (JSON lines, CSV) are read: which key or column holds which article field.

JSON lines and CSV share one table of field names, so that a corpus reads the same
whichever way it was dumped. Each article field is read from the first key present
(CSV headers match whatever their case):

=========  ====================================================================
field      keys tried, in order
=========  ====================================================================
id         ``id``, ``guid``, ``article_id``, ``doc_id``; else ``<input id>:<line>``
content    ``content``, ``text``, ``body``, ``full_text``, ``maintext``
title      ``title``, ``headline``
source     ``source``, ``outlet``, ``publisher``, ``source_name``
author     ``author``, ``authors`` (a JSON list is joined with ", "), ``byline``
published  ``published``, ``date``, ``published_utc``, ``published_at``, ``timestamp``
url        ``url``, ``link``, ``article_url``
=========  ====================================================================

A corpus with other names says which key holds which field: ``{"content": "body_html"}``
(:class:`ReadOptions`), or ``id=guid,content=body`` as text (:meth:`ReadOptions.parse`). A
named field is read from that key only; the others keep their defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from harmledger.errors import HarmledgerError

Keys = Mapping[str, tuple[str, ...]]

DEFAULT_KEYS: Keys = MappingProxyType(
    {
        "id": ("id", "guid", "article_id", "doc_id"),
        "content": ("content", "text", "body", "full_text", "maintext"),
        "title": ("title", "headline"),
        "source": ("source", "outlet", "publisher", "source_name"),
        "author": ("author", "authors", "byline"),
        "published": ("published", "date", "published_utc", "published_at", "timestamp"),
        "url": ("url", "link", "article_url"),
    }
)
FIELDS = tuple(DEFAULT_KEYS)


class ColumnsError(HarmledgerError, ValueError):
    """A column mapping names a field harmledger does not have, or is not ``field=column``.

    A ValueError too, so that a CLI option parsing it reports bad usage (exit 2).
    """

    code = "E106"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read record formats (JSON lines, CSV): ``columns`` maps field → key or header name."""

    columns: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise ColumnsError(f"unknown field {', '.join(unknown)} in the column mapping; use {', '.join(FIELDS)}")

    @classmethod
    def parse(cls, spec: str) -> ReadOptions:
        """``ReadOptions.parse("id=guid,content=body")``: the mapping as a CLI option writes it."""
        columns: dict[str, str] = {}
        for pair in filter(None, (part.strip() for part in spec.split(","))):
            name, sep, column = (piece.strip() for piece in pair.partition("="))
            if not (sep and name and column):
                raise ColumnsError(f"{pair!r} is not field=column; write e.g. content=body,title=headline")
            columns[name] = column
        return cls(columns=columns)

    def keys(self) -> Keys:
        """The keys to try for each field: the default names, with the mapped fields replaced."""
        return {name: (self.columns[name],) if name in self.columns else keys for name, keys in DEFAULT_KEYS.items()}
