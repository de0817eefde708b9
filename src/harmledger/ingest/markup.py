"""A forgiving pass over HTML with the standard library: text blocks and head metadata.

This is what the HTML fallback chain (:mod:`harmledger.ingest.html`) falls back to when
trafilatura finds nothing or is not installed. ``html.parser`` never raises on broken
markup, so a page truncated mid-tag still gives the text before the cut.

A *block* is the text between two block-level tags. Blocks opened by ``p``, ``h1``–``h6``,
``li`` or ``blockquote`` are paragraphs; blocks inside ``nav``/``header``/``footer``/
``aside``/``form`` are boilerplate; ``script``/``style`` and the like give no text at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SILENT = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "title"})
_BOILERPLATE = frozenset({"nav", "header", "footer", "aside", "form", "button", "select"})
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "figcaption"})
_BLOCKS = (
    _PARAGRAPHS
    | frozenset({"div", "section", "article", "main", "body", "hr", "td", "th", "tr", "table", "ul", "ol", "dl", "pre"})
    | _BOILERPLATE
)
_CONTAINERS = ("article", "main")
# Tags that never get an end tag: counting them as open would never close them.
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "base", "col"})


@dataclass(frozen=True, slots=True)
class Block:
    """One run of text between block-level tags, and where in the page it stood."""

    text: str
    paragraph: bool
    boilerplate: bool
    containers: frozenset[str]


@dataclass(slots=True)
class Page:
    """What the parser saw: text blocks in order, the ``<title>``, ``<meta>`` and canonical link."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None


def parse_page(markup: str) -> Page:
    """Parse markup (complete, fragment or truncated) into a :class:`Page`."""
    parser = _PageParser()
    parser.feed(_drop_cut_tag(markup))
    parser.close()
    parser.flush()
    return parser.page


def _drop_cut_tag(markup: str) -> str:
    """Markup cut inside a tag (``<a hre``) loses the fragment, which would otherwise read as text."""
    last_open = markup.rfind("<")
    return markup[:last_open] if last_open > markup.rfind(">") else markup


def paragraph_text(page: Page) -> str:
    """Paragraphs of the article: inside ``<article>``, else ``<main>``, else the whole body."""
    paragraphs = [block for block in page.blocks if block.paragraph and not block.boilerplate]
    for container in _CONTAINERS:
        inside = [block for block in paragraphs if container in block.containers]
        if inside:
            return join_blocks(block.text for block in inside)
    return join_blocks(block.text for block in paragraphs)


def raw_text(page: Page) -> str:
    """Every text block of the page, boilerplate included: the last resort."""
    return join_blocks(block.text for block in page.blocks)


def join_blocks(texts: Iterable[str]) -> str:
    """Texts as paragraphs separated by one blank line, each with its whitespace collapsed.

    The one paragraph shape of text derived from markup, whichever stage produced it, so
    that later stages see paragraph breaks where plain-text files have them.
    """
    collapsed = (" ".join(text.split()) for text in texts)
    return "\n\n".join(text for text in collapsed if text)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[str] = []
        self._parts: list[str] = []
        self._paragraph = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.flush()
            self._paragraph = tag in _PARAGRAPHS
        if tag == "br":
            self._parts.append(" ")
        elif tag == "meta":
            self._read_meta(dict(attrs))
        elif tag == "link" and (dict(attrs).get("rel") or "").lower() == "canonical":
            self.page.canonical = dict(attrs).get("href") or None
        if tag not in _VOID:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag in self._open:
            while self._open.pop() != tag:
                pass
        if tag == "title" and self._title:
            self.page.title = " ".join("".join(self._title).split()) or None

    def handle_data(self, data: str) -> None:
        if "title" in self._open and self.page.title is None:
            self._title.append(data)
        elif not _SILENT.intersection(self._open):
            self._parts.append(data)

    def flush(self) -> None:
        """End the current block: called at each block-level tag and once at the end."""
        text = " ".join("".join(self._parts).split())
        self._parts = []
        if text:
            open_tags = set(self._open)
            self.page.blocks.append(
                Block(
                    text=text,
                    paragraph=self._paragraph,
                    boilerplate=bool(_BOILERPLATE & open_tags),
                    containers=frozenset(open_tags.intersection(_CONTAINERS)),
                )
            )
        self._paragraph = False

    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content and content.strip():
            self.page.meta.setdefault(key.lower(), content.strip())
