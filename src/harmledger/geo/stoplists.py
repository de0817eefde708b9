"""Words that look like place names and are not, and the words that say a name is a place.

Kept apart from the matcher so that a false positive found in a report is fixed by
adding one word here. Entries are written plainly; the spotter compares their keys.
"""

from __future__ import annotations

import json
from importlib import resources

from harmledger.geo.keys import name_key


def _words(text: str) -> list[str]:
    return text.split()


# Capitalised words that break a run of capitalised words: sentence starters, days,
# months, titles, nationality adjectives. They are never part of a place name.
_BREAK_WORDS = _words("""
the a an in on at of for and but or nor to from by with as it he she they we i you this that these those
there their his her its our my your after before when while where which who whose what why how if then
than though although since until unlike like among amid despite during over under near about against
between into onto upon via per not no yes also only just even still both all any each every some most
many more much such other another one two three four five six seven eight nine ten first second third
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december mr mrs ms dr gen general col colonel maj major lt capt
president minister prime secretary spokesman spokeswoman ambassador envoy commander sheikh sen rep
us usa u.s uk un eu nato isis isil is sdf ypg ypj pkk fsa sohr sana ap afp reuters rt bbc cnn cia dod
syrian iraqi turkish iranian russian american kurdish israeli lebanese jordanian saudi palestinian
arabic english french western eastern islamic democratic
photo top read more source update updated breaking editor note
""")

# Names of organisations, outlets and peoples that share a key with some village.
_NOT_PLACES = _words("""
Sana Qaeda Daesh Daish Nusra Hezbollah Hizbollah Hamas Qasad Tahrir Ahrar Jaysh Jaish Faylaq Liwa
Hashd Kataib Asaib Peshmerga Sputnik Pentagon Kremlin Congress Senate Parliament Coalition Observatory
Reuters Anadolu Rudaw Kurdistan24 Twitter Facebook Telegram Allah God Islam Muslim Christian Sunni Shia
Shiite Alawite Yazidi Druze Kurd Kurds Arab Arabs Turkmen Assyrian Bedouin Euphrates Tigris Khabur Levant
Media Press News Global Research Truth Institute Century Wire Council Forces Army Brigade Division
Bill Ben Paul Jan Maria Ma James Van Whitney Webb Ron Antonio John David Michael Mark Adam Sarah Nadia
Chile China Russia America Britain England France Germany London Washington Moscow Paris Berlin Geneva
Brussels Europe Africa Stalingrad Dresden
""")

# Place names that are ordinary English words or first names: spotted only with a cue
# ("in Hit", "the town of Ma") or in a list with a stronger place.
_WEAK = _words("""
Hit Al As Tal Tell Ma Sana Jordan Van Bill Ben Paul Maria Adam Sarah Nadia Eden Salem Hope Bath Mina
Aden Zion Dan Ash Ain Ayn Bab Ras Deir Dayr Kafr Jisr Abu Umm Bir Tel Sur Har Mar Kiss Lala Dam Camp
Park Centre Center Station Bridge Road Street Square Gate Hill Valley
Mount Lake River Sea Desert Bay Port Farm Village Town City Upper Lower North South East West New Old
Ali Hassan Hussein Mohammed Muhammad Omar Khalid Ahmed Ahmad Mahmoud Mustafa Yusuf Ibrahim Karim Amir
Hamid Rashid Salim Said Sa'id Aziz Jamal Nasser Nasir Tariq Faisal Fatima Layla Zainab Amal Hana Noor
""")

BREAK_KEYS = frozenset(filter(None, (name_key(w) for w in _BREAK_WORDS)))
NOT_PLACE_KEYS = frozenset(filter(None, (name_key(w) for w in _NOT_PLACES)))
WEAK_KEYS = frozenset(filter(None, (name_key(w) for w in _WEAK)))
BREAK_FOLDED = frozenset(_BREAK_WORDS)

# Capitalised words allowed right next to a place name without making it part of a
# person's or an organisation's name ("Eastern Syria", "Raqqa Province").
ADJACENT_OK = frozenset(
    _words("""province governorate district city town village countryside camp region area sub-district subdistrict
    eastern western northern southern northeastern northwestern southeastern southwestern central
    north south east west northeast northwest southeast southwest upper lower rural greater old
    nahiya muhafazat countryside""")
)

# Verbs after a name that make it a speaker, not a place ("Sana reported").
SPEAKER_VERBS = frozenset(
    _words("""said says reported reports told stated announced claimed added confirmed denied quoted cited
    tweeted wrote posted published alleged insisted warned noted""")
)


def _claimant_names() -> tuple[str, ...]:
    """Names of the organisations extract knows as claimants (its lexicon, read in place).

    "Deir Ezzor 24" and "Raqqa is Being Slaughtered Silently" are monitors, not places;
    reading the lexicon keeps this list in step with extract's without a copy.
    """
    try:
        data = json.loads((resources.files("harmledger.extract") / "data" / "claimants.json").read_text("utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):
        return ()
    names: list[str] = []
    for claimant in data.get("claimants", []):
        names.extend([claimant.get("name", ""), *claimant.get("aliases", []), *claimant.get("exact", [])])
    return tuple(n for n in dict.fromkeys(names) if " " in n.strip())


# Multi-word organisation names; a place name inside one is not a place.
ORGANISATIONS = _claimant_names() + tuple(
    line.strip()
    for line in """Deir ez-Zor Military Council
    Raqqa Internal Security Forces
    Manbij Military Council""".splitlines()
)
