"""Outcome and victims: deciding whether a figure counts people harmed, and how.

A figure is a casualty claim only when the words around it say what happened to whom:
an outcome after it ("54 were killed", "60 civilians dead and injured"), an outcome
verb just before it ("killing at least 23 people"), or a subset cue that ties it to a
claim already read ("including 14 children"). Everything else ("2,000 US troops", "two
letters") is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harmledger.extract.figures import Figure
from harmledger.extract.patterns import (
    CIVILIAN_NOUNS,
    COMBATANT_NOUNS,
    COMBATANT_RE,
    FAMILY_BEFORE_FOLDED,
    LEFT_FOLDED,
    POST_OUTCOME_FOLDED,
    PRE_OUTCOME_FOLDED,
    SUBSET_AFTER_FOLDED,
    SUBSET_BEFORE_FOLDED,
    VICTIM_NP,
)

_PARTITIVE = re.compile(
    r"\s+of\s+(?P<det>the|those|these|its|their)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?P<noun>victims|people|civilians|dead|casualties|bodies|deaths|wounded|injured|members|fighters)\b"
)
_OF = re.compile(r"\s+of\s+")
_GAP = re.compile(r"\s+")
_COPULA = re.compile(r"\s+(?:were|was|are)\s+(?:all\s+)?")
# What may stand between a victim noun and its outcome: an apposition, a second group, a place.
_BRIDGE = re.compile(
    rf"""(?:\s*,\s*[^,.;"“”]{{1,60}}?,(?=\s)
      | \s+and\s+(?:[\w'’-]+\s+){{0,3}}?(?:{CIVILIAN_NOUNS}|{COMBATANT_NOUNS})\b
      | \s+(?:from|in|on|at|near|across|inside|under)\s+(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+
    )(?={POST_OUTCOME_FOLDED.pattern})""",
    re.VERBOSE,
)
# Verbs that count people only when people follow: "lost 8 residents", not "lost 14 tanks".
_NEEDS_VICTIM = re.compile(r"(?:lost|buried|treated)\b")
# "has risen to 22", "rises to 22": a toll update, when the dead are the topic just before.
_UPDATE = re.compile(
    r"(?P<killed>\b(?:(?:has\s+|have\s+|had\s+)?(?:risen|rose|rises|climbed|jumped|increased|grown)\s+to|"
    r"(?:put|gave|raised|revised|updated)\s+(?:it|the\s+figure|the\s+number|its\s+figure)\s+(?:up(?:wards?)?\s+)?"
    r"(?:to|at)))\s*$"
)
_DEATH_TOPIC = re.compile(r"\b(?:toll|killed|dead|deaths|died|fatalities)\b")
_TOPIC_REACH = 250
_CLAUSE_REACH = 300  # characters after a figure in which its victims and outcome may stand
_LISTED = re.compile(r"(?:,|\band)\s*$")
_BARE_END = re.compile(r"\s*(?:[,.;)]|$|(?:in|at|on|near|from|who|when|while|after|as|seriously|critically)\b)")
_BURIAL_CONTEXT = re.compile(r"grave|burial|bodies|cemetery|exhum")
_NOUN_OUTCOMES = {
    "dead": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "wounded": "injured",
    "injured": "injured",
    "injuries": "injured",
    "casualties": "casualties",
    "bodies": "bodies_recovered",
    "corpses": "bodies_recovered",
    "remains": "bodies_recovered",
}
_VICTIM_GROUPS = {
    **dict.fromkeys(("civilian", "civilians", "shepherd", "shepherds", "farmer", "farmers"), "civilians"),
    **dict.fromkeys(
        ("child", "children", "kids", "minors", "baby", "babies", "infant", "infants", "boy", "boys", "girl", "girls"),
        "children",
    ),
    **dict.fromkeys(("son", "sons", "daughter", "daughters", "grandson", "grandsons", "granddaughter"), "children"),
    **dict.fromkeys(("women", "woman", "wife", "mother", "sister", "sisters"), "women"),
    **dict.fromkeys(("men", "man", "husband", "father", "imam", "imams"), "men"),
    **dict.fromkeys(("nurse", "nurses", "doctors", "medics", "paramedics"), "health workers"),
}
# Groups the analyst keeps by name (lowercase plural), singular forms mapped to it.
_NAMED_GROUPS = {
    "villagers": "villagers",
    "deminer": "deminers",
    "deminers": "deminers",
    "aid worker": "aid workers",
    "aid workers": "aid workers",
    "journalist": "journalists",
    "journalists": "journalists",
    "passenger": "passengers",
    "passengers": "passengers",
    "prisoner": "prisoners",
    "prisoners": "prisoners",
    "fishermen": "fishermen",
    "residents": "residents",
    "trader": "traders",
    "traders": "traders",
}


@dataclass(slots=True)
class Reading:
    """What the words around one figure say: outcome, victims, the quote's span, subset cue."""

    outcome: str | None
    victims: str
    start: int
    end: int
    subset: str | None  # "part" ("including 14 children"), "family" ("a family of 17"), "list" ("and 37 women")
    combatants: bool


@dataclass(slots=True)
class _Phrase:
    """The words right after a figure: who (``noun``), what it says of them (``outcome_noun``), where it ends."""

    noun: str | None
    outcome_noun: str | None
    mods: str
    end: int
    part: bool  # "N of them", "N of the dead", "N were children": a share of a total just given


def read_figure(text: str, folded: str, figure: Figure, lower: int, upper: int) -> Reading | None:
    """Read the outcome around ``figure`` within ``text[lower:upper]`` (its clause window).

    ``folded`` is ``text`` lower-cased by ``patterns.fold``: every pattern that ignores case runs
    on it (several times faster in ``re``); only capitals (names, "In" after a figure) are read
    in ``text``. Returns None when the figure does not count people harmed.
    """
    upper = min(upper, figure.end + _CLAUSE_REACH)  # bounded, so a sentence of any length reads in linear time
    phrase = _phrase(text, folded, figure, upper)
    post = _post_outcome(folded, phrase.end, upper)
    if figure.is_vague and phrase.noun is None and not (post and post.start() == figure.end):
        return None
    pre = PRE_OUTCOME_FOLDED.search(folded, lower, figure.start) or _update(folded, figure)
    if pre and phrase.noun is None and _NEEDS_VICTIM.match(pre.group(0)):
        pre = None
    subset = _subset_cue(folded, figure, lower, part=phrase.part)
    burials = bool(_BURIAL_CONTEXT.search(folded, lower, upper))
    outcome = _outcome(post, pre, phrase.outcome_noun, burials=burials)
    if outcome is None and subset is None and phrase.noun and _LISTED.search(folded, lower, figure.start):
        subset = "list"
    if outcome is None and subset is None:
        return None
    if outcome is None and phrase.noun is None and subset == "part" and not _BARE_END.match(text, phrase.end):
        return None
    left = LEFT_FOLDED.search(folded, lower, figure.start) if post and not pre else None
    start = left.start() if left else _quote_start(folded, figure, pre, subset, lower)
    noun = phrase.noun
    return Reading(
        outcome=outcome,
        victims=_victims(noun, f"{phrase.mods} {folded[start : figure.start]}", pre),
        start=start,
        end=post.end() if post else phrase.end,
        subset=subset,
        combatants=bool(noun and COMBATANT_RE.match(noun)) and "civilian" not in phrase.mods.lower(),
    )


def _phrase(text: str, folded: str, figure: Figure, upper: int) -> _Phrase:
    np_start = figure.end
    if figure.is_vague and (of := _OF.match(folded, np_start, upper)):
        np_start = of.end()
    noun_phrase = VICTIM_NP.match(text, _skip_space(text, np_start, upper), upper)
    if noun_phrase:
        return _from_np(noun_phrase, part=False)
    # "one of the wounded men" points back at someone; it is not a count.
    is_one = folded[figure.start : figure.end] == "one"
    partitive = None if is_one else _PARTITIVE.match(folded, figure.end, upper)
    if partitive:
        noun = partitive.group("noun")
        part = partitive.group("det") in ("the", "those", "these")
        copula = _copula_np(text, folded, partitive.end(), upper)
        if copula:
            return _Phrase(_words(copula.group("noun")), noun, copula.group("mods"), copula.end(), part=part)
        return _Phrase(noun, noun, "", partitive.end(), part=part)
    after = SUBSET_AFTER_FOLDED.match(folded, figure.end, upper)
    if after:
        noun_phrase = VICTIM_NP.match(text, _skip_space(text, after.end(), upper), upper)
        if noun_phrase:
            return _from_np(noun_phrase, part=True)
        return _Phrase(None, None, "", after.end(), part=True)
    is_outcome = POST_OUTCOME_FOLDED.match(folded, figure.end, upper)
    copula = None if is_outcome else _copula_np(text, folded, figure.end, upper)
    if copula:
        return _Phrase(_words(copula.group("noun")), None, copula.group("mods"), copula.end(), part=True)
    return _Phrase(None, None, "", figure.end, part=False)


def _from_np(noun_phrase: re.Match[str], *, part: bool) -> _Phrase:
    noun = _words(noun_phrase.group("noun"))
    return _Phrase(noun, noun, noun_phrase.group("mods"), noun_phrase.end(), part=part)


def _copula_np(text: str, folded: str, pos: int, upper: int) -> re.Match[str] | None:
    """ "six were children": the group a share of a total is made of."""
    copula = _COPULA.match(folded, pos, upper)
    return VICTIM_NP.match(text, copula.end(), upper) if copula else None


def _words(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _post_outcome(folded: str, pos: int, upper: int) -> re.Match[str] | None:
    """The outcome after the victims, across an apposition, a second group or a place if need be."""
    post = POST_OUTCOME_FOLDED.match(folded, pos, upper)
    if post is None and (bridge := _BRIDGE.match(folded, pos, upper)):
        post = POST_OUTCOME_FOLDED.match(folded, bridge.end(), upper)
    return post


def _update(folded: str, figure: Figure) -> re.Match[str] | None:
    window = max(0, figure.start - 40)
    if not folded[window : figure.start].rstrip().endswith(("to", "at")):
        return None  # every update ends "... to" or "... at" right before the figure
    update = _UPDATE.search(folded, window, figure.start)
    if update and _DEATH_TOPIC.search(folded, max(0, figure.start - _TOPIC_REACH), update.start()):
        return update
    return None


def _skip_space(text: str, pos: int, upper: int) -> int:
    gap = _GAP.match(text, pos, upper)
    return gap.end() if gap else pos


def _outcome(post: re.Match[str] | None, pre: re.Match[str] | None, noun: str | None, *, burials: bool) -> str | None:
    """The outcome stated after the figure wins over one before it, then the noun itself ("17 dead")."""
    if post:
        kind = next(k for k in ("both", "casualties", "killed", "injured", "missing", "bodies") if post.group(k))
        if kind == "bodies":
            return _bodies(noun, pre, burials=burials)
        return "killed_or_injured" if kind == "both" else kind
    if pre:
        found = pre.groupdict()  # a toll update (_UPDATE) has only "killed"
        kind = next(k for k in ("killed", "injured", "bodies", "casualties", "missing") if found.get(k))
        own = _NOUN_OUTCOMES.get(noun or "")
        if {kind, own} == {"killed", "injured"}:
            return own  # "hundreds had been killed and thousands more injured": the second figure's own word
        return "bodies_recovered" if kind == "bodies" else kind
    if noun in _NOUN_OUTCOMES:
        return _NOUN_OUTCOMES[noun]
    return None


def _bodies(noun: str | None, pre: re.Match[str] | None, *, burials: bool) -> str | None:
    """ "were found", "were buried": recoveries of the dead only where bodies or graves are the topic."""
    if noun in ("bodies", "corpses", "remains") or (pre and pre.groupdict().get("bodies")) or burials:
        return "bodies_recovered"
    return None


def _subset_cue(folded: str, figure: Figure, lower: int, *, part: bool) -> str | None:
    if part or SUBSET_BEFORE_FOLDED.search(folded, lower, figure.start):
        return "part"
    if FAMILY_BEFORE_FOLDED.search(folded, lower, figure.start):
        return "family"
    return None


def _quote_start(folded: str, figure: Figure, pre: re.Match[str] | None, subset: str | None, lower: int) -> int:
    if pre is not None:
        start = pre.start()
        previous = folded.rfind(" ", lower, max(lower, start - 1))
        if pre.groupdict().get("casualties") and folded[previous + 1 : start].strip() == "civilian":
            return previous + 1
        return start
    cue = SUBSET_BEFORE_FOLDED if subset == "part" else FAMILY_BEFORE_FOLDED if subset == "family" else None
    if cue and (found := cue.search(folded, lower, figure.start)):
        return found.start()
    return figure.start


def _victims(noun: str | None, mods: str, pre: re.Match[str] | None) -> str:
    words = mods.lower().split()
    if "civilian" in words or "civilians" in words:
        return "civilians"
    if noun is None:
        if pre is not None and "civilian" in pre.group(0):
            return "civilians"
        return "people"
    if COMBATANT_RE.match(noun):
        return noun
    if "family" in noun or noun == "relatives":
        return "family members"
    return _VICTIM_GROUPS.get(noun) or _NAMED_GROUPS.get(noun, "people")
