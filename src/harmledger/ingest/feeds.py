"""RSS 2.0, RSS 1.0 and Atom feeds: each entry → one article.

feedparser is handed the bytes, never a URL, so it cannot fetch anything on its own.
Per entry: text from the full content (``content:encoded``, Atom ``content``), else the
description/summary, HTML turned into text by the same fallback chain as web pages;
``title``; ``link`` as url (only when it is an http(s) address); date from the entry's
published, else updated, time (UTC); outlet = the channel title; author. The entry id is
its guid, else its link, else ``<input id>#<position>``. ``raw`` is the entry as
feedparser read it, serialised as JSON (sorted keys), since feedparser keeps no XML.

A document that is not XML at all is refused as "not a feed"; a feed that is XML but
broken part-way (a truncated download) still gives the entries before the break.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import feedparser

from harmledger.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from harmledger.ingest.decoding import normalise_newlines
from harmledger.ingest.html import html_to_text
from harmledger.ingest.records import IngestFailure, Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.ingest.sniffing import root_tag
from harmledger.models import Article

logger = logging.getLogger(__name__)

_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@register_reader("feed", suffixes=(".rss", ".atom", ".xml", ".rdf"), sniff=lambda head: root_tag(head) in _FEED_ROOTS)
def read_feed(source: Input) -> Iterator[Item]:
    """Every entry of one feed, in document order."""
    parsed = feedparser.parse(source.read_bytes())
    if parsed.get("bozo") and not parsed.get("version") and not parsed.entries:
        raise UnreadableInputError(
            f"is not a feed ({parsed.get('bozo_exception')}); pass an RSS or Atom document",
            source=source.source,
        )
    if parsed.get("bozo"):
        logger.warning(
            "%s: feed is malformed (%s); reading the entries before the fault",
            source.source,
            parsed.get("bozo_exception"),
        )
    if not parsed.entries:
        raise EmptyInputError("is a feed without entries; nothing to read", source=source.source)
    outlet = parsed.feed.get("title") or None
    for position, entry in enumerate(parsed.entries, start=1):
        yield _entry_article(entry, source=source, position=position, outlet=outlet)


def _entry_article(entry: Mapping[str, Any], *, source: Input, position: int, outlet: str | None) -> Item:
    link = entry.get("link") if str(entry.get("link", "")).startswith(("http://", "https://")) else None
    key = entry.get("id") or link
    where = f"{source.source}#{key or position}"
    text = _entry_text(entry)
    if not text:
        error = MalformedRecordError("feed entry has no text (no content or description)", source=where)
        return IngestFailure(source=where, error=error)
    return Article(
        id=key or f"{source.id}#{position}",
        text=text,
        title=entry.get("title") or None,
        outlet=outlet,
        author=entry.get("author") or None,
        published=_entry_date(entry),
        url=link,
        source=where,
        raw=json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"),
        format="feed",
    )


def _entry_text(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail")
    if not detail or not str(detail.get("value", "")).strip():
        return ""
    value = str(detail["value"])
    if detail.get("type") in _HTML_TYPES:
        return html_to_text(value)
    return normalise_newlines(value).strip()


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
