"""Web pages → text and metadata, through one fallback chain.

The chain, each stage tried only when the one before gave no text, the winner logged
at debug level:

1. ``trafilatura``: main-content extraction with the page's own metadata (title, author,
   date, site name). Offline and deterministic: it is handed markup, never a URL to fetch,
   with ``favor_recall`` so that short pages are not dropped, no deduplication cache, and
   htmldate's extensive (guessing) date search off.
2. ``paragraphs``: the ``<p>``-like blocks inside ``<article>``, else ``<main>``, else the
   body (:mod:`harmledger.ingest.markup`).
3. ``raw``: every text block of the page, tags stripped.

Whatever stage wins, the text is paragraphs separated by one blank line. Metadata that
trafilatura does not give is read from ``<title>``, ``<meta>`` and the canonical link.
A page with no text at all raises :class:`UnreadableInputError`.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any

from harmledger.errors import UnreadableInputError
from harmledger.ingest.dates import parse_date
from harmledger.ingest.decoding import decode_text
from harmledger.ingest.markup import Page, join_blocks, paragraph_text, parse_page, raw_text
from harmledger.ingest.records import Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.ingest.sniffing import root_tag
from harmledger.models import Article

logger = logging.getLogger(__name__)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title"),
    "author": ("author", "article:author", "dc.creator", "byl"),
    "outlet": ("og:site_name", "application-name", "publisher", "dc.publisher"),
    "published": ("article:published_time", "datepublished", "pubdate", "date", "dc.date", "publish-date"),
}


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page, the stage that produced it, and what the page says about itself."""

    text: str
    stage: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None


@register_reader("html", suffixes=(".html", ".htm", ".xhtml"), sniff=lambda head: root_tag(head) in {"html", "body"})
def read_html(source: Input) -> Iterator[Item]:
    """One web page → one article, id = the file stem (or the URL when fetched)."""
    raw = source.read_bytes()
    markup = decode_text(raw, source=source.source, declared=declared_charset(raw))
    page = extract_page(markup, url=source.url)
    if not page.text:
        raise UnreadableInputError("is HTML without any text; check it is the article page", source=source.source)
    yield Article(
        id=source.id,
        text=page.text,
        title=page.title,
        outlet=page.outlet,
        author=page.author,
        published=page.published,
        url=source.url or page.url,
        source=source.source,
        raw=raw,
        format="html",
    )


def declared_charset(raw: bytes) -> str | None:
    """The encoding a page declares in its first bytes (``<meta charset=…>``), if any."""
    match = _CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_page(markup: str, *, url: str | None = None) -> PageText:
    """Text and metadata of a whole page: the fallback chain plus metadata from either parser."""
    document = _trafilatura_document(markup, url=url)
    text, stage, parsed = _chain_text(markup, document)
    fields = _trafilatura_metadata(document)
    if None in fields.values():
        _fill_from_meta(fields, parsed or parse_page(markup))
    if fields["title"] and fields["outlet"]:
        fields["title"] = _without_site_suffix(fields["title"], fields["outlet"])
    return PageText(text=text, stage=stage, **fields)


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment (a feed entry's content) through the same chain, no metadata."""
    return _chain_text(markup, _trafilatura_document(markup, url=None))[0]


def _chain_text(markup: str, document: Any) -> tuple[str, str, Page | None]:
    """The chain's text, its winning stage, and the simple parse when the chain needed one."""
    text, stage, parsed = _trafilatura_text(document), "trafilatura", None
    if not text:
        parsed = parse_page(markup)
        text, stage = _simple_text(parsed)
    logger.debug("HTML text from %s (%d characters)", stage, len(text))
    return text, stage, parsed


def _simple_text(page: Page) -> tuple[str, str]:
    stages: tuple[tuple[str, Callable[[Page], str]], ...] = (("paragraphs", paragraph_text), ("raw", raw_text))
    for stage, extract in stages:
        text = extract(page)
        if text:
            return text, stage
    return "", "none"


@cache
def _trafilatura() -> ModuleType | None:
    try:
        import trafilatura  # noqa: PLC0415  # optional at run time: the chain works without it
    except ImportError as exc:
        logger.warning("trafilatura unavailable (%s); HTML falls back to the simple extractors", exc)
        return None
    return trafilatura


def _trafilatura_document(markup: str, *, url: str | None) -> Any:
    module = _trafilatura()
    if module is None:
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            document = module.bare_extraction(
                markup,
                url=url,
                favor_recall=True,
                include_comments=False,
                deduplicate=False,
                with_metadata=True,
                date_extraction_params=_DATE_PARAMS,
            )
        except Exception:  # a failing stage hands over to the next one, by design of the chain
            logger.debug("trafilatura failed; falling back", exc_info=True)
            document = None
    for warning in caught:
        logger.debug("trafilatura warned: %s", warning.message)
    return document


def _trafilatura_text(document: Any) -> str:
    text = getattr(document, "text", None)
    return join_blocks(text.split("\n")) if isinstance(text, str) else ""


def _trafilatura_metadata(document: Any) -> dict[str, Any]:
    def field(name: str) -> str | None:
        value = getattr(document, name, None)
        return value.strip() or None if isinstance(value, str) else None

    published = field("date")
    return {
        "title": field("title"),
        "author": field("author"),
        "outlet": field("sitename"),
        "published": parse_date(published) if published else None,
        "url": field("url"),
    }


def _fill_from_meta(fields: dict[str, Any], page: Page) -> None:
    for name, keys in _META_KEYS.items():
        if fields[name] is None:
            value = next((page.meta[key] for key in keys if key in page.meta), None)
            if name == "title":
                value = value or page.title
            fields[name] = parse_date(value) if name == "published" and value else value
    fields["url"] = fields["url"] or page.canonical or page.meta.get("og:url")


def _without_site_suffix(title: str, outlet: str) -> str:
    """``Strike hits clinic | Herald`` → ``Strike hits clinic``: ``<title>`` often ends with the site name."""
    for separator in _TITLE_SEPARATORS:
        suffix = f"{separator}{outlet}"
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title
