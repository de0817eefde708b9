"""Find toponyms in text: one Aho-Corasick pass over normalised text, then context checks.

Only runs of capitalised words (and Arabic script) can hold a place name, so a regex
picks those runs and each token is reduced to its key (:mod:`harmledger.geo.keys`,
memoised). The keys are laid out as ``" k1 k2 | k3 "``: one space around each token,
``|`` between runs, so an automaton of ``" key "`` patterns can only hit whole tokens,
and the token table maps a hit back to original offsets. Each hit must then pass the
checks that keep ordinary words, people and organisations out (see :meth:`Spotter.spot`).
Names the gazetteer lacks are added from the context patterns ("the village of X").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from harmledger.geo import context
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.keys import (
    ARTICLES,
    ENGLISH_ARTICLES,
    QUALIFIER_KEYS,
    compact,
    fold,
    is_arabic,
    name_key,
    token_key,
)
from harmledger.geo.records import Mention, Place
from harmledger.geo.stoplists import (
    ADJACENT_OK,
    BREAK_FOLDED,
    BREAK_KEYS,
    NOT_PLACE_KEYS,
    ORGANISATIONS,
    SPEAKER_VERBS,
    WEAK_KEYS,
)

_UPPER = "A-Z\u00c0-\u00de\u0100-\u017f\u1e00-\u1eff"
_ARABIC = "\u0600-\u06ff\u0750-\u077f"
_GLUED_ARTICLES = ("al", "el", "as", "ad", "ar", "az", "at", "an", "ash", "ed", "er", "es", "ez", "adh", "ath")
_LOWER_ARTICLE = f"(?:{'|'.join(_GLUED_ARTICLES)})"
_HYPHENS = "-‐‑"
# A run: an optional glued article ("al-"), then capitalised words, with articles between them:
# ``(?:\b{_LOWER_ARTICLE}[-‐‑])?[{_UPPER}{_ARABIC}]{_RUN_REST}``. The regex only starts at a
# capital or an Arabic letter, which lets the engine skip every other character in C; ``runs``
# then moves the start back over a glued article (tests/geo/test_spotter.py compares the two).
_RUN_REST = rf"[\w'’ʿʾ]*(?:(?:[ \t]+|[-‐‑])(?:{_LOWER_ARTICLE}(?:[-‐‑]|[ \t]+))?[{_UPPER}{_ARABIC}][\w'’ʿʾ]*)*"
_RUN = re.compile(rf"[{_UPPER}{_ARABIC}]" + _RUN_REST)
_TOKEN = re.compile(r"[^\s\-‐‑]+")
_SEPARATOR = re.compile(r"[\s\-‐‑]")
_MIN_KEY = 3


class _Token(NamedTuple):
    """One name token of a run, offsets relative to the run's start."""

    start: int  # includes a glued article ("al-")
    end: int
    key: str
    segment: int  # tokens of one segment are adjacent capitalised words
    capital: bool
    arabic: bool  # no capitals in Arabic script: adjacency says nothing


def runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the runs of capitalised words (module docstring), glued article included."""
    for found in _RUN.finditer(text):
        start, end = found.span()
        if start > 2 and text[start - 1] in _HYPHENS:
            start = _article_start(text, start - 1)
        yield start, end


def _article_start(text: str, hyphen: int) -> int:
    """Where a glued article ending at ``hyphen`` starts ("al-Sousa"), else the word after it."""
    for begin in (hyphen - 2, hyphen - 3):
        if begin < 0 or text[begin:hyphen] not in _GLUED_ARTICLES:
            continue
        if begin == 0 or not context.is_word_char(text[begin - 1]):  # the article starts a word
            return begin
    return hyphen + 1


class _Layout:
    """Normalised text of a document, and where each run lies in the text and in the layout.

    Only the runs of hits are ever read back, so tokens stay in their (memoised) shapes.
    """

    def __init__(self, text: str, shapes: _Shapes) -> None:
        self.starts: list[int] = []  # layout offset of each run's fragment
        self.runs: list[tuple[int, _Shape]] = []  # text offset and shape of each run
        parts = [" |"]
        pos = 2
        known, unseen, starts, laid = shapes.known, shapes.unseen, self.starts, self.runs
        for start, end in runs(text):
            group = text[start:end]
            shape = known.get(group) or unseen(group)
            if shape.fragment:
                starts.append(pos)
                laid.append((start, shape))
                parts.append(shape.fragment)
                pos += len(shape.fragment)
        parts.append(" ")
        self.text = "".join(parts)


_ARTICLE_TOKEN, _BREAK_TOKEN, _NAME_TOKEN, _ARABIC_TOKEN = range(4)


@dataclass(frozen=True, slots=True)
class _Shape:
    """A run laid out on its own: what it adds to the layout text and its name tokens."""

    fragment: str  # " dir zur |"
    tokens: tuple[_Token, ...]
    at: dict[int, int]  # offset in the fragment of a token's first key char → the token's index


_NOTHING = _Shape("", (), {})  # a one-word run that cannot hit adds nothing


class _Shapes:
    """Each run's shape, memoised per spelling (names recur: "Deir ez-Zor", "Islamic State").

    ``_NOTHING`` for a one-word run whose key is no one-token pattern, most runs ("The",
    "Monday"): it cannot hit. Tied to one matcher, since ``single`` (the one-token
    patterns) is.
    """

    _LIMIT = 65536

    def __init__(self, single: frozenset[str]) -> None:
        self.single = single
        self.known: dict[str, _Shape] = {}

    def unseen(self, group: str) -> _Shape:
        if len(self.known) >= self._LIMIT:
            self.known.clear()
        shape = self.known[group] = self._shape(group)
        return shape

    def _shape(self, group: str) -> _Shape:
        if _SEPARATOR.search(group) is not None:
            return _shape(group)
        kind, key = _token_info(group, False)
        if kind < _NAME_TOKEN or key not in self.single:
            return _NOTHING
        token = _Token(0, len(group), key, 0, not group[0].islower(), kind == _ARABIC_TOKEN)
        return _Shape(f" {key} |", (token,), {1: 0})


def _shape(group: str) -> _Shape:
    """Tokens, keys and breaks of a run of several words."""
    parts: list[str] = []
    tokens: list[_Token] = []
    at: dict[int, int] = {}
    pos = segment = 0
    pending: int | None = None  # start of a glued article ("al-") waiting for its name
    spans = [(t.start(), t.end()) for t in _TOKEN.finditer(group)]
    for number, (start, end) in enumerate(spans):
        word = group[start:end]
        kind, key = _token_info(word, number > 0)
        if kind == _ARTICLE_TOKEN and number < len(spans) - 1 and _is_article(group, word, end):
            pending = start if pending is None else pending
            continue
        if kind == _BREAK_TOKEN:
            parts.append(" |")
            pos, segment, pending = pos + 2, segment + 1, None
            continue
        first = start if pending is None else pending
        at[pos + 1] = len(tokens)
        tokens.append(_Token(first, end, key, segment, not word[0].islower(), kind == _ARABIC_TOKEN))
        parts.append(" " + key)
        pos, pending = pos + len(key) + 1, None
    parts.append(" |")
    return _Shape("".join(parts), tuple(tokens), at)


@lru_cache(maxsize=65536)
def _token_info(word: str, inner: bool) -> tuple[int, str]:
    """What a word is in a run (article, break, name token) and its key; memoised per word."""
    folded = fold(word)
    key = token_key(word, inner=inner)
    if folded in ARTICLES:
        return _ARTICLE_TOKEN, key
    if not key or key in BREAK_KEYS or folded in BREAK_FOLDED:
        return _BREAK_TOKEN, key
    return (_ARABIC_TOKEN if is_arabic(word) else _NAME_TOKEN), key


def _is_article(text: str, word: str, end: int) -> bool:
    """ "al", "ez" always; "as", "at", "an" only when glued by a hyphen or written "As"/"An"."""
    return word.lower() not in ENGLISH_ARTICLES or word[0].isupper() or text[end : end + 1] in "-‐‑'’"


@dataclass(slots=True)
class _Hit:
    run: int  # index in the layout's runs
    first: int  # first and last token of the run's shape
    last: int
    key: str


class Spotter:
    """Toponym spotter over one gazetteer. ``countries``/``min_population`` say which
    entries may be spotted in free text at all: every place of the core countries, and
    only towns of at least ``min_population`` (or admin areas, countries) elsewhere."""

    def __init__(
        self, gazetteer: Gazetteer, *, countries: Iterable[str] = ("SY", "IQ"), min_population: int = 15000
    ) -> None:
        self.gazetteer = gazetteer
        self.countries = frozenset(countries)
        self.min_population = min_population
        self._automaton: ahocorasick.Automaton | None = None
        self._shapes = _Shapes(frozenset())
        self._version = -1

    def spottable(self, place: Place) -> bool:
        """May this entry be found in running text (as opposed to only by lookup)?"""
        if place.country in self.countries or place.id < 0:
            return True
        return (place.fclass == "A" and place.fcode in ("ADM1", "PCLI")) or place.population >= self.min_population

    def _matcher(self) -> tuple[ahocorasick.Automaton, _Shapes]:
        """The automaton of spottable keys, rebuilt when places were added since."""
        if self._automaton is None or self._version != self.gazetteer.version:
            automaton = ahocorasick.Automaton()
            single: set[str] = set()
            for key, ids in self.gazetteer.key_items():
                if len(compact(key)) < _MIN_KEY or key in NOT_PLACE_KEYS:
                    continue
                if any(self.spottable(self.gazetteer.get(i)) for i in ids):
                    for pattern in _patterns(key):
                        automaton.add_word(pattern, (key, len(pattern)))
                        if " " not in pattern.strip():  # " key ": one token
                            single.add(pattern.strip())
            automaton.make_automaton()
            self._automaton, self._shapes, self._version = automaton, _Shapes(frozenset(single)), self.gazetteer.version
        return self._automaton, self._shapes

    @staticmethod
    def _hits(layout: _Layout, matcher: ahocorasick.Automaton) -> list[_Hit]:
        """Leftmost-longest whole-token matches (a match never crosses the ``|`` after a run)."""
        found: list[_Hit] = []
        text, starts, laid = layout.text, layout.starts, layout.runs
        for end, (key, length) in matcher.iter(text):
            begin = end - length + 1
            run = bisect.bisect_right(starts, begin) - 1
            offset, at = starts[run], laid[run][1].at
            found.append(_Hit(run, at[begin + 1 - offset], at[text.rfind(" ", begin, end) + 1 - offset], key))
        found.sort(key=lambda h: (h.run, h.first, h.first - h.last))
        kept: list[_Hit] = []
        for hit in found:
            if not kept or hit.run > kept[-1].run or hit.first > kept[-1].last:
                kept.append(hit)
        return kept

    def spot(self, text: str) -> list[Mention]:
        """Toponyms in ``text`` with offsets, cue, role and gazetteer candidates, in text order.

        A gazetteer hit is dropped when it starts lower-case, sits inside a longer run of
        capitalised words (a person, "Bill Van Auken"; an organisation, "Deir ez-Zor
        Military Council") other than "Province", "Eastern" and the like, is followed by
        a speech verb ("Sana reported"), or is a weak name (an English word or first
        name, "Hit", "Jordan") with no cue and no stronger place listed beside it.
        """
        matcher, shapes = self._matcher()
        layout = _Layout(text, shapes)
        hits = self._hits(layout, matcher)
        covered = {(h.run, i) for h in hits for i in range(h.first, h.last + 1)}
        mentions = [m for h in hits if (m := self._mention(text, layout, h, covered)) is not None]
        mentions = self._with_context_names(text, mentions)
        self._apply_lists(text, mentions)
        self._apply_dateline(text, mentions)
        return [
            m
            for i, m in enumerate(mentions)
            if not self._weak(text, mentions, i) and not _acronym(text, m) and not _in_organisation(text, m)
        ]

    def _mention(self, text: str, layout: _Layout, hit: _Hit, covered: set[tuple[int, int]]) -> Mention | None:
        base, shape = layout.runs[hit.run]
        tokens = shape.tokens
        first, last = tokens[hit.first], tokens[hit.last]
        if not first.capital:
            return None
        for neighbour in () if first.arabic else (hit.first - 1, hit.last + 1):
            if (
                0 <= neighbour < len(tokens)
                and tokens[neighbour].segment == first.segment
                and (hit.run, neighbour) not in covered
                and tokens[neighbour].key not in _ADJACENT_KEYS
            ):
                return None
        start, end = base + first.start, base + last.end
        if context.next_word(text, end) in SPEAKER_VERBS:
            return None
        cue = context.read_cue(text, start, end)
        return Mention(
            text[start:end],
            start,
            end,
            hit.key,
            cue.cue,
            cue.role,
            cue.level,
            self.gazetteer.ids(hit.key),
        )

    def _with_context_names(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Add names announced by context patterns that the gazetteer pass did not find."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        extra = []
        for found_start, end in context.context_names(text):
            start = _skip_break_words(text, found_start, end)
            key = _name_key(text[start:end])
            if not key or key in NOT_PLACE_KEYS or key in BREAK_KEYS or not taken.isdisjoint(range(start, end)):
                continue
            cue = context.read_cue(text, start, end)
            extra.append(
                Mention(text[start:end], start, end, key, cue.cue, cue.role, cue.level, self.gazetteer.ids(key))
            )
            taken.update(range(start, end))
        return sorted(mentions + extra, key=lambda m: m.start)

    @staticmethod
    def _apply_lists(text: str, mentions: list[Mention]) -> None:
        """ "the villages of X and Y": Y takes X's cue, level and role."""
        for prev, mention in itertools.pairwise(mentions):
            if mention.cue is None and context.is_listed_after(text, prev.end, mention.start):
                mention.cue, mention.level, mention.role = prev.cue, prev.level, prev.role

    @staticmethod
    def _apply_dateline(text: str, mentions: list[Mention]) -> None:
        span = context.dateline(text)
        if span is None:
            return
        for mention in mentions:
            if span[0] <= mention.start and mention.end <= span[1] and mention.cue is None:
                mention.cue = "dateline"

    @staticmethod
    def _weak(text: str, mentions: list[Mention], index: int) -> bool:
        """A weak name with no cue and no strong place listed next to it."""
        mention = mentions[index]
        short = len(compact(mention.key)) <= _MIN_KEY and not is_arabic(mention.text)  # Arabic omits vowels
        if mention.key not in WEAK_KEYS and not short:
            return False
        if mention.cue is not None:
            return False
        for other in (index - 1, index + 1):
            if 0 <= other < len(mentions):
                a, b = sorted((mentions[other], mention), key=lambda m: m.start)
                strong = mentions[other].key not in WEAK_KEYS
                if strong and context.is_listed_after(text, a.end, b.start):
                    return False
        return True


def _patterns(key: str) -> set[str]:
    """What a key may look like in the layout: as is, without spaces, qualifier first ("Upper Baghouz")."""
    patterns = {f" {key} ", f" {compact(key)} "}
    words = key.split()
    if len(words) > 1 and words[-1] in QUALIFIER_KEYS:
        patterns.add(f" {words[-1]} {' '.join(words[:-1])} ")
    return patterns


def _acronym(text: str, mention: Mention) -> bool:
    """An all-capital name ("OCHA", "SOHR") with no cue, outside a dateline and an all-capital headline.

    Acronyms of organisations collide with alternate place names (OCHA ~ Uşak); a real
    place written in capitals is kept where capitals are the style (datelines,
    headlines) or where a cue introduces it ("the town of HAJIN").
    """
    if mention.cue is not None or not mention.text.isupper() or is_arabic(mention.text):
        return False
    low = text.rfind("\n", 0, mention.start) + 1
    high = text.find("\n", mention.end)
    line = text[low : high if high >= 0 else len(text)]
    return any(ch.islower() for ch in line)


def _organisation_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for name in ORGANISATIONS:
        lowered = name.lower()
        for word in set(_SEPARATOR.split(lowered)):
            index.setdefault(word, []).append(lowered)
    return index


_ORGANISATIONS = _organisation_index()


def _in_organisation(text: str, mention: Mention) -> bool:
    """True inside a known organisation's name ("Deir Ezzor 24", "Raqqa is Being Slaughtered Silently")."""
    names = _organisations_with(mention.text)
    if not names:  # most names: no organisation shares their first word
        return False
    lowered = mention.text.lower()
    for name in names:
        offset = name.find(lowered)
        while offset >= 0:
            begin = mention.start - offset
            if begin >= 0 and text[begin : begin + len(name)].lower() == name:
                return True
            offset = name.find(lowered, offset + 1)
    return False


@lru_cache(maxsize=16384)
def _organisations_with(name: str) -> tuple[str, ...]:
    """Organisation names (lower case) holding the first word of ``name``."""
    return tuple(_ORGANISATIONS.get(_SEPARATOR.split(name.lower(), maxsplit=1)[0], ()))


_name_key = lru_cache(maxsize=65536)(name_key)  # context names and sentence words recur across reports
_ADJACENT_KEYS = frozenset(filter(None, (name_key(w) for w in ADJACENT_OK)))
_BREAK_PREFIX = re.compile(r"\S+\s+")


def _skip_break_words(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading sentence words ("In Deir Ezzor" → "Deir Ezzor")."""
    while True:
        found = _BREAK_PREFIX.match(text, start, end)
        if found is None or _name_key(found.group()) not in BREAK_KEYS:
            return start
        start = found.end()
