"""Figures: the numbers a report gives, with their qualifiers, as (min, max, qualifier).

The conventions follow the analyst's reading in gold.json: "over 60" is at least 61 with
no upper bound, "at least 23" is 23 with no upper bound, "30 to 54" is a range, "about
40" is 40 either way, "nearly 40" and "up to 40" cap the count at 40, and a vague
quantity ("dozens") keeps its word and invents no number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harmledger.extract.patterns import (
    FIGURE_FOLDED,
    FIGURE_KEYS,
    SINGLE_FOLDED,
    SINGLE_NOUNS,
    UNITS_FOLDED,
    VICTIM_START_FOLDED,
    WORD_VALUES,
    fold,
    keyword_automaton,
)

_QUALIFIERS: dict[str, str] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "more than": "over",
    "well over": "over",
    "over": "over",
    "upwards of": "over",
    "in excess of": "over",
    "nearly": "up_to",
    "almost": "up_to",
    "close to": "up_to",
    "up to": "up_to",
    "as many as": "up_to",
    "at most": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "estimated": "about",
}


@dataclass(slots=True)
class Figure:
    """A number as the report states it: its span, bounds and qualifier."""

    start: int
    end: int
    min: int | None
    max: int | None
    qualifier: str
    vague_term: str | None = None

    @property
    def value(self) -> int | None:
        """The number to compare claims by: the stated figure, whatever its qualifier."""
        if self.qualifier == "range" or self.max is None:
            return self.min
        return self.max if self.min is None else self.min

    @property
    def is_vague(self) -> bool:
        return self.qualifier == "vague"


def parse_number(text: str) -> int | None:
    """Read a number written in digits ("8,000") or words ("twenty-three", "a dozen")."""
    cleaned = text.strip().lower()
    digits = cleaned.replace(",", "").replace("\u202f", "").replace(" ", "")
    if digits.isdigit():
        return int(digits)
    return _parse_words(cleaned)


def _parse_words(text: str) -> int | None:
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word in ("a", "an", "and"):
            if word != "and" and current == 0:
                current = 1
            continue
        value = WORD_VALUES.get(word)
        if value is None:
            return None
        seen = True
        if value == 12 and word == "dozen":
            current = max(current, 1) * 12
        elif value in (100,):
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current if seen else None


def _bounds(qualifier: str, low: int, high: int | None) -> tuple[int | None, int | None, str]:
    if high is not None:
        return min(low, high), max(low, high), "range"
    kind = _QUALIFIERS.get(qualifier, "exact") if qualifier else "exact"
    if kind == "at_least":
        return low, None, kind
    if kind == "over":
        return low + 1, None, kind
    if kind == "up_to":
        return None, low, kind
    return low, low, kind


def find_figures(text: str, start: int = 0, end: int | None = None, *, is_folded: bool = False) -> list[Figure]:
    """Every figure in ``text[start:end]`` with absolute offsets, units excluded.

    A number directly followed by a unit ("30 percent", "a 34-mile zone", "2003
    invasion" as a year) is not a count of people and is dropped here, before any
    casualty rule can see it. Pass ``is_folded`` when ``text`` is already ``fold``-ed
    (the engine folds an article once), else it is folded here.
    """
    text = text if is_folded else fold(text)
    stop = len(text) if end is None else end
    figures: list[Figure] = []
    for found in FIGURE_FOLDED.finditer(text, start, stop) if _may_hold_figure(text, start, stop) else ():
        match, figure = found, _figure_from_match(found)
        if figure is not None and figure.qualifier == "range" and _is_bare_year(found, figure):
            # "since 2014 to 1,061": a year, then the figure; not a range.
            match = FIGURE_FOLDED.match(text, found.start("n2"), stop) or found
            figure = _figure_from_match(match)
        if figure is None or _is_unit(text, match.end()):
            continue
        if _is_bare_year(match, figure) and not VICTIM_START_FOLDED.match(text, match.end()):
            continue
        figures.append(figure)
    singles = (
        [Figure(m.start(), m.end(), 1, 1, "exact") for m in SINGLE_FOLDED.finditer(text, start, stop)]
        if next(keyword_automaton(_SINGLE_KEYS).iter(text, start, stop), None) is not None
        else []
    )
    return sorted(figures + singles, key=lambda f: f.start) if singles else figures


def _may_hold_figure(text: str, start: int, stop: int) -> bool:
    """Whether ``text[start:stop]`` holds a number or a vague quantity: most sentences with an outcome
    word and none are skipped after one quick test. Digits other than ASCII are looked for apart."""
    if next(keyword_automaton(FIGURE_KEYS).iter(text, start, stop), None) is not None:
        return True
    return not text.isascii() and _DIGIT.search(text, start, stop) is not None


_DIGIT = re.compile(r"\d")
_SINGLE_KEYS = tuple(noun.split()[-1] for noun in SINGLE_NOUNS)  # "aid worker" may break across lines


def _figure_from_match(match: re.Match[str]) -> Figure | None:
    """The figure a match of FIGURE_FOLDED (on folded text, so already in lower case) states."""
    qual, vague, n1, n1b, n2, n2b, ormore = match.group("qual", "vague", "n1", "n1b", "n2", "n2b", "ormore")
    if vague:
        return Figure(match.start(), match.end(), None, None, "vague", " ".join(vague.split()))
    first = n1 or n1b
    second = n2 or n2b
    low = int(first) if first.isdigit() else parse_number(first)
    high = (int(second) if second.isdigit() else parse_number(second)) if second else None
    if low is None:
        return None
    qualifier = "at least" if ormore else " ".join(qual.split()) if qual else ""
    lo, hi, kind = _bounds(qualifier, low, high)
    return Figure(match.start(), match.end(), lo, hi, kind)


def _is_bare_year(match: re.Match[str], figure: Figure) -> bool:
    """ "since 2014", "after its 2003 invasion": a four-digit number in the years' range."""
    digits = match.group("n1") or ""
    is_year = len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100
    return is_year and figure.qualifier in ("exact", "range")


def _is_unit(text: str, end: int) -> bool:
    return bool(UNITS_FOLDED.match(text, end, end + 24))
