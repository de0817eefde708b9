"""Claimant and relay: who states a figure, and through whom it reached the report.

Names are normalised with a lexicon the package ships (``data/claimants.json``) and two
rules: a country's body is named by its demonym ("Syria's foreign ministry" → "Syrian
foreign ministry"), and a capital standing for its government ("letters sent by
Damascus") is named as that government. Names not in the lexicon are kept as written.

Attribution is read in this order, the first that applies winning: the speaker of the
quotation the figure stands in; "according to X"; the subject of a reporting verb
before the figure ("SANA has claimed that ..."); a trailing attribution (", the
agency reported."). A pronoun or "the statement" refers back to the last claimant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypedDict

from harmledger.extract.patterns import WORD_START

ANAPHOR = "\x00anaphor"
_SPEAKER_REACH = 400  # characters before a quotation in which its speaker is named
_NAMES_REMEMBERED = 10_000  # claimant phrases whose reading is kept

_VERBS = (
    # Third-person forms that double as plural nouns ("reports", "claims", "estimates") are left out.
    r"said|says|say|reported|stated|announced|announces|claimed|asserted|asserts|"
    r"told|tells|added|adds|confirmed|confirms|denied|denies|condemned|condemns|condemning|accused|accuses|"
    r"charged|indicated|indicates|wrote|writes|warned|warns|documented|recorded|"
    r"counted|estimated|alleged|alleges|noted|explained|continued|put\s+the\s+(?:death\s+)?toll|"
    r"gave\s+an?\s+(?:[\w-]+\s+){0,2}?(?:death\s+)?toll|published|issued|insisted|insists|acknowledged|admitted|"
    r"saying"
)
# The patterns up to _TRAILING are written in lower case and run on the folded text (``patterns.fold``,
# several times faster than IGNORECASE); the names they capture are cut from the original by offset.
VERB_FOLDED = re.compile(rf"{WORD_START}(?:has\s+|have\s+|had\s+)?(?:{_VERBS})(?:\b|(?=that\b))")
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<np>[^,.;:()\"“”]+)")
_RELAY = re.compile(r"\b(?:citing|quoting|relaying|on\s+behalf\s+of)\s+(?P<np>[^,.;:()\"“”—–]+)")
_AFTER_QUOTE = re.compile(
    rf"""[ \t]*,?[ \t]*(?:(?:{_VERBS})[ \t]+(?P<np1>[^.,;"“”\n]+)|(?P<np2>[^.,;"“”\n]+?)[ \t]+(?:{_VERBS}))\b"""
)
_BEFORE_QUOTE = re.compile(rf"""(?P<np>[^.;"“”]+?)\s+(?:{_VERBS})\s*[:,]?\s*$""")
# ", the agency reported.", ", a military source told state television.", ", an official said, and ..."
_TRAILING = re.compile(
    rf""",\s*(?:(?P<np1>[^,;"“”]+?)\s+(?:{_VERBS})(?:(?<=told)\s+[^,;"“”]{{1,40}}?)?|(?:{_VERBS})\s+(?P<np2>[^,;"“”]+?))
    \s*(?:[.!?]?["”]?\s*$|,\s+(?:and|adding|but|as)\b)""",
    re.VERBOSE,
)
# A claimant described rather than named: "a military source", "local activists", "police in Tabqa".
_DESCRIBED = re.compile(
    r"^(?:[\w'’-]+\s+){0,3}(?:sources?|officials?|activists?|monitors?|relatives?|residents?|witness(?:es)?|"
    r"doctors?|medics?|nurses?|researchers?|survivors?|eyewitness(?:es)?|council|group|ministry|directorate|"
    r"governor|director|police|hospital|agency|commander|spokes(?:wo)?man|spokesperson|teams?|authorities)"
    r"(?:\s+(?:in|of|at|from)\s+[\w'’ -]{1,40})?$"
)
_ROLE_PERSON = re.compile(
    r"\b(?:spokes(?:wo)?man|spokesperson|minister|official|director|head|chief|commander|representative|envoy|"
    r"advis[eo]r|ambassador|researcher|doctor|activist|resident|witness|mayor|governor|general|colonel|"
    r"president|secretary|coordinator|monitor|correspondent|journalist|worker|rescuer|medic|nurse|volunteer|"
    r"villager|farmer|survivor|father|mother|brother|sister|relative|neighbou?r|teacher|imam|sheikh|elder)\s+"
    r"(?P<name>(?:[A-Z][\w'’.-]+|al-|el-|bin|ibn|van|de)(?:\s+(?:[A-Z][\w'’.-]+|al-\w+|el-\w+|bin|ibn|van|de))+)"
)
_PRONOUN = re.compile(
    r"^(?:he|she|they|it|we|i|the\s+(?:statement|letter|letters|report|ministry|agency|monitor|group|observatory|"
    r"official|spokesman|spokeswoman|coalition|government|source|organi[sz]ation|office))$",
    re.IGNORECASE,
)
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+$")
_LEADING = re.compile(r"^(?:(?:the|a|an|and|but|while|also|however|in\s+a\s+statement)\s+)+", re.IGNORECASE)
_REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|it\s+is\s+(?:said|reported))\b")  # folded


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    name: str


@dataclass(slots=True)
class Attribution:
    claimant: str | None
    via: str | None


class _Entry(TypedDict):
    name: str
    kind: str
    aliases: list[str]
    exact: list[str]


class LexiconData(TypedDict):
    """The layout of ``data/claimants.json``."""

    claimants: list[_Entry]
    countries: dict[str, str]
    capitals: dict[str, str]
    bodies: dict[str, str]


class Lexicon:
    """The shipped claimant names compiled into one alternation, matched in one pass."""

    def __init__(self, data: LexiconData) -> None:
        self._canonical: dict[str, str] = {}
        self._named: dict[str, str | None] = {}
        parts: list[str] = []
        for entry in data["claimants"]:
            for alias in entry["aliases"]:
                self._canonical[alias.lower()] = entry["name"]
                parts.append(_alias_pattern(alias, exact=False))
            for alias in entry["exact"]:
                self._canonical[alias.lower()] = entry["name"]
                parts.append(_alias_pattern(alias, exact=True))
        countries: dict[str, str] = data["countries"]
        bodies: dict[str, str] = data["bodies"]
        self._capitals: dict[str, str] = {k.lower(): v for k, v in data["capitals"].items()}
        self._demonyms = {k.lower(): v for k, v in countries.items()} | {v.lower(): v for v in countries.values()}
        self._bodies = {k.lower(): v for k, v in bodies.items()}
        body_alt = "|".join(_words(b) for b in sorted(bodies, key=len, reverse=True))
        country_alt = "|".join(_words(c) for c in sorted(countries, key=len, reverse=True))
        demonym_alt = "|".join(sorted({re.escape(v) for v in countries.values()}, key=len, reverse=True))
        self._country_re = re.compile(
            rf"\b(?:(?P<country>{country_alt})['’]s|(?P<demonym>{demonym_alt})(?:\s+state)?)\s+(?P<body>{body_alt})\b",
            re.IGNORECASE,
        )
        capital_alt = "|".join(re.escape(c) for c in sorted(data["capitals"], key=len, reverse=True))
        self._names_re = re.compile(
            "|".join(sorted(parts, key=len, reverse=True)) + rf"|\b(?P<capital>{capital_alt})\b"
        )

    def entities(self, text: str, start: int = 0, end: int | None = None) -> list[Entity]:
        """Known claimants named in ``text[start:end]``, leftmost first, longest winning."""
        stop = len(text) if end is None else end
        candidates = [
            Entity(m.start(), m.end(), self._country_name(m)) for m in self._country_re.finditer(text, start, stop)
        ]
        for m in self._names_re.finditer(text, start, stop):
            capital = m.group("capital")
            name = self._capitals[capital.lower()] if capital else self._canonical[" ".join(m.group(0).lower().split())]
            candidates.append(Entity(m.start(), m.end(), name))
        kept: list[Entity] = []
        for entity in sorted(candidates, key=lambda e: (e.start, e.start - e.end)):
            if kept and entity.start < kept[-1].end:
                continue  # overlapped by a longer name that starts earlier or at the same place
            kept.append(entity)
        return kept

    def _country_name(self, match: re.Match[str]) -> str:
        demonym = self._demonyms[(match.group("country") or match.group("demonym")).lower()]
        body = self._bodies[" ".join(match.group("body").lower().split())]
        return f"{demonym} {body}"

    def name(self, phrase: str) -> str | None:
        """Normalise a claimant phrase: a person by name, a known body by its name, else as written.

        Remembered: report after report names the same agencies in the same words, and each reading
        runs the whole lexicon over the phrase.
        """
        if phrase not in self._named:
            if len(self._named) >= _NAMES_REMEMBERED:
                self._named.clear()
            self._named[phrase] = self._name(phrase)
        return self._named[phrase]

    def _name(self, phrase: str) -> str | None:
        phrase = _LEADING.sub("", " ".join(phrase.split())).strip(" ,—–-\"“”'")
        if not phrase or len(phrase) > 120:
            return None
        if _PRONOUN.match(phrase):
            return ANAPHOR
        if _PRONOUN.match(f"the {phrase}"):
            return ANAPHOR + phrase  # "the group": whoever was named last, else the group as written
        if person := _ROLE_PERSON.search(phrase):
            return person.group("name")
        if entities := self.entities(phrase):
            return entities[0].name
        if phrase[0].isupper() and len(phrase.split()) <= 6:
            return phrase
        if _DESCRIBED.match(phrase):
            return phrase
        if name := _TRAILING_NAME.search(phrase):
            return name.group(0)
        return None


def _alias_pattern(alias: str, *, exact: bool) -> str:
    body = _words(alias)
    return rf"(?-i:\b{body}\b)" if exact else rf"(?i:\b{body}\b)"


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


@cache
def lexicon() -> Lexicon:
    raw = resources.files("harmledger.extract").joinpath("data/claimants.json").read_text(encoding="utf-8")
    return Lexicon(json.loads(raw))


# A quotation mark or a paragraph break ("\n" then space holding a second "\n"); starting with a
# character class lets ``re`` skip ahead to the next candidate instead of trying both at every character.
_QUOTE_OR_BREAK = re.compile(r"[\"“”\n](?:(?<=\n)\s*\n)?")


@dataclass(slots=True)
class Quotation:
    start: int
    end: int


def quotations(text: str) -> list[Quotation]:
    """Spans of quoted speech; an unclosed quote runs to the end of its paragraph."""
    if '"' not in text and "“" not in text and "”" not in text:
        return []
    spans: list[Quotation] = []
    opened: int | None = None
    for match in _QUOTE_OR_BREAK.finditer(text):
        mark = match.group(0)
        if mark == "\n":
            continue  # a line break inside a paragraph
        if mark.strip() == "":
            # A new paragraph that opens with a quote continues the speech (press style).
            opened = None if opened is not None and not text.startswith(('"', "“"), match.end()) else opened
            continue
        if opened is None and mark in '"“':
            opened = match.start()
        elif opened is not None and mark in '"”':
            spans.append(Quotation(opened, match.end()))
            opened = None
    return spans


def attribute(
    text: str,
    folded: str,
    sentence: tuple[int, int],
    position: int,
    *,
    quotes: list[Quotation],
    previous: Attribution | None,
) -> Attribution:
    """Who claims the figure at ``position`` in ``sentence``; ``previous`` resolves pronouns.

    ``folded`` is ``text`` lower-cased by ``patterns.fold``.
    """
    lex = lexicon()
    start, end = sentence
    quote = next((q for q in quotes if q.start <= position < q.end), None)
    claimant = _speaker(text, folded, quote, quotes, lex) if quote else None
    if claimant is None:
        claimant = _according_to(text, folded, start, end, lex)
    subject_end = position
    if claimant is None:
        claimant, subject_end = _subject(text, folded, start, position, lex)
    if claimant is None and not _REPORTEDLY.search(folded, start, position):
        claimant = _trailing(text, folded, position, end, lex)
    if claimant is not None and claimant.startswith(ANAPHOR):
        fallback = claimant.removeprefix(ANAPHOR) or None
        claimant = previous.claimant if previous and previous.claimant else fallback
    via = _relay(text, folded, start, subject_end, lex) if claimant else None
    return Attribution(claimant, via if via != claimant else None)


def _phrase(text: str, match: re.Match[str], *groups: str) -> str:
    """The first of ``groups`` that took part in ``match`` (found on the folded text), as written in ``text``."""
    group = next(g for g in groups if match.start(g) >= 0)
    return text[match.start(group) : match.end(group)]


def _speaker(text: str, folded: str, quote: Quotation, quotes: list[Quotation], lex: Lexicon) -> str | None:
    after = _AFTER_QUOTE.match(folded, quote.end, min(len(text), quote.end + 160))
    if after:
        return lex.name(_phrase(text, after, "np1", "np2"))
    floor = max(0, quote.start - _SPEAKER_REACH)
    line_start = max(text.rfind("\n", floor, quote.start), text.rfind(". ", floor, quote.start), floor - 1) + 1
    before = _BEFORE_QUOTE.search(folded, line_start, quote.start)
    if before:
        return lex.name(_phrase(text, before, "np"))
    index = quotes.index(quote)
    # A quotation with no attribution continues the speech of the one before it.
    if index > 0 and quote.start - quotes[index - 1].end < 600:
        return _speaker(text, folded, quotes[index - 1], quotes, lex)
    return None


def _according_to(text: str, folded: str, start: int, end: int, lex: Lexicon) -> str | None:
    match = _ACCORDING.search(folded, start, end)
    return lex.name(_phrase(text, match, "np")) if match else None


def _subject(text: str, folded: str, start: int, position: int, lex: Lexicon) -> tuple[str | None, int]:
    """The sayer of a reporting verb that precedes the figure: first known body, else the words before it."""
    for verb in VERB_FOLDED.finditer(folded, start, position):
        entities = lex.entities(text, start, verb.start())
        if entities:
            return entities[0].name, verb.start()
        words = text[start : verb.start()].rsplit(",", maxsplit=1)[-1]
        name = lex.name(words)
        if name:
            return name, verb.start()
    return None, position


def _trailing(text: str, folded: str, position: int, end: int, lex: Lexicon) -> str | None:
    match = _TRAILING.search(folded, position, end)
    if not match:
        return None
    return lex.name(_phrase(text, match, "np1", "np2"))


def _relay(text: str, folded: str, start: int, end: int, lex: Lexicon) -> str | None:
    match = _RELAY.search(folded, start, end)
    if not match:
        return None
    phrase = _phrase(text, match, "np")
    entities = lex.entities(phrase)
    return entities[0].name if entities else lex.name(phrase)
