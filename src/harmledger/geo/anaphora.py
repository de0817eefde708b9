"""Sentences that continue a claim's event: "the strikes targeted the towns of X and Y".

Reports often give the toll first and the struck places one paragraph later, linked
only by a definite reference back to the event ("the strike", "the raids", "the
bombing"). Two rules use that link:

* **look-ahead**: when a claim's own sentences and paragraph give only coarse places
  (near, district, governorate, country) or none, the sentences of the *next*
  paragraph that refer back to the event lend their places;
* **look-back**: when a claim's paragraph names no place at all but refers to "the
  strike"/"the raid", the nearest earlier paragraph (at most :data:`MAX_BACK` back)
  that names event places lends them.

A sentence that marks a different event ("another strike", "an earlier raid", "last
month", "previous") is never used, and the look-ahead stops at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from harmledger.geo.context import folded

MAX_BACK = 3
_EVENT = (
    r"(?:air\s*)?(?:strikes?|raids?|attacks?|bombings?|bombardments?|shelling|blasts?|explosions?|assault|"
    r"massacre|incident)"
)
# Cheap pre-checks before the case-insensitive patterns (most sentences have none of these
# words): the text, folded as re.IGNORECASE compares letters (context.folded), must contain
# one of the words each pattern needs.
_EVENT_STEMS = ("strike", "raid", "attack", "bomb", "shelling", "blast", "explosion", "assault", "massacre", "incident")
_OTHER_STEMS = ("other", "earlier", "previous", "prior", "separate", "last", "ago")
_REFERS = re.compile(rf"\b(?:the|this|that|these|those)\s+(?:[\w.’'-]+\s+){{0,3}}?{_EVENT}\b", re.IGNORECASE)
_OTHER_EVENT = re.compile(
    r"\b(?:another|other|earlier|previous|prior|separate|separately|last\s+(?:week|month|year)|"
    r"(?:a|one)\s+(?:week|month|year)\s+(?:ago|earlier))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``."""
    low = start
    for found in _SENTENCE_END.finditer(text, start, end):
        yield low, found.start()
        low = found.end()
    if low < end:
        yield low, end


def refers_back(sentence: str) -> bool:
    """True when a sentence refers to the same event and to no other ("the strikes", not "another strike")."""
    lowered = folded(sentence)
    return _refers(sentence, lowered) and not _other_event(sentence, lowered)


def _refers(sentence: str, lowered: str) -> bool:
    return any(stem in lowered for stem in _EVENT_STEMS) and _REFERS.search(sentence) is not None


def _other_event(sentence: str, lowered: str) -> bool:
    return any(stem in lowered for stem in _OTHER_STEMS) and _OTHER_EVENT.search(sentence) is not None


def following(text: str, para_end: int) -> Iterator[tuple[int, int]]:
    """Look-ahead: the sentences of the next paragraph that refer back, up to one that marks another event."""
    start, end = next_paragraph(text, para_end)
    for low, high in sentences(text, start, end):
        sentence = text[low:high]
        lowered = folded(sentence)
        if _other_event(sentence, lowered):
            return
        if _refers(sentence, lowered):
            yield low, high


def next_paragraph(text: str, para_end: int) -> tuple[int, int]:
    """The span of the paragraph after the one ending at ``para_end`` (empty at the end of the text)."""
    start = para_end
    while start < len(text) and text[start] in "\r\n":
        start += 1
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def earlier_paragraphs(text: str, para_start: int) -> Iterator[tuple[int, int]]:
    """Look-back: up to :data:`MAX_BACK` paragraphs before ``para_start``, nearest first."""
    end = para_start
    for _ in range(MAX_BACK):
        end = _strip_back(text, end)
        if end <= 0:
            return
        start = text.rfind("\n", 0, end) + 1
        yield start, end
        end = start


def _strip_back(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in "\r\n":
        end -= 1
    return end
