"""Perpetrator, attack type and the named belligerent's stance.

The perpetrator is the actor word directly modifying an attack word ("US airstrikes",
"U.S.-led coalition warplanes", "regime barrel bombs") or the agent of a "by" phrase
("a strike by Russian jets"); failing those, the actor a claimant blames ("SANA blamed
the US-led coalition"). The stance is what a belligerent said about the attack —
confirmed, denied, may have been responsible, or no comment — with the belligerent it
names, so that a stance is only given to claims against that belligerent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harmledger.extract.patterns import WORD_START, fold, keyword_automaton

# Acronyms and demonyms match as written; common words (coalition, regime) in any case.
_ACTORS: tuple[tuple[str, str], ...] = (
    (
        r"U\.?S\.?-led\s+(?:international\s+)?coalition|(?i:(?:the\s+)?international\s+coalition)|"
        r"anti-(?:ISIS|IS|Daesh)\s+coalition|(?i:coalition)",
        "US-led coalition",
    ),
    (r"U\.S\.|US|American|United\s+States", "United States"),
    (r"Russian|Russia's", "Russia"),
    (
        r"Syrian\s+(?:government|regime|army|air\s+force)|(?i:regime|government\s+forces|pro-government|pro-regime)",
        "Syrian government",
    ),
    (r"Turkish|Turkey's|Turkish-backed", "Turkey"),
    (r"Israeli|Israel's", "Israel"),
    (r"Iraqi", "Iraq"),
    (r"Iranian|Iran-backed", "Iran"),
    (r"ISIS|ISIL|Daesh|Islamic\s+State|IS", "ISIS"),
    (r"SDF|Kurdish|YPG", "SDF"),
)
_ATTACKS: tuple[tuple[str, str], ...] = (
    (r"drone\s+strikes?|drones?", "drone strike"),
    (
        r"air\s*strikes?|air\s+raids?|warplanes?|jets?|aircraft|bombing\s+raids?|bombings?|bombardments?|"
        r"strikes?|raids?|helicopters?",
        "airstrike",
    ),
    (r"barrel\s+bombs?", "barrel bomb"),
    (r"cluster\s+(?:bombs?|munitions?)", "cluster munitions"),
    (r"white\s+phosphorus|white\s+phosphorous", "white phosphorus"),
    (r"artillery|shelling|shells?|mortars?|rockets?|missiles?", "shelling"),
    (
        r"car\s+bombs?|suicide\s+(?:bombers?|bombings?|attacks?)|IEDs?|explosive\s+devices?|landmines?|mines?",
        "explosive device",
    ),
    (r"snipers?|gunfire|shooting|executions?", "gunfire"),
)
_ACTOR_ALT = "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(_ACTORS))
_ATTACK_ALT = "(?i:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_ATTACKS)) + ")"
_MODIFIED = re.compile(
    rf"{WORD_START}(?:{_ACTOR_ALT})(?:\s+(?:military|forces|air\s+force|and\s+allied|-led|led|fighter|war|attack|"
    rf"intensive|heavy)){{0,2}}\s+(?:{_ATTACK_ALT})\b"
)
_AGENT = re.compile(rf"{WORD_START}(?:{_ATTACK_ALT})\s+(?:\w+\s+){{0,2}}?(?:by|from)\s+(?:the\s+)?(?:{_ACTOR_ALT})\b")
# Every named or agent attack holds an attack word, so a sentence without one (most) is skipped
# after one cheap scan of its folded text.
_ATTACK_FOLDED = re.compile(
    WORD_START + "(?:" + "|".join(f"(?P<k{i}>{p.lower()})" for i, (p, _) in enumerate(_ATTACKS)) + r")\b"
)
_STANCES: tuple[tuple[str, str], ...] = (
    (
        r"may\s+have|might\s+have|could\s+have\s+been\s+responsible|possibly\s+responsible|"
        r"(?:was|is|it\s+was)\s+possible\s+(?:that\s+)?civilians",
        "may have been responsible",
    ),
    (
        r"did\s+not\s+(?:confirm|comment)|declined\s+to\s+comment|no\s+comment|would\s+not\s+comment|"
        r"(?:has|have|had)\s+not\s+(?:yet\s+)?commented|did\s+not\s+respond|neither\s+confirmed\s+nor\s+denied",
        "no comment",
    ),
    (
        r"\bdenied|\bdenies|\brejected|\bdismissed|not\s+responsible|"
        r"(?:carried\s+out|conducted|launched)\s+no\s+(?:air\s*)?strikes|"
        r"(?:did|had)\s+not\s+(?:carry|carried)\s+out\s+(?:any\s+)?(?:air\s*)?strikes",
        "denied",
    ),
    (
        r"\bconfirmed|\backnowledged|\badmitted|\bconceded|took\s+responsibility|claimed\s+responsibility|"
        r"unintentionally\s+killed",
        "confirmed",
    ),
)
# Stance patterns are written in lower case and run on folded text (``patterns.fold``).
_STANCE_PATTERNS = [(re.compile(p), stance) for p, stance in _STANCES]
# Every stance phrase holds one of these words: an Aho-Corasick pass over the folded report finds
# the sentences worth reading (a regex alternation over the whole report cost 15% of extraction).
_STANCE_KEYS = (
    "may", "might", "could", "possibl", "confirm", "comment", "respond", "denied", "denies", "rejected",
    "dismissed", "responsib", "carr", "conducted", "launched", "acknowledged", "admitted", "conceded", "unintentional",
)  # fmt: skip
# What the statement is about: the attack, its victims, or the report or accusation of it.
_STANCE_TOPIC = re.compile(r"strike|attack|raid|bombing|responsib|role|casualt|civilian|report|accus|allegation")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+")


_ACTOR_ONLY = re.compile(rf"\b(?:{_ACTOR_ALT})\b")
_BLAME = re.compile(
    rf"\b(?:blamed|blaming|blames|accused|accusing|accuses|attributed\s+(?:\w+\s+){{0,3}}?to)\s+(?:the\s+)?"
    rf"(?:{_ACTOR_ALT})\b"
)
_ALLIES = frozenset({"United States", "US-led coalition"})


@dataclass(slots=True)
class Stance:
    """A belligerent's stance and the belligerent its sentence names (None if it names none)."""

    stance: str
    actor: str | None

    @property
    def implicates(self) -> bool:
        """A belligerent that confirms or may have struck is the likely perpetrator; one that says nothing is not."""
        return self.stance != "no comment"

    def applies_to(self, perpetrator: str | None) -> bool:
        """The stance of the coalition speaks for US strikes too; not for another belligerent's."""
        if perpetrator is None or self.actor is None or perpetrator == self.actor:
            return True
        return {perpetrator, self.actor} <= _ALLIES


@dataclass(slots=True)
class Attack:
    perpetrator: str | None
    attack: str | None


def _named(match: re.Match[str], prefix: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for i, (_, name) in enumerate(table):
        if match.group(f"{prefix}{i}"):
            return name
    return None


@dataclass(slots=True)
class Mentions:
    """The attacks one sentence names: the last with its attacker (by end offset), the last bare attack type."""

    named: tuple[int, Attack] | None
    bare: str | None


NO_MENTIONS = Mentions(None, None)


def find_mentions(text: str, folded: str, start: int, end: int) -> Mentions:
    """The attacks named in ``text[start:end]``; ``folded`` is ``text`` lower-cased (see ``patterns.fold``)."""
    bare = None
    for bare in _ATTACK_FOLDED.finditer(folded, start, end):  # noqa: B007 - the last one is wanted
        pass
    if bare is None:
        return NO_MENTIONS
    found: list[tuple[int, Attack]] = []
    # "a strike by Russian jets": no agent without "by" or "from", and most sentences have neither.
    has_agent = folded.find("by", start, end) >= 0 or folded.find("from", start, end) >= 0
    for pattern in (_MODIFIED, _AGENT) if has_agent else (_MODIFIED,):
        for m in pattern.finditer(text, start, end):
            found.append((m.end(), Attack(_named(m, "a", _ACTORS), _named(m, "k", _ATTACKS))))
    named = max(found, key=lambda item: item[0]) if found else None
    return Mentions(named, _named(bare, "k", _ATTACKS))


def combine_mentions(mentions: list[Mentions]) -> Attack:
    """The attack of a run of sentences: the named one nearest the end, else the last bare attack type."""
    named = [m.named for m in mentions if m.named is not None]
    if named:
        return max(named, key=lambda item: item[0])[1]
    bare = next((m.bare for m in reversed(mentions) if m.bare is not None), None)
    return Attack(None, bare)


def find_attack(text: str, start: int, end: int) -> Attack:
    """The perpetrator and attack type named in ``text[start:end]``, nearest the end first."""
    return combine_mentions([find_mentions(text, fold(text), start, end)])


def find_stance(text: str, start: int, end: int, folded: str | None = None) -> Stance | None:
    """What a belligerent said of its role, from a sentence about the attack, strongest first.

    ``folded`` is ``text`` already lower-cased by ``patterns.fold``, when the caller has it.
    Only the sentences holding a stance word are read (most reports have none, the rest a few).
    """
    lowered = fold(text) if folded is None else folded
    read_to = start  # the end of the last sentence read
    for last, _ in keyword_automaton(_STANCE_KEYS).iter(lowered, start, end):
        if last < read_to:
            continue
        first = _sentence_start(lowered, last, max(start, read_to - 1))  # sentences read do not overlap
        cut = _SENTENCE_BREAK.search(lowered, last, end)
        read_to = cut.start() + 1 if cut else end
        if not (_STANCE_TOPIC.search(lowered, first, read_to) and _ACTOR_WORDS.search(lowered, first, read_to)):
            continue
        for pattern, stance in _STANCE_PATTERNS:
            if pattern.search(lowered, first, read_to):
                return Stance(stance, _actor_in(text, lowered, first, read_to))
    return None


def _sentence_start(text: str, position: int, start: int) -> int:
    """Where the sentence holding ``position`` starts: after the last full stop, ! or ? followed by space.

    Each mark is looked for backwards from the last one found, never before ``start``, so that reading
    a whole report takes linear time.
    """
    marks = {mark: text.rfind(mark, start, position) for mark in ".!?"}
    while (last := max(marks.values())) >= 0:
        after = last + 1
        while after < position and text[after].isspace():
            after += 1
        if after > last + 1:
            return after
        marks[text[last]] = text.rfind(text[last], start, last)
    return start


def _actor_in(text: str, folded: str, start: int, end: int) -> str | None:
    """The belligerent a sentence names; "the U.S. coalition" is the coalition, not the United States."""
    if folded.find("coalition", start, end) >= 0:
        return "US-led coalition"
    match = _ACTOR_ONLY.search(text, start, end)
    return _named(match, "a", _ACTORS) if match else None


def find_blamed(text: str, start: int, end: int, folded: str | None = None) -> str | None:
    """The first actor a claimant blames or accuses in ``text[start:end]``.

    ``folded`` is ``text`` lower-cased (``patterns.fold``): three substring tests rule out
    most reports before the regex runs.
    """
    lowered = fold(text) if folded is None else folded
    if not any(word in lowered for word in ("blam", "accus", "attribut")):
        return None
    match = _BLAME.search(text, start, end)
    return _named(match, "a", _ACTORS) if match else None


_ACTOR_WORDS = re.compile(r"coalition|u\.?s\.?\b|pentagon|russia|regime|military|army|turk|israel|forces")
