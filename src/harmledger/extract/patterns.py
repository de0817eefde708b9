"""Every regular expression the extractor uses, compiled once, in one place.

Keeping the patterns apart from the rules that use them (as trafilatura keeps its
xpaths apart) makes the vocabulary reviewable on one screen: to teach harmledger a new
word for "killed" or a new qualifier, edit this file.
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick


@cache
def keyword_automaton(keys: tuple[str, ...]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton finding any of ``keys`` in one pass over a text (a quick test that
    rules a sentence or a report out before a slower regex runs)."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def fold(text: str) -> str:
    """``text`` in lower case with every offset kept, so that matches on it index the original.

    Case-insensitive matching is several times slower in Python's ``re`` than matching a
    lower-cased copy with a pattern written in lower case, so the hot patterns run folded
    (the ``*_FOLDED`` names below). A letter whose lower case is longer ("İ") stays as it is.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


# Where a word starts. ``\b`` alone also holds where a word ends, and ``re`` then tries every
# alternative of a long pattern on the space after it; the look-ahead rejects those positions at
# once (a third faster for the figure, attack and reporting-verb scans).
WORD_START = r"\b(?=\w)"


def folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of an IGNORECASE ``pattern`` written in lower case, for folded text."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_UNITS_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

WORD_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS_WORDS)}
WORD_VALUES.update({word: 20 + 10 * i for i, word in enumerate(_TENS_WORDS)})
WORD_VALUES.update({"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000})

_NUMWORD = "(?:" + "|".join(sorted(WORD_VALUES, key=len, reverse=True)) + ")"
# "twenty-three", "a dozen", "two hundred and ten", "three thousand"
_WORDS = rf"(?:(?:an?\s+)?{_NUMWORD}(?:(?:[\s-]+(?:and\s+)?){_NUMWORD})*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_NUMBER = rf"(?:{_DIGITS}|{_WORDS})"

QUALIFIER = (
    r"(?:at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of|more\s+than|well\s+over|"
    r"upwards\s+of|in\s+excess\s+of|over|nearly|almost|close\s+to|up\s+to|as\s+many\s+as|at\s+most|"
    r"fewer\s+than|less\s+than|about|around|some|roughly|approximately|an\s+estimated|estimated)"
)
VAGUE = (
    r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands|several|"
    r"a\s+number\s+of|a\s+handful\s+of|tens(?=\s+of\s)|many|numerous)"
)
# Every FIGURE_RE match holds one of these (a digit, a number word or a vague word): a sentence
# without any is not scanned for figures (one Aho-Corasick test instead of a slow alternation).
FIGURE_KEYS = (*"0123456789", *WORD_VALUES, "scores", "several", "number", "handful", "many", "numerous")

FIGURE_RE = re.compile(
    rf"""
    {WORD_START}(?:
        (?:(?P<qual>{QUALIFIER})\s+)?
        (?:
            (?:between|from)\s+(?P<n1b>{_NUMBER})\s+(?:and|to)\s+(?P<n2b>{_NUMBER})
          | (?P<n1>{_NUMBER})(?:\s*[-–—]\s*(?=\d)|\s+to\s+|\s+or\s+(?=\d))?(?P<n2>(?<=[-–—\s]){_NUMBER})?
            (?P<ormore>\s+or\s+more)?
        )
      | (?P<vague>{VAGUE})
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# What follows a number that makes it a measure, not a head count.
UNITS = re.compile(
    r"""\s*-?\s*(?:
        percent|per\s*cent|%|km|kilomet|mile|metre|meter|feet|foot|kg|tons?\b|tonnes?|
        years?\b|year-old|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|a\.m\.|p\.m\.|am\b|pm\b|
        letters?\b|times\b|times\s|houses?\b|homes?\b|buildings?\b|vehicles?\b|cars?\b|trucks?\b|
        sorties?\b|strikes?\b|airstrikes?\b|air\s+strikes?\b|raids?\b|rockets?\b|missiles?\b|shells?\b|
        bombs?\b|barrels?\b|dollars?\b|euros?\b|million\s+dollars|villages?\b|towns?\b|sites?\b|
        provinces?\b|countries\b|nations\b|resolutions?\b|floors?\b|storey|story\b|-strong|votes?\b|
        birds?\b|sheep\b|tanks?\b|cattle\b|animals?\b|livestock\b|mortars?\b|attacks?\b|incidents?\b|
        of\s+(?:the\s+)?(?:rubble|territory|city|area|land|population)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Victim nouns. Combatant groups are listed apart so that they are never counted as civilians.
CIVILIAN_NOUNS = (
    r"people|persons?|civilians?|children|child|kids|minors|bab(?:y|ies)|infants?|women|woman|men|man|boys?|girls?|"
    r"(?:grand)?sons?|(?:grand)?daughters?|brothers?|sisters?|wife|husband|father|mother|parents|cousins?|"
    r"drivers?|shepherds?|nurses?|journalists?|imams?|teachers?|teenagers?|traders?|passengers?|prisoners?|"
    r"fishermen|deminers?|aid\s+workers?|"
    r"residents|villagers|inhabitants|family\s+members|relatives|members\s+of\s+(?:one|a|the\s+same)\s+family|"
    r"workers|farmers?|students|pupils|patients|doctors|medics|paramedics|rescuers|"
    r"volunteers|worshippers|displaced\s+people|refugees|victims|individuals|others|elderly|"
    r"bodies|corpses|remains|dead|wounded|injured|casualties|fatalities|deaths|injuries|lives"
)
COMBATANT_NOUNS = (
    r"fighters|militants|soldiers|troops|combatants|insurgents|jihadists|gunmen|policemen|"
    r"police\s+officers|servicemen|guards|recruits|militiamen|members\s+of\s+(?:the\s+)?\w+"
)
VICTIM_NP = re.compile(
    rf"""
    (?P<mods>(?:(?:(?-i:[A-Z][\w'.-]*)|\d+-year-old|innocent|unarmed|civilian|local|other|more|young|elderly|
        displaced|pregnant|teenage|alleged|reported|confirmed|possible|likely|extended|
        syrian|iraqi|kurdish|arab|pro-government|government|opposition|rebel|regime|isis|is|sdf)\s+){{0,3}})
    (?P<noun>{CIVILIAN_NOUNS}|{COMBATANT_NOUNS})\b
    (?P<coord>(?:,\s*(?:{CIVILIAN_NOUNS})|,?\s+and\s+(?:{CIVILIAN_NOUNS})){{0,3}})
    """,
    re.IGNORECASE | re.VERBOSE,
)
VICTIM_START = re.compile(rf"\s+(?:{CIVILIAN_NOUNS}|{COMBATANT_NOUNS})\b", re.IGNORECASE)
COMBATANT_RE = re.compile(rf"^(?:{COMBATANT_NOUNS})$", re.IGNORECASE)

_BE = (
    r"(?:(?:were|was|are|is|have|has|had|being|been|reportedly|also|all|later|then|still|now|remain|remained|"
    r"gone|reported|likely|believed|said|thought|feared|may|might|to|have|confirmed|abducted\s+and\s+are)\s+){0,4}"
)
_KILLED_WORDS = (
    r"killed|dead|died|slain|massacred|executed|murdered|perished|lost\s+their\s+lives|lost\s+his\s+life|"
    r"lost\s+her\s+life|burned\s+to\s+death|crushed\s+to\s+death|shot\s+dead|found\s+dead|buried\s+alive|wiped\s+out|"
    r"drowned"
)
_INJURED_WORDS = r"wounded|injured|hurt|maimed|hospitali[sz]ed"
_BODIES_WORDS = r"buried|recovered|found|exhumed|retrieved|pulled|unearthed|discovered|uncovered"

# Outcome stated after the figure and its noun: "54 were killed", "60 civilians dead and injured".
POST_OUTCOME = re.compile(
    rf"""\s*,?\s*{_BE}(?:
        (?P<both>(?:dead|killed)\s+(?:and|or)\s+(?:injured|wounded|maimed)|(?:injured|wounded)\s+(?:and|or)\s+(?:dead|killed))
      | (?P<casualties>casualties)
      | (?P<killed>{_KILLED_WORDS})
      | (?P<injured>{_INJURED_WORDS})
      | (?P<missing>missing|unaccounted\s+for|disappeared|abducted|kidnapped)
      | (?P<bodies>{_BODIES_WORDS})
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Outcome stated before the figure: "killing at least 23", "wounded 12", "the death toll rose to 41".
PRE_OUTCOME = re.compile(
    r"""(?:
        (?P<killed>\b(?:killing|killed|kills|kill|massacring|massacred|slaying|executing|executed|
            claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|took\s+the\s+lives\s+of|
            taking\s+the\s+lives\s+of|wiped\s+out|wiping\s+out|
            (?:toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|people\s+killed))(?:\s+[\w'’-]+){0,6}?
            \s+(?:to|at|of|is|was|reached|hit|passed|exceeded|ranged|varied)|
            estimates?\s+of\s+the\s+dead\s+ranged|
            among\s+the\s+(?:dead|killed|victims)(?:\s+(?:were|was))?|lost|buried|deaths\s+of|death\s+of)
        )
      | (?P<injured>\b(?:injuring|injured|wounding|wounded|injures|wounds|hurting|maiming|treated|
            among\s+the\s+(?:wounded|injured)(?:\s+(?:were|was))?)\b)
      | (?P<bodies>\b(?:bodies\s+of|remains\s+of|corpses\s+of|mass\s+grave\s+(?:containing|holding|with)|
            recovered|recovering|exhumed|retrieved|unearthed)\b)
      | (?P<casualties>\b(?:casualties|casualty\s+(?:figures?|toll|count)|victims)\b)
      | (?P<missing>\b(?:missing|abducting|abducted|kidnapping|kidnapped)\b)
    )[\s,"“”]*(?:(?!(?:with|by|for|after|before|during)\b)(?:a\s+total\s+of|an\s+entire|the|an?|another|other|some|all|entire|whole|nearly|a\s+further|
        at\s+least|more\s+than|over|about|around|up\s+to|family\s+of|families\s+of|[\w'-]+)\s+){0,3}$""",
    re.IGNORECASE | re.VERBOSE,
)

# "left 60 civilians dead": a causative verb whose result word comes after the noun.
LEFT_RE = re.compile(r"\b(?:left|leaving|leave|leaves)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)

# A single victim: "a 10-year-old girl", "the driver", "his grandson" count as one.
SINGLE_NOUNS = (
    "civilian", "man", "woman", "child", "boy", "girl", "baby", "infant", "son", "grandson", "daughter",
    "granddaughter", "brother", "sister", "wife", "husband", "father", "mother", "driver", "shepherd", "farmer",
    "nurse", "journalist", "imam", "teacher", "teenager", "trader", "passenger", "prisoner", "fisherman",
    "deminer", "doctor", "resident", "soldier", "fighter", "policeman", "aid worker",
)  # fmt: skip
SINGLE_RE = re.compile(
    r"""\b(?:an?|the|his|her|their)\s+(?:(?:\d+-year-old|elderly|pregnant|young|old|teenage|local)\s+){0,2}
    (?=(?:"""
    + "|".join(noun.replace(" ", r"\s+") for noun in SINGLE_NOUNS)
    + r""")\b(?!-))""",
    re.IGNORECASE | re.VERBOSE,
)

# Subset cues: "including 14 children", "among them", "of whom", "an entire family of 17".
SUBSET_BEFORE = re.compile(
    r"(?:\b(?:including|includes|included|among\s+them|among\s+whom|of\s+whom|of\s+them|"
    r"amongst\s+them|mostly|mainly|most\s+of\s+them|among\s+the\s+(?:dead|killed|victims|wounded|injured)"
    r"(?:\s+(?:were|was))?)[\s,:]*(?:\w+\s+){0,1}$)",
    re.IGNORECASE,
)
FAMILY_BEFORE = re.compile(r"\b(?:an?\s+)?(?:entire\s+|whole\s+|same\s+)?family\s+of\s*$", re.IGNORECASE)
SUBSET_AFTER = re.compile(
    r"\s*(?:of\s+(?:them|whom|those)|members\s+of\s+(?:one|a|the\s+same)\s+family)\b", re.IGNORECASE
)

# Tallies over long periods or whole cities: never a single incident.
CUMULATIVE_RE = re.compile(
    r"""\b(?:since\s+(?:(?:19|20)\d\d|the\s+(?:start|beginning|outbreak)|january|february|march|april|may|june|
        july|august|september|october|november|december|last\s+year)|so\s+far|to\s+date|in\s+total|altogether|
        over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:week|weeks|month|months|year|years|decade)|
        during\s+the\s+(?:war|siege|battle|offensive|campaign|conflict|occupation)|
        throughout\s+the\s+(?:war|year|month|conflict|campaign)|from\s+the\s+ruins\s+of|mass\s+graves?|
        between\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)
        \s+and\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)|
        (?:this|last)\s+year|cumulative|in\s+the\s+(?:past|last)\s+(?:\d+|\w+)\s+(?:days|weeks|months|years))\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Prefilter: a sentence is worth parsing only if one of these appears near a figure.
OUTCOME_HINT = re.compile(
    r"kill|dead|die|death|slain|massacr|wiped\s+out|lives|wound|injur|hurt|missing|bod(?:y|ies)|grave|buried|"
    r"casualt|toll|victim|perish|execut|corpse|remains|fatalit|abduct|kidnap|drown|unaccounted|maim|lost|"
    r"raised\s+it|revised|the\s+figure",
    re.IGNORECASE,
)

# OUTCOME_HINT as plain words for the one-pass prefilter (an Aho-Corasick automaton over the folded
# text). A word mapped to False only starts a phrase ("wiped out") that OUTCOME_HINT must confirm.
HINT_WORDS: dict[str, bool] = {
    **dict.fromkeys(
        [
            "kill",
            "dead",
            "die",
            "death",
            "slain",
            "massacr",
            "lives",
            "wound",
            "injur",
            "hurt",
            "missing",
            "body",
            "bodies",
            "grave",
            "buried",
            "casualt",
            "toll",
            "victim",
            "perish",
            "execut",
            "corpse",
            "remains",
            "fatalit",
            "abduct",
            "kidnap",
            "drown",
            "unaccounted",
            "maim",
            "lost",
            "revised",
        ],
        True,
    ),
    **dict.fromkeys(("wiped", "raised", "figure"), False),
}

# Folded twins (see ``fold``): the same patterns, for lower-cased text.
FIGURE_FOLDED = folded(FIGURE_RE)
UNITS_FOLDED = folded(UNITS)
VICTIM_START_FOLDED = folded(VICTIM_START)
SINGLE_FOLDED = folded(SINGLE_RE)
CUMULATIVE_FOLDED = folded(CUMULATIVE_RE)
OUTCOME_HINT_FOLDED = folded(OUTCOME_HINT)
PRE_OUTCOME_FOLDED = folded(PRE_OUTCOME)
POST_OUTCOME_FOLDED = folded(POST_OUTCOME)
SUBSET_BEFORE_FOLDED = folded(SUBSET_BEFORE)
SUBSET_AFTER_FOLDED = folded(SUBSET_AFTER)
FAMILY_BEFORE_FOLDED = folded(FAMILY_BEFORE)
LEFT_FOLDED = folded(LEFT_RE)
