"""Recognise a format from an input's first bytes, for inputs whose name does not say it.

Feeds and web pages are both markup, and an Atom entry may embed XHTML paragraphs, so
sniffers look at the *root* element only: the first tag after the XML declaration,
comments and the doctype.
"""

from __future__ import annotations

import re

_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
_DOCTYPE_HTML = re.compile(rb"<!doctype\s+html", re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
_BOM = b"\xef\xbb\xbf"


def root_tag(head: bytes) -> str | None:
    """The lower-cased name of the first element (``rss``, ``feed``, ``html``), or None."""
    text = head.removeprefix(_BOM)
    prolog = _PROLOG.match(text)
    end = prolog.end() if prolog else 0
    if _DOCTYPE_HTML.match(text, end) or (prolog and _DOCTYPE_HTML.search(prolog.group())):
        return "html"
    tag = _FIRST_TAG.match(text, end)
    return tag.group(1).decode("ascii").lower() if tag else None


def starts_with_json_object(head: bytes) -> bool:
    """Whether the bytes open with ``{``: the first line of a JSON-lines file."""
    return head.removeprefix(_BOM).lstrip().startswith(b"{")


def is_gzip(head: bytes) -> bool:
    """Whether the bytes carry the gzip magic number."""
    return head.startswith(b"\x1f\x8b")
