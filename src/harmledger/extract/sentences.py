"""Paragraphs and sentences as character spans of the article text.

Reports scraped from the web break paragraphs in the middle of sentences ("addressed two
letters last⏎⏎Saturday to ..."). A paragraph that does not end in sentence-final
punctuation is therefore joined to the next one before sentences are cut, so a claim
and its claimant are never separated by a stray line break. Offsets always index the
original text: nothing is rewritten.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_WRAPPED_LINE = 60  # a line at least this long that stops mid-sentence is hard-wrapped prose
_CLOSERS = "\"'”’)]"
_FINAL = re.compile(r"""[.!?]["'”’)\]]*\s*$|[:;]\s*$""")
_FINAL_REACH = 40  # characters at a paragraph's end in which _FINAL looks
# A sentence ends at . ! ? (optionally closed by a quote) followed by space and a capital,
# a digit or an opening quote; abbreviations such as "U.S." or "Sept." do not end one.
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Sen|Rep|Gov|Prof|St|No|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|Co|Corp|Inc|Ltd)\.)$"
)


@dataclass(slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    """One sentence, with the paragraph it belongs to (by index) for context rules."""

    start: int
    end: int
    paragraph: int


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans, joined across breaks that fall inside a sentence."""
    spans: list[Span] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        start = _lstrip(text, pos, end)  # only the first paragraph may start with space: a break eats it
        if start < end:
            if spans and _is_broken(text, spans[-1], start):
                spans[-1] = Span(spans[-1].start, end)
            else:
                spans.append(Span(start, end))
        pos = brk.end() if brk else len(text)
    return spans


def _is_broken(text: str, previous: Span, start: int) -> bool:
    """A paragraph that stops mid-sentence, followed by one (at ``start``) that carries on from it.

    Lines split by a single newline are joined when the first is long (hard-wrapped
    prose); lines split by a blank line only when the first visibly breaks off.
    """
    end = _rstrip(text, previous.start, previous.end)
    if _is_final(text[max(previous.start, end - _FINAL_REACH) : end]) or text.startswith("#", previous.start):
        return False
    if "\n\n" not in text[previous.end : start].replace(" ", "") and end - previous.start >= _WRAPPED_LINE:
        return True
    # Headings and bylines end in a capitalised word or a date; a fragment ends in a
    # lower-case word ("letters last") or runs on in lower case ("that over 8,000").
    last_word = text[previous.start : end].rsplit(maxsplit=1)[-1]
    return last_word.islower() or text[start : start + 1].islower()


def _is_final(tail: str) -> bool:
    """``_FINAL`` on the end of a right-stripped paragraph, without a regex search over all of it."""
    if tail.endswith((":", ";")):
        return True
    return tail.rstrip(_CLOSERS).endswith((".", "!", "?")) and bool(_FINAL.search(tail))


def _may_be_abbreviation(text: str, cut: int) -> bool:
    """Cheap test before ``_ABBREVIATIONS``: a full stop after a word shorter than seven letters."""
    return text[cut] == "." and not (cut >= 7 and text[cut - 7 : cut].isalpha())


def sentences(text: str) -> list[Sentence]:
    """Sentence spans of the whole text, each tagged with its paragraph index.

    ``_SENTENCE_END`` is tried only where ``str.find`` puts a full stop, ! or ?: a scan by ``re``
    for them costs more than the rest of the segmentation.
    """
    result: list[Sentence] = []
    marks = _marks(text)
    next_mark = 0
    for index, para in enumerate(paragraphs(text)):
        pos = para.start
        next_mark = bisect_left(marks, para.start, next_mark)
        for at in marks[next_mark : bisect_left(marks, para.end, next_mark)]:
            cut = _SENTENCE_END.match(text, at, para.end)
            if cut is None or (
                _may_be_abbreviation(text, at) and _ABBREVIATIONS.search(text, max(para.start, at - 8), at + 1)
            ):
                continue
            result.append(Sentence(pos, cut.end(), index))
            pos = _lstrip(text, cut.end(), para.end)
        if pos < para.end:
            result.append(Sentence(pos, _rstrip(text, pos, para.end), index))
    return result


def _marks(text: str) -> list[int]:
    """Offsets of every full stop, ! and ? in ``text``, in order."""
    found: list[int] = []
    for mark in ".!?":
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    return sorted(found)


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
