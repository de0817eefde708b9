"""Plain-text reports (``.txt``, ``.md``): header lines become fields, the rest is the text.

The header zone is the top of the file: an optional title line, then header lines
(byline, outlet, date; see :mod:`harmledger.ingest.headers`) and blank lines. One
standfirst line may come before the first header line (``Standfirst.`` / ``by Name`` /
``Source: Outlet``, as many web copies have it); it is body text and stays.

Title: a Markdown heading on the first line, else the first line when it reads as a
headline *and* a blank line or a header line follows it. A first line that ends as a
sentence does (a standfirst) gives no title: truncating a sentence would invent a
headline the report never had.

``text`` is the file's text with the consumed header lines (and the blank lines after
each) cut out whole, then leading and trailing blank lines dropped. Nothing else is
rewritten except line endings (``\\r\\n`` → ``\\n``), so every later offset indexes a
string whose body lines are exactly the file's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from harmledger.errors import EmptyInputError
from harmledger.ingest.decoding import decode_text, normalise_newlines
from harmledger.ingest.headers import Header, heading_title, looks_like_headline, read_header_line
from harmledger.ingest.records import Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.models import Article

logger = logging.getLogger(__name__)


@register_reader("text", suffixes=(".txt", ".md", ".text", ".markdown"))
def read_text(source: Input) -> Iterator[Item]:
    """One plain-text file → one article, id = the file stem."""
    raw = source.read_bytes()
    header, body = split_header(normalise_newlines(decode_text(raw, source=source.source)))
    if not body:
        raise EmptyInputError("has header lines but no body text; nothing to read claims from", source=source.source)
    yield Article(
        id=source.id,
        text=body,
        title=header.title,
        outlet=header.outlet,
        author=header.author,
        published=header.published,
        url=source.url,
        source=source.source,
        raw=raw,
        format="text",
    )


def split_header(text: str) -> tuple[Header, str]:
    """The header fields of a report and its body text, by the rules in the module docstring."""
    lines = text.split("\n")
    header = Header()
    consumed = _consume_title(lines, header)
    consumed |= _consume_fields(lines, header, start=max(consumed, default=-1) + 1)
    return header, _body_without(lines, consumed)


def _consume_title(lines: list[str], header: Header) -> set[int]:
    first = _next_content(lines, 0)
    if first is None:
        return set()
    title = heading_title(lines[first])
    if title is None and looks_like_headline(lines[first]) and _ends_paragraph(lines, first):
        title = lines[first].strip()
    if title is None:
        return set()
    header.title = title
    return {first}


def _ends_paragraph(lines: list[str], index: int) -> bool:
    """A blank line or a header line follows, and some text comes after: a line of its own."""
    following = index + 1
    if following >= len(lines) or _next_content(lines, following) is None:
        return False
    return not lines[following].strip() or read_header_line(lines[following]) is not None


def _consume_fields(lines: list[str], header: Header, *, start: int) -> set[int]:
    consumed: set[int] = set()
    standfirst_allowed = True
    index = _next_content(lines, start)
    while index is not None:
        found = read_header_line(lines[index])
        if found is not None:
            header.fill(found)
            consumed.add(index)
            standfirst_allowed = False
        elif standfirst_allowed and _next_is_header(lines, index + 1):
            logger.debug("line %d kept as a standfirst before the byline", index + 1)
            standfirst_allowed = False
        else:
            break
        index = _next_content(lines, index + 1)
    return consumed


def _next_is_header(lines: list[str], start: int) -> bool:
    index = _next_content(lines, start)
    return index is not None and read_header_line(lines[index]) is not None


def _next_content(lines: list[str], start: int) -> int | None:
    return next((index for index in range(start, len(lines)) if lines[index].strip()), None)


def _body_without(lines: list[str], consumed: set[int]) -> str:
    kept: list[str] = []
    after_consumed = False
    for index, line in enumerate(lines):
        if index in consumed:
            after_consumed = True
        elif not (after_consumed and not line.strip()):
            after_consumed = False
            kept.append(line)
    content = [index for index, line in enumerate(kept) if line.strip()]
    return "\n".join(kept[content[0] : content[-1] + 1]) if content else ""
