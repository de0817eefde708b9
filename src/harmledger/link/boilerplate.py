"""Outlet chrome stripped from a report before copies are compared.

An outlet that republishes a wire report changes what surrounds it: the title, the byline
and date line, the ``Source:`` line, the dateline ("BEIRUT (LWS) —"), the photo caption and
the footer ("To contact…", "© 2018 Outlet", "Follow us on…"). None of that is the report, and
left in it makes two copies look less alike and two unrelated reports of one outlet look
more alike. Lines are dropped whole, so what is kept keeps its offsets in the article text
and shared passages can be reported as spans of that text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

_SHORT_LINE = 300
"""Characters: a line longer than this is reporting, whatever it starts with."""

_CHROME = re.compile(
    r"""^(?:
        \#                                        # a "## Title" line
      | (?:by|author|source|outlet|publisher|publication|written\ by)\s*[:\s]
      | (?:to\ contact|contact\ us|contact\ the|follow\ (?:us|\w+)\ on|sign\ up|subscribe|newsletter
        | read\ more|read\ also|related\b|more\ from|top\ photo|photo\b|image\b|caption\b|file\ photo
        | editing\ by|reporting\ by|additional\ reporting|writing\ by|copyright|all\ rights\ reserved
        | share\ this|click\ here|republish|originally\ published|this\ (?:article|story|report)\ (?:was|has|first)
        | fictional\ example|\(c\)|advertisement)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = ("©", "copyright", "all rights reserved")
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATED_BYLINE = re.compile(
    rf"^[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){{0,5}},?\s+"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})$"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}(?:\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s+")

# Punctuation outside ASCII, as UTF-8: U+2010–U+203F (dashes, curly quotes, bullets), « · »
# and the Arabic comma, semicolon and question mark. NFKC has already turned no-break spaces,
# ellipses and full-width forms into ASCII. Other non-ASCII bytes count as letters, which
# keeps Arabic and accented words whole.
_WIDE_PUNCTUATION = re.compile(rb"\xe2\x80[\x90-\xbf]|\xc2[\xab\xb7\xbb]|\xd8[\x8c\x9b\x9f]")
_BYTE_CLASS = bytes(b if chr(b).isalnum() or b >= 128 else (10 if b == 10 else 32) for b in range(256))


def fold_bytes(text: str) -> npt.NDArray[np.uint8]:
    """``text`` as UTF-8 bytes with case folded and punctuation turned into spaces.

    Works on bytes with a translation table because a Unicode regular expression over a
    6 KB report costs more than the whole MinHash. Newlines are kept: they separate paragraphs.
    """
    data = unicodedata.normalize("NFKC", text).casefold().encode("utf-8")
    if not data.isascii():
        data = _WIDE_PUNCTUATION.sub(b" ", data)
    return np.frombuffer(data.translate(_BYTE_CLASS), dtype=np.uint8)


def fold(text: str) -> str:
    """Case, width and punctuation folded away: single spaces between words, one line per paragraph."""
    lines = (" ".join(line.split()) for line in fold_bytes(text).tobytes().decode("utf-8").split("\n"))
    return "\n".join(line for line in lines if line)


def is_chrome(line: str) -> bool:
    """True for a line that belongs to the outlet's page, not to the report."""
    if len(line) > _SHORT_LINE:
        return False
    lowered = line.lower()
    return bool(_CHROME.match(line) or any(mark in lowered for mark in _COPYRIGHT) or _DATED_BYLINE.match(line))


def report_lines(
    text: str, outlet: str | None = None, chrome: frozenset[str] = frozenset()
) -> Iterator[tuple[int, str]]:
    """Each line of the report proper with its offset in ``text``; chrome lines are skipped.

    A leading dateline and every mention of ``outlet`` are blanked with spaces rather than
    cut, so ``text[offset:offset + len(line)]`` still lines up word for word.
    """
    outlet_name = re.compile(re.escape(outlet), re.IGNORECASE) if outlet else None
    offset = 0
    for raw in text.splitlines(keepends=True):
        start, line = offset, raw.rstrip("\r\n")
        offset += len(raw)
        stripped = line.strip()
        if not stripped or is_chrome(stripped) or (chrome and fold(stripped) in chrome):
            continue
        dateline = _DATELINE.match(line)
        if dateline:
            line = " " * dateline.end() + line[dateline.end() :]
        if outlet_name is not None:
            line = outlet_name.sub(lambda m: " " * len(m.group()), line)
        yield start, line


def report_text(text: str, outlet: str | None = None, chrome: frozenset[str] = frozenset()) -> str:
    """The report proper: ``text`` without its chrome lines, one line per kept line.

    ``chrome`` holds folded lines the outlet repeats on every page (see :func:`site_chrome`).
    """
    return "\n".join(line for _, line in report_lines(text, outlet, chrome))


def normalise(text: str, outlet: str | None = None, chrome: frozenset[str] = frozenset()) -> str:
    """The report proper, folded: one line per paragraph, words separated by single spaces."""
    return fold(report_text(text, outlet, chrome))


def site_chrome(texts: Iterable[str], min_share: float = 0.5, min_articles: int = 3) -> frozenset[str]:
    """Folded lines found in at least ``min_share`` of one outlet's ``texts``: its site chrome.

    Footers that no pattern knows ("Levant Wire is funded by its readers") are found by
    repetition instead; fewer than ``min_articles`` texts prove nothing.
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        total += 1
        counts.update({fold(line) for line in text.splitlines() if line.strip()})
    if total < min_articles:
        return frozenset()
    return frozenset(line for line, n in counts.items() if line and n >= min_share * total)
