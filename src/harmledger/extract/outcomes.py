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
    COMBATANT_RE,
    FAMILY_BEFORE,
    LEFT_RE,
    POST_OUTCOME,
    PRE_OUTCOME,
    SUBSET_AFTER,
    SUBSET_BEFORE,
    VICTIM_NP,
)

_PARTITIVE = re.compile(
    r"\s+of\s+(?:the|those|these)\s+(?:[\w'’-]+\s+){0,4}?(?P<noun>victims|people|civilians|dead|casualties|bodies)\b",
    re.IGNORECASE,
)
_OF = re.compile(r"\s+of\s+", re.IGNORECASE)
_GAP = re.compile(r"\s+")
_BURIAL_CONTEXT = re.compile(r"grave|burial|bodies|cemetery|exhum", re.IGNORECASE)
_NOUN_OUTCOMES = {
    "dead": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "lives": "killed",
    "wounded": "injured",
    "injured": "injured",
    "casualties": "casualties",
    "bodies": "bodies_recovered",
    "corpses": "bodies_recovered",
    "remains": "bodies_recovered",
}
_VICTIM_GROUPS = {
    "civilian": "civilians",
    "civilians": "civilians",
    "child": "children",
    "children": "children",
    "kids": "children",
    "minors": "children",
    "babies": "children",
    "infants": "children",
    "boys": "children",
    "girls": "children",
    "women": "women",
    "woman": "women",
    "men": "men",
    "man": "men",
}


@dataclass(frozen=True, slots=True)
class Reading:
    """What the words around one figure say: outcome, victims, the quote's span, subset cue."""

    outcome: str | None
    victims: str
    start: int
    end: int
    subset: str | None  # "part" ("including 14 children") or "family" ("a family of 17")
    combatants: bool


def read_figure(text: str, figure: Figure, lower: int, upper: int) -> Reading | None:
    """Read the outcome around ``figure`` within ``text[lower:upper]`` (its clause window).

    Returns None when the figure does not count people harmed.
    """
    np_start = figure.end
    if figure.is_vague and (of := _OF.match(text, np_start, upper)):
        np_start = of.end()
    else:
        np_start = _skip_space(text, np_start, upper)
    noun_phrase = VICTIM_NP.match(text, np_start, upper)
    partitive = None if noun_phrase else _PARTITIVE.match(text, figure.end, upper)
    after_subset = SUBSET_AFTER.match(text, figure.end, upper)
    np_end = noun_phrase.end() if noun_phrase else partitive.end() if partitive else figure.end
    if after_subset and not noun_phrase:
        np_end = after_subset.end()
        noun_phrase = VICTIM_NP.match(text, _skip_space(text, np_end, upper), upper)
        np_end = noun_phrase.end() if noun_phrase else np_end
    noun = _noun(noun_phrase, partitive)
    if figure.is_vague and noun_phrase is None:
        return None

    post = POST_OUTCOME.match(text, np_end, upper)
    pre = PRE_OUTCOME.search(text, lower, figure.start)
    subset = _subset_cue(text, figure, lower, after_subset is not None)
    outcome = _outcome(post, pre, noun, burials=bool(_BURIAL_CONTEXT.search(text, lower, upper)))
    if outcome is None and subset is None:
        return None
    if outcome is None and noun_phrase is None and subset != "family":
        return None
    left = LEFT_RE.search(text, lower, figure.start) if post and not pre else None
    start = left.start() if left else _quote_start(text, figure, pre, subset, lower)
    end = post.end() if post else np_end
    mods = noun_phrase.group("mods") if noun_phrase else ""
    return Reading(
        outcome=outcome,
        victims=_victims(noun, f"{mods} {text[start : figure.start]}", pre),
        start=start,
        end=end,
        subset=subset,
        combatants=bool(noun and COMBATANT_RE.match(noun)) and "civilian" not in mods.lower(),
    )


def _skip_space(text: str, pos: int, upper: int) -> int:
    gap = _GAP.match(text, pos, upper)
    return gap.end() if gap else pos


def _noun(noun_phrase: re.Match[str] | None, partitive: re.Match[str] | None) -> str | None:
    match = noun_phrase or partitive
    return " ".join(match.group("noun").lower().split()) if match else None


def _outcome(post: re.Match[str] | None, pre: re.Match[str] | None, noun: str | None, *, burials: bool) -> str | None:
    """The outcome stated after the figure wins over one before it, then the noun itself ("17 dead")."""
    if post:
        kind = next(k for k in ("both", "casualties", "killed", "injured", "missing", "bodies") if post.group(k))
        if kind == "bodies":
            return _bodies(noun, pre, burials=burials)
        return "killed_or_injured" if kind == "both" else kind
    if pre:
        kind = next(k for k in ("killed", "injured", "bodies", "casualties", "missing") if pre.group(k))
        return "bodies_recovered" if kind == "bodies" else kind
    if noun in _NOUN_OUTCOMES:
        return _NOUN_OUTCOMES[noun]
    return None


def _bodies(noun: str | None, pre: re.Match[str] | None, *, burials: bool) -> str | None:
    """ "were found", "were buried": recoveries of the dead only where bodies or graves are the topic."""
    if noun in ("bodies", "corpses", "remains") or (pre and pre.group("bodies")) or burials:
        return "bodies_recovered"
    return None


def _subset_cue(text: str, figure: Figure, lower: int, after: bool) -> str | None:
    if after or SUBSET_BEFORE.search(text, lower, figure.start):
        return "part"
    if FAMILY_BEFORE.search(text, lower, figure.start):
        return "family"
    return None


def _quote_start(text: str, figure: Figure, pre: re.Match[str] | None, subset: str | None, lower: int) -> int:
    if pre is not None:
        start = pre.start()
        previous = text.rfind(" ", lower, max(lower, start - 1))
        if pre.group("casualties") and text[previous + 1 : start].strip().lower() == "civilian":
            return previous + 1
        return start
    cue = SUBSET_BEFORE if subset == "part" else FAMILY_BEFORE if subset == "family" else None
    if cue and (found := cue.search(text, lower, figure.start)):
        return found.start()
    return figure.start


def _victims(noun: str | None, mods: str, pre: re.Match[str] | None) -> str:
    words = mods.lower().split()
    if "civilian" in words or "civilians" in words:
        return "civilians"
    if noun is None:
        if pre is not None and "civilian" in pre.group(0).lower():
            return "civilians"
        return "people"
    if COMBATANT_RE.match(noun):
        return noun
    return _VICTIM_GROUPS.get(noun, "family members" if "family" in noun or noun == "relatives" else "people")
