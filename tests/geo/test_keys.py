"""The one normalisation: every spelling of a name reaches the same key."""

from __future__ import annotations

import pytest

from harmledger.geo.keys import compact, name_key

SAME = [
    ("al-Sousa", "al-Souseh", "As Sūsah", "السوسة"),
    ("Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "دير الزور"),
    ("Raqqa", "Ar Raqqah", "al-Raqqa", "Rakka"),
    ("Hajin", "Hajīn", "Hajine"),
    ("al-Baghouz Fowqani", "Al Bāghūz Fawqānī", "Baghuz Foqani", "al Baghuz Fouqani"),
    ("Baghuz Tahtani", "Baghouz Tahtani", "Lower Baghouz", "Tahtani Baghuz"),
    ("Upper Baghouz", "Baghouz Fawqani", "al Baghouz al Foqani", "al-Baghuz al-Fouqani"),
    ("Tal Afar", "Tall 'Afar", "Tall ‘Afar"),
    ("Fallujah", "Falluja", "Al Fallujah"),
    ("Mayadin", "Al Mayadeen", "al-Mayadin"),
    ("Al Qa'im", "Al Qaim", "Qaim"),
    ("Sheikh", "Shaykh", "Cheikh"),
    ("Khan", "Han"),
    ("Dhi Qar", "Di Qar"),
    ("Thawrah", "Tawra"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({name_key(s) for s in spellings}) == 1, {s: name_key(s) for s in spellings}


@pytest.mark.parametrize(("a", "b"), [("Homs", "Hamas"), ("Hama", "Homs"), ("Raqqa", "Riqa"), ("Idlib", "Halab")])
def test_different_places_stay_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_articles_and_spacing() -> None:
    assert name_key("Al Bukamal") == name_key("Al-Bukamal") == "bukamal"
    assert compact(name_key("Abu Kamal")) == compact(name_key("Abukamal"))
    assert name_key("Raqqa's") == name_key("Raqqa")


@pytest.mark.parametrize("junk", ["", "   ", "!!!", "—", "1234"])
def test_no_letters_no_key(junk: str) -> None:
    assert name_key(junk) == ""
