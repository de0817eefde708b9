"""The words around a toponym: what kind of place it is, and whether it is where things happened.

Every pattern looks at a short window before or after a mention, so the cost is per
mention, not per character. Cues (what introduced the name) set the level and the
"near" precision; roles keep places of origin ("fled from the town of X", "fighters
from X") and destinations ("fled to X") out of a claim's places. Names that the
gazetteer does not know are found here too, by the phrases that announce a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from harmledger.geo.records import Level, Role

_WINDOW = 80
_LAST_WORD_WINDOW = 24  # characters read for the word before a name ("the" skipped)
# The word just before a name (after "the") that every window pattern below ends with.
_DIRECTIONS: tuple[str, ...] = ("north", "south", "east", "west", "north-east", "northeast", "north-west", "northwest")
_DIRECTIONS += ("south-east", "southeast", "south-west", "southwest")
# "eastern Deir ez-Zor": a part of the governorate, not the city.
_REGION_WORDS = frozenset(f"{d}ern" for d in _DIRECTIONS)
# Cues that name an area around or a part of a place: a governorate when the name is one,
# else "near" the place ("Hajin countryside").
AREA_CUES = frozenset(("countryside", *_REGION_WORDS))
_TRIGGERS = _REGION_WORDS | frozenset(
    (
        "of",
        "near",
        "outside",
        "around",
        "to",
        "from",
        "in",
        "at",
        "inside",
        "into",
        "on",
        "across",
        "throughout",
        "within",
        "struck",
        "hit",
        "targeted",
        "bombed",
        "shelled",
        "by",
        "towards",
        "toward",
    )
)

_KIND_LEVEL: dict[str, Level] = {
    "village": "place",
    "town": "place",
    "city": "place",
    "hamlet": "place",
    "neighbourhood": "place",
    "neighborhood": "place",
    "camp": "place",
    "suburb": "place",
    "district": "district",
    "province": "governorate",
    "governorate": "governorate",
}
_KIND_WORDS = (
    "village",
    "town",
    "city",
    "hamlet",
    "neighbourhood",
    "neighborhood",
    "camp",
    "suburb",
    "district",
    "province",
    "governorate",
)
_KINDS = "|".join(_KIND_WORDS)
_ADMIN_WORDS = frozenset(("province", "governorate", "district"))


def _endings(*words: str) -> frozenset[str]:
    """The words a pattern can end with, plus trigger words that are their tails.

    ``_last_word`` reads only the last 24 characters, so a long run of spaces can cut
    "within" to "in".
    """
    return frozenset(words) | {t for t in _TRIGGERS for w in words if w.endswith(t)}


@dataclass(frozen=True, slots=True)
class _AtEnd:
    """A case-insensitive ``\\b…$`` pattern matched at the end of the window before a name.

    Such a search tries every position of the 80-character window, so it is skipped
    when it cannot match and shortened when it can: ``endings`` are the last words
    (after "the") a match can end with; ``needs`` are words a match contains, one of
    which the window, folded as re.IGNORECASE compares letters (:func:`folded`), must
    hold; and a match spans at most ``words`` whitespace-separated words, so the search
    starts at the window's ``words``-th word from the end.
    """

    regex: re.Pattern[str]
    endings: frozenset[str]
    needs: tuple[str, ...]
    words: int


def _at_end(pattern: str, endings: tuple[str, ...], needs: tuple[str, ...], words: int) -> _AtEnd:
    return _AtEnd(re.compile(pattern, re.IGNORECASE), _endings(*endings), needs, words)


_KIND_OF = _at_end(rf"\b({_KINDS})(?:e?s)?\s+of\s+$", ("of",), _KIND_WORDS, 2)
_NEAR = _at_end(
    r"\b(?:near|outside|around|close\s+to|outskirts\s+of|vicinity\s+of|environs\s+of|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of|from)|(?:km|kilometres|kilometers|miles)\s+"
    r"(?:from|of))\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$",
    ("near", "outside", "around", "to", "of", "from"),
    (
        *("near", "outside", "around", "close", "outskirts", "vicinity", "environs"),
        *("north", "south", "east", "west", "km", "kilomet", "miles"),
    ),
    5,
)
_IN_WORDS = (
    *("in", "at", "inside", "into", "on", "across", "throughout", "within"),
    *("struck", "hit", "targeted", "bombed", "shelled"),
)
_IN = _at_end(rf"\b(?:{'|'.join(_IN_WORDS)})\s+(?:the\s+)?$", _IN_WORDS, _IN_WORDS, 2)
_ORIGIN = _at_end(
    r"\bfrom\s+(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?(?:(?:village|town|city|area|camp)s?\s+of\s+)?$",
    ("from", "of"),
    ("from",),
    5,
)
_FLED = ("fled", "flee", "fleeing", "escaped", "escape", "escaping")
# "had fled the fighting around Hajin": where people fled from, whatever the preposition.
_FLED_FIGHTING = _at_end(
    rf"\b(?:{'|'.join(_FLED)})\s+(?:the\s+)?(?:\w+\s+)?(?:fighting|violence|clashes|combat|"
    r"bombing|bombardment|shelling|battles?|offensive)\s+(?:in|around|near|at|outside)\s+(?:the\s+)?$",
    ("in", "around", "near", "at", "outside"),
    _FLED,
    6,
)
_ACTOR = _at_end(r"\bby\s+$", ("by",), ("by",), 1)
_COUNTRYSIDE_OF = _at_end(r"\bcountryside\s+of\s+(?:the\s+)?$", ("of",), ("countryside",), 3)
_SETTLEMENT_AFTER = re.compile(r"\s+(?:city|town|village)\b", re.IGNORECASE)  # "eastern Raqqa city"
_MOVED = (
    *_FLED,
    *("displaced", "moved", "relocated", "evacuated", "headed", "heading", "transferred", "taken"),
    *("returned", "returning", "sent", "deported"),
)
_DESTINATION = _at_end(
    rf"\b(?:{'|'.join(_MOVED)})\s+(?:\w+\s+){{0,2}}?(?:to|towards?|into)\s+(?:the\s+)?"
    r"(?:(?:village|town|city|area|camp)s?\s+of\s+)?$",
    ("to", "toward", "towards", "into", "of"),
    _MOVED,
    7,
)
_AFTER = re.compile(r"[\s,]*(province|governorate|district|countryside|sub-?district)\b", re.IGNORECASE)
_SPEAKER = re.compile(r"[\s,]*(?:news\s+agency\s+)?(\w+)")
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
# "ABU KAMAL, SYRIA –", "BEIRUT (AP) —", "RAQQA, Syria (ED) -", "TABQA, Syria, Oct 25 (OPA) -":
# an all-capital place, then optional ", Country", ", date" and "(AGENCY)", then a dash.
_DATELINE = re.compile(
    r"^[ \t]*((?:[A-Z][A-Z'’.\-]+)(?:[ \t]+[A-Z][A-Z'’.\-]+)*(?:,[ \t]*[A-Z][\w'’.]*(?:[ \t]+[\w'’.]+){0,2})*)"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*[–—-]{1,2}[ \t]",
    re.MULTILINE,
)

_ARTICLE = r"(?:[Aa]l|[Ee]l|[Aa]s|[Aa]d|[Aa]r|[Aa]z|[Aa]t|[Aa]n|[Aa]sh|[Ee]d|[Ee]r|[Ee]s|[Ee]z)[-‐‑]"
_WORD = r"[A-Z][\w'’ʿʾ]+(?:[-‐‑][A-Z][\w'’ʿʾ]+)*"
NAME = rf"(?:{_ARTICLE})?{_WORD}(?:\s+(?:{_ARTICLE}|al\s+|el\s+)?{_WORD}){{0,3}}"
_CONTEXT_NAME = re.compile(
    rf"\b(?:(?:{_KINDS})(?:e?s)?\s+of\s+|near\s+(?:the\s+(?:town|village)\s+of\s+)?)"
    rf"(?P<names>{NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){NAME})*)",
)


_IGNORECASE_FOLD = str.maketrans({"İ": "i", "ı": "i", "K": "k", "ſ": "s"})


def folded(text: str) -> str:
    """``text`` lower-cased as ``re.IGNORECASE`` compares letters (İ ı → i, K → k, ſ → s, then lower case).

    A word that an IGNORECASE pattern matches in ``text`` is a substring of this, so a
    pattern whose words are all missing need not be searched.
    """
    return text.lower() if text.isascii() else text.translate(_IGNORECASE_FOLD).lower()


# "in al-Shafah", "around al-Baghuz": one article-glued capitalised word, not followed by
# another capitalised word ("al-Nusra Front"), a glued part or a possessive ("al-Assad's").
_GLUED_ARTICLES = ("al", "el", "as", "ad", "ar", "az", "at", "an", "ash", "ed", "er", "es", "ez")  # as in _ARTICLE
_LONE_ARTICLE_NAME = re.compile(rf"{_ARTICLE}[A-Z][\w'’ʿʾ]+(?![\w'’ʿʾ]|[-‐‑][A-Z]|\s+(?:{_ARTICLE}|al\s+|el\s+)?[A-Z])")
_IN_BEFORE = re.compile(r"\b(?:in|around)\s+$")
_NAME_BEFORE = re.compile(rf"({NAME})\s*$")
_ONE_NAME = re.compile(NAME)


@dataclass(slots=True, frozen=True)
class Cue:
    """What the words before and after a mention say about it."""

    cue: str | None
    level: Level
    role: Role


_NO_CUE = Cue(None, "place", "event")
_NO_CUE_ACTOR = Cue(None, "place", "actor")


def read_cue(text: str, start: int, end: int) -> Cue:
    """Cue, level and role of the name at ``text[start:end]``."""
    last = _last_word(text[max(0, start - _LAST_WORD_WINDOW) : start])
    if last not in _TRIGGERS:
        return _plain_cue(text, start, end)  # most mentions: no window regex can match
    window = _Window(text[max(0, start - _WINDOW) : start], last)
    role = _role(window, _possessive(text, start, end))
    suffixed = _plain_cue(text, start, end)
    if suffixed.cue is not None:
        return Cue(suffixed.cue, suffixed.level, role)
    if last in _REGION_WORDS and not _SETTLEMENT_AFTER.match(text, end):
        return Cue(last, "governorate", role)
    if window.ends(_COUNTRYSIDE_OF):
        return Cue("countryside", "governorate", role)
    kind = window.search(_KIND_OF)
    if kind:
        word = kind.group(1).lower()
        return Cue(f"{word} of", _KIND_LEVEL.get(word, "place"), role)
    if window.ends(_NEAR):
        return Cue("near", "place", role)
    if window.ends(_IN):
        return Cue("in", "place", role)
    return Cue(None, "place", role)


def _role(window: _Window, possessive: bool) -> Role:
    if possessive or window.ends(_ACTOR):
        return "actor"
    if window.ends(_DESTINATION):
        return "destination"
    if window.ends(_FLED_FIGHTING) or (window.ends(_ORIGIN) and not window.ends(_NEAR)):
        return "origin"
    return "event"


class _Window:
    """The text before a name, ending with the trigger word ``last``, read by the ``_AtEnd`` patterns."""

    __slots__ = ("_folded", "before", "last")

    def __init__(self, before: str, last: str) -> None:
        self.before = before
        self.last = last
        self._folded: str | None = None

    def ends(self, pattern: _AtEnd) -> bool:
        """``pattern`` matches at the end of the window."""
        return self.last in pattern.endings and self.search(pattern) is not None

    def search(self, pattern: _AtEnd) -> re.Match[str] | None:
        """The match of ``pattern`` at the end of the window, searched only where one can start (``_AtEnd``)."""
        if self.last not in pattern.endings:
            return None
        if self._folded is None:
            self._folded = folded(self.before)
        if not any(map(self._folded.__contains__, pattern.needs)):
            return None
        words = self.before.rsplit(None, pattern.words)
        return pattern.regex.search(self.before, len(words[0]) if len(words) > pattern.words else 0)


def _possessive(text: str, start: int, end: int) -> bool:
    """ "Syria's": what ``['’]s$`` finds in a name (names end in a letter, never a newline)."""
    return text.endswith(("'s", "’s"), start, end)


def _plain_cue(text: str, start: int, end: int) -> Cue:
    possessive = _possessive(text, start, end)
    after = _AFTER.match(text, end, min(len(text), end + 30))
    if after:
        word = after.group(1).lower().replace("-", "")
        level: Level = "district" if "district" in word else "governorate"
        return Cue(word, level, "actor" if possessive else "event")  # "Raqqa countryside": the governorate (AREA_CUES)
    return _NO_CUE_ACTOR if possessive else _NO_CUE  # most mentions: shared, as cues are frozen


def _last_word(before: str) -> str:
    words = before[-_LAST_WORD_WINDOW:].split()
    if words and words[-1].lower() == "the":
        words.pop()
    return words[-1].lower() if words else ""


def is_listed_after(text: str, previous_end: int, start: int) -> bool:
    """True when only ", ", " and " or ", and " separate this name from the previous one."""
    return 0 <= start - previous_end <= 8 and _LIST_GAP.match(text[previous_end:start]) is not None


def next_word(text: str, end: int) -> str:
    """The word right after a mention, lower-cased ("reported" in "Sana reported")."""
    found = _SPEAKER.match(text, end, min(len(text), end + 40))
    return found.group(1).lower() if found else ""


def context_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of names announced by "the village(s) of X (and Y)", "near X", "X province", "in al-X"."""
    found = _triggers(text)
    for match in _context_matches(text, found.starts):
        base = match.start("names")
        for one in _ONE_NAME.finditer(match.group("names")):
            yield base + one.start(), base + one.end()
    yield from _in_article_names(text, found.articles)
    for start, end in found.admin:  # "X province": the word after white space, before no word character
        if start == 0 or not text[start - 1].isspace() or (end < len(text) and is_word_char(text[end])):
            continue
        # Looked for backwards from the admin word: a forward scan would try NAME at every capital.
        before = _NAME_BEFORE.search(text, max(0, start - 1 - _WINDOW), start)
        if before:
            yield before.start(1), before.end(1)


def _in_article_names(text: str, articles: list[int]) -> Iterator[tuple[int, int]]:
    """ "in al-X", "around al-X", from where a glued article ("al-") starts."""
    for start in articles:
        found = _LONE_ARTICLE_NAME.match(text, start)
        if found and not _possessive(text, *found.span()) and _IN_BEFORE.search(text, max(0, start - 12), start):
            yield found.span()


_TRIGGER, _ADMIN, _GLUED = range(3)


def _trigger_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in (*_KIND_WORDS, "near"):
        automaton.add_word(word, (len(word), _ADMIN if word in _ADMIN_WORDS else _TRIGGER))
    for article in _GLUED_ARTICLES:
        for hyphen in "-‐‑":
            for written in (article, article.capitalize()):
                automaton.add_word(written + hyphen, (len(article) + 1, _GLUED))
    automaton.make_automaton()
    return automaton


_TRIGGER_WORDS = _trigger_automaton()


@dataclass(slots=True)
class _Triggers:
    starts: list[int]  # where a kind word or "near" starts
    admin: list[tuple[int, int]]  # spans of "province", "governorate", "district"
    articles: list[int]  # where a glued article ("al-", "Ash-") starts


def _triggers(text: str) -> _Triggers:
    """Where the context patterns can start, from one Aho-Corasick pass over the text.

    In C, twice as fast as a regex of the same words, and the only full scan of the text
    the context patterns need.
    """
    starts: set[int] = set()
    admin, articles = [], []
    for last, (length, kind) in _TRIGGER_WORDS.iter(text):
        start = last - length + 1
        if kind == _GLUED:
            articles.append(start)
            continue
        starts.add(start)
        if kind == _ADMIN:
            admin.append((start, last + 1))
    return _Triggers(sorted(starts), sorted(admin), sorted(articles))


def is_word_char(char: str) -> bool:
    """What the regex ``\\w`` matches."""
    return char.isalnum() or char == "_"


def _context_matches(text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What ``_CONTEXT_NAME.finditer(text)`` finds, tried only where a trigger word starts.

    ``_CONTEXT_NAME`` starts with ``\\b`` and alternatives, so the regex engine would try it
    at every character; every match starts with a trigger word.
    """
    pos = 0
    for start in starts:
        if start < pos:
            continue
        found = _CONTEXT_NAME.match(text, start)
        if found is not None:
            yield found
            pos = found.end()


def dateline(text: str) -> tuple[int, int] | None:
    """The span of a dateline place ("ABU KAMAL, SYRIA –") in the first lines, if any."""
    found = _DATELINE.search(text, 0, min(len(text), 2000))
    return found.span(1) if found else None
