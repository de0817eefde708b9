"""Transliteration-aware keys: one normalisation for every spelling of an Arabic place name.

The same village reaches us as "al-Sousa", "al-Souseh", "As Sūsah" and "السوسة". Each
name is cut into tokens and every token is reduced to a key on which English, French
and scholarly romanisations (and Arabic script) agree. The rules, in the order applied
(docs/geo.md lists them with examples):

1. fold: Unicode decomposition, accents dropped, lower case; Arabic and Persian letters
   transliterated (``ش`` → ``sh``, ``ة`` → ``a``; ``و``/``ي`` become vowels between
   consonants); ayn, hamza and apostrophes removed.
2. articles: ``al el as ash ad ar az at an ...`` dropped as separate tokens (including
   sun-letter assimilation such as ``ez-Zor``, ``as-Sousa``) and as an assimilated
   prefix inside a later token (``Ezzor``); the Arabic ``ال`` with its clitics.
3. endings: ta marbuta ``-ah``/``-eh`` → ``a``; French mute ``-e`` dropped (``Hajine``).
4. consonants: ``kh`` → ``h``, ``gh``/``g``/``q``/``c`` → ``k``, ``dh`` → ``d``,
   ``th`` → ``t``, ``ch``/``sch`` → ``sh``, ``dj`` → ``j``, ``ph`` → ``f``.
5. vowels: ``ou``/``oo``/``o``/``aw``/``au`` → ``u``; ``ee``/``ei``/``ey``/``ay``/``ai``
   → ``i``; ``e`` → ``a``; ``y`` between consonants → ``i``.
6. doubled letters collapse (``Raqqa`` = ``Raqa``), and the upper/lower qualifiers
   (``Fawqani``/``Fowqani``/``Foqani``/``Upper``, ``Tahtani``/``Lower``) share one key,
   placed last whatever the word order ("Upper Baghouz" = "Baghouz Fawqani").

A name's key is its token keys joined by single spaces; :func:`compact` removes the
spaces so that "Abu Kamal" and "Abukamal" meet. Keys are precomputed at build time and
stored with the gazetteer, tagged with :data:`KEY_VERSION`; changing any rule here must
bump it (a test rebuilds the shipped keys and compares).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KEY_VERSION = 2

# Separate article tokens, as written in Latin romanisations (after folding).
ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "l",
        "as",
        "es",
        "ash",
        "esh",
        "ech",
        "ach",
        "ad",
        "ed",
        "adh",
        "ar",
        "er",
        "az",
        "ez",
        "at",
        "et",
        "ath",
        "an",
        "en",
    ]
)
# Articles that are also English words: dropped inside a name, but in running text
# only when glued to the name by a hyphen or apostrophe ("as-Sousa", "At-Tanf").
ENGLISH_ARTICLES = frozenset({"as", "at", "an", "ad", "en", "et", "es", "l"})

_MARKS = str.maketrans("", "", "'’ʼʿʾ‘`´ʻ′\u02bc\u0621")
_SPECIAL = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})

# Arabic, Persian and Kurdish letters; w and y are decided by position later.
_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ى": "a",
    "ة": "a",
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "h",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "k",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ە": "a",
    "و": "W",
    "ۆ": "u",
    "ؤ": "u",
    "ي": "Y",
    "ی": "Y",
    "ێ": "i",
    "ئ": "i",
    "پ": "p",
    "چ": "sh",
    "ژ": "z",
    "گ": "k",
    "ڤ": "v",
    "ڕ": "r",
    "ڵ": "l",
    "ء": "",
}
_ARABIC_TABLE = str.maketrans(_ARABIC)
_ARABIC_CHARS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_CLITIC = re.compile(r"^(?:[وفبكل]?ال|لل)(?=..)")
_ARABIC_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")

_VOWEL = "aeiou"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        # 3. endings (before consonant rules, so "kh"/"sh" endings are left alone)
        (r"(?<=[a-z])[ae]h$", "a"),
        (r"(?<=[a-z])ih$", "i"),
        (r"(?<=[a-z])uh$", "u"),
        (r"(?<=[^aeiouy])e$", ""),
        # 4. consonants
        (r"s?tch|sch|ch", "sh"),
        (r"dj|dsch", "j"),
        (r"kh", "h"),
        (r"ph", "f"),
        (r"(?<!s)th", "t"),
        (r"dh", "d"),
        (r"gh|ck|[qgc]", "k"),
        # 5. vowels
        (r"[ao]u|ow|aw(?![aeiouy])", "u"),
        (r"oo|o", "u"),
        (r"ee|[ae][iy](?![aeiou])|ie", "i"),
        (r"iy(?=[aeiou])", "i"),
        (r"uw(?=[aeiou])", "w"),
        (r"e", "a"),
        (r"(?<=[^aeiou])y(?=[^aeiou]|$)", "i"),
        # 6. doubled letters
        (r"([a-z])\1+", r"\1"),
    )
)
_ASSIMILATED = re.compile(r"^[ae]([tdrzsn])\1(?=[aeiouy])")
_NON_ALPHA = re.compile(r"[^a-z]")
_QUALIFIERS = {"fukani": "fukani", "upar": "fukani", "tahtani": "tahtani", "luar": "tahtani"}
_POSSESSIVE = re.compile(r"['’]s$")

TOKEN_SPLIT = re.compile(r"[\s\-‐‑‒–—/,.;:()\[\]\"“”«»_+]+")


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Lower-case ASCII letters for one token; Arabic script is transliterated first."""
    if _ARABIC_CHARS.search(token):
        return _fold_arabic(token)
    text = _POSSESSIVE.sub("", token)
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALPHA.sub("", text.lower().translate(_MARKS))


def _fold_arabic(token: str) -> str:
    """Transliterate one Arabic-script word, dropping the article and its clitics."""
    word = _ARABIC_DIACRITICS.sub("", token)
    word = _ARABIC_CLITIC.sub("", word)
    latin = word.translate(_ARABIC_TABLE)
    # Waw and yeh: vowels between consonants or at the end, consonants elsewhere.
    out: list[str] = []
    for i, ch in enumerate(latin):
        if ch in "WY":
            prev = latin[i - 1] if i else ""
            vowel_here = bool(prev) and prev not in _VOWEL and prev not in "WY"
            out.append(("u" if ch == "W" else "i") if vowel_here else ("w" if ch == "W" else "y"))
        else:
            out.append(ch)
    return _NON_ALPHA.sub("", "".join(out))


@lru_cache(maxsize=65536)
def token_key(token: str, *, inner: bool = False) -> str:
    """The key of one token; "" for an article. ``inner``: not the first token of a name."""
    folded = fold(token)
    if not folded:
        return ""
    if inner:
        folded = _ASSIMILATED.sub(r"\1\1", folded)
    for pattern, repl in _RULES:
        folded = pattern.sub(repl, folded)
    return _QUALIFIERS.get(folded, folded)


def is_article(token: str) -> bool:
    """True for a stand-alone article token in a name ("al", "Ash", "ez")."""
    return fold(token) in ARTICLES


def name_key(name: str) -> str:
    """The key of a whole name: its token keys, articles dropped, joined by spaces."""
    tokens = [t for t in TOKEN_SPLIT.split(name) if t]
    if _ARABIC_CHARS.search(name):
        keys = [token_key(t, inner=i > 0) for i, t in enumerate(tokens)]
    else:
        content = [t for t in tokens if not is_article(t)] or tokens
        keys = [token_key(t, inner=i > 0) for i, t in enumerate(content)]
    return " ".join(qualifier_last([k for k in keys if k]))


QUALIFIER_KEYS = frozenset(_QUALIFIERS.values())


def qualifier_last(keys: list[str]) -> list[str]:
    """ "Upper Baghouz" and "Baghouz Fawqani" share a key: a leading upper/lower qualifier goes last."""
    if len(keys) > 1 and keys[0] in QUALIFIER_KEYS:
        return [*keys[1:], keys[0]]
    return keys


def compact(key: str) -> str:
    """The key without spaces: "abu kamal" and "abukamal" compare equal."""
    return key.replace(" ", "")


def skeleton(key: str) -> str:
    """Consonants only: how an unvowelled Arabic spelling is compared with a Latin one."""
    return re.sub(r"[aeiou ]", "", key)


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic-script letters."""
    return _ARABIC_CHARS.search(text) is not None
