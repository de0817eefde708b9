"""Recognise the header lines of a plain-text report: title, byline, outlet, date.

Rules, each on one whole line (a line that only *contains* such words is body text):

* title: a Markdown heading ``# Title`` / ``## Title``; or, failing that, a first line
  that reads as a headline (see :func:`looks_like_headline`).
* byline: ``by Whitney Webb``, ``By: A. Name and B. Name``, ``Author: Name``.
* outlet: ``Source: Mint Press News`` (also ``Outlet:``, ``Publisher:``, ``Publication:``).
* date: ``Published: 2018-11-16`` (also ``Date:``, ``Posted:``, ``Updated:``), or a date
  alone on its line.
* byline and date together: ``Bill Van Auken 16 November 2018`` (a name, an optional
  separator ``, | – —``, then a date).

A labelled line whose value does not parse (``Published: soon``) is not a header line: it
stays in the text rather than vanish. A dateline opening the body (``ABU KAMAL, SYRIA –
Around midnight…``) matches none of these and stays in the text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from harmledger.ingest.dates import parse_date, split_trailing_date

# A personal name: capitalised words, with the lower-case particles names carry.
_WORD = r"(?:(?:al|el|ad|as|ash)-)?[A-Z][\w'’.-]*"
_PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|la|le|al|el|bin|ibn)"
# "By Friday" and "By The time" open sentences, not bylines.
_NOT_A_NAME = (
    r"(?!(?:The|This|That|Then|Now|Last|Next|Early|Late|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|June|July|August|September|October|November|December)\b)"
)
_NAME = rf"{_NOT_A_NAME}{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*"
_BYLINE = re.compile(rf"(?i:by)\s*:?\s+(?P<name>{_NAMES})\s*")
_AUTHOR_NAMES = re.compile(rf"(?:(?i:by)\s*:?\s+)?(?P<name>{_NAMES})")
_LABELLED = re.compile(r"(?P<label>[A-Za-z]+)\s*:\s*(?P<value>\S.*?)\s*")
_HEADING = re.compile(r"#{1,2}\s+(?P<title>\S.*?)(?:\s+#+)?\s*")
_SEPARATORS = " \t,|•·–—-"
_LABELS = {
    "author": "author",
    "authors": "author",
    "by": "author",
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "published": "published",
    "date": "published",
    "posted": "published",
    "updated": "published",
}
_MAX_FIELD_LINE = 120
_MAX_HEADLINE_CHARS = 150
_MAX_HEADLINE_WORDS = 20
_CLOSERS = "\"'”’)]»"
_SENTENCE_ENDS = (".", ",", ";", ":", "…")


@dataclass(slots=True)
class Header:
    """What the header lines of a report say about it; None where they say nothing."""

    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None

    def fill(self, other: Header) -> None:
        """Take the fields this header lacks from ``other``: the first line to say it wins."""
        for field in fields(self):
            if getattr(self, field.name) is None:
                setattr(self, field.name, getattr(other, field.name))


def heading_title(line: str) -> str | None:
    """The title of a Markdown level-1 or level-2 heading line, else None."""
    match = _HEADING.fullmatch(line)
    return match.group("title") if match else None


def looks_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline rather than the first sentence of the body.

    Short (at most 150 characters and 20 words), starting with a capital, a digit or a
    quote, and not ending as a sentence or clause does (``.`` ``,`` ``;`` ``:`` ``…``):
    headlines drop the full stop, standfirsts and body paragraphs keep it. The caller
    also requires a blank line or a header line after it, which rules out the first line
    of hard-wrapped prose.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADLINE_CHARS or len(stripped.split()) > _MAX_HEADLINE_WORDS:
        return False
    if not (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "\"'“‘"):
        return False
    return not stripped.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS) and read_header_line(line) is None


def read_header_line(line: str) -> Header | None:
    """The fields one header line gives, or None when the line is not a header line."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_FIELD_LINE:
        return None
    return _read_labelled(stripped) or _read_byline(stripped) or _read_dated_byline(stripped)


def _read_labelled(line: str) -> Header | None:
    match = _LABELLED.fullmatch(line)
    if match is None:
        return None
    field = _LABELS.get(match.group("label").lower())
    value = match.group("value")
    if field == "published":
        published = parse_date(value)
        return Header(published=published) if published else None
    if field == "author":
        return _read_byline(f"by {value}")
    return Header(outlet=value) if field == "outlet" else None


def _read_byline(line: str) -> Header | None:
    match = _BYLINE.fullmatch(line)
    return Header(author=match.group("name")) if match else None


def _read_dated_byline(line: str) -> Header | None:
    found = split_trailing_date(line)
    if found is None:
        return None
    before, published = found
    before = before.rstrip(_SEPARATORS)
    if not before:
        return Header(published=published)
    match = _AUTHOR_NAMES.fullmatch(before)
    return Header(author=match.group("name"), published=published) if match else None
