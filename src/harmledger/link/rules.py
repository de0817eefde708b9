"""When two claims describe the same event: the pairwise rules, each scored and explained.

A pair is compatible only if nothing rules it out (two different places, dates too far
apart for their precision); its score then says how much positively agrees. Claims
whose date could not be resolved join a dated event only on strong agreement: the same
place and one claimant giving the very same figure in both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from harmledger.models import Claim

_DAY_WINDOW = {"day": 1, "on_or_before": 7, "before": 14, "week": 7}
_UNRESOLVED = ("relative_unresolved", "unknown")
THRESHOLD = 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stored claim as the linker sees it: the claim, its article and a stable sort key."""

    id: int
    claim: Claim
    article: str  # the article's content hash: claims of one article share it
    order: str  # content hash + offset: the same for the same claim on every run


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reason: str


def place_keys(claim: Claim) -> set[str]:
    """Comparable keys for the places of a claim: gazetteer ids, else the written name folded."""
    keys: set[str] = set()
    for place in claim.places:
        if place.geonames_id is not None and place.precision == "place":
            keys.add(f"gn:{place.geonames_id}")
        else:
            keys.add(f"name:{fold(place.name)}")
    return keys


def districts(claim: Claim) -> set[str]:
    return {f"{p.country}:{p.admin1}:{p.admin2}" for p in claim.places if p.admin2}


def fold(name: str) -> str:
    """A written place name reduced to letters, for comparing spellings the gazetteer does not know."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^(?:al|el|as|ash|ad|ar|az|at|an)[-\s]+", "", plain)
    return re.sub(r"[^a-z]", "", plain)


def _parse_day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def compare(a: Evidence, b: Evidence) -> Match | None:
    """How well two claims agree on being one event, or None if they cannot be."""
    place = _place(a.claim, b.claim)
    if place is None:
        return None
    same_article = a.article == b.article
    if a.claim.date_precision in _UNRESOLVED or b.claim.date_precision in _UNRESOLVED:
        if not (place[0] >= 1.0 and (same_article or _same_figure_same_claimant(a.claim, b.claim))):
            return None
        when: tuple[float, str] | None = (0.0, "date unresolved, same place and figures")
    else:
        when = _date(a.claim, b.claim)
    if when is None or (place[0] < 1.0 and when[0] < 1.0):
        return None  # a district-level match needs the dates to agree to the day
    score = place[0] + when[0] + _attacker(a.claim, b.claim) + (0.5 if same_article else 0.0)
    reasons = [place[1], when[1]] + (["same report"] if same_article else [])
    return Match(score, "; ".join(reasons))


def _place(a: Claim, b: Claim) -> tuple[float, str] | None:
    if not a.places or not b.places:
        return (0.0, "place unknown") if not a.places and not b.places else (0.25, "one place unknown")
    if place_keys(a) & place_keys(b):
        return 1.0, "same place"
    if districts(a) & districts(b) and (_coarse(a) or _coarse(b)):
        return 0.5, "same district"
    return None


def _coarse(claim: Claim) -> bool:
    """Only areas are named ("in Deir ez-Zor province"), no village the gazetteer lacks."""
    return all(p.resolved is not None and p.precision in ("district", "governorate", "country") for p in claim.places)


def can_found(claim: Claim) -> bool:
    """Whether a claim may start an incident or tally of its own.

    A vague figure ("scores of civilians") with no day and no place finer than a
    country joins an incident it matches but is too unspecific to be one.
    """
    if claim.qualifier != "vague":
        return True
    specific_place = any(p.precision in ("place", "near", "district") for p in claim.places)
    return specific_place and claim.date_precision == "day"


def _date(a: Claim, b: Claim) -> tuple[float, str] | None:
    day_a, day_b = _parse_day(a.date), _parse_day(b.date)
    if day_a and day_b:
        window = max(_DAY_WINDOW.get(a.date_precision, 0), _DAY_WINDOW.get(b.date_precision, 0))
        gap = abs((day_a - day_b).days)
        if gap > window:
            return None
        return (1.0 if gap <= 1 else 0.5), f"dates {gap} day(s) apart"
    if a.date and b.date and (a.date[:7] == b.date[:7]):
        return 0.5, "same month"
    return None


def _attacker(a: Claim, b: Claim) -> float:
    if a.perpetrator and b.perpetrator and a.perpetrator != b.perpetrator:
        return -0.25
    return 0.25 if a.attack and a.attack == b.attack else 0.0


def _same_figure_same_claimant(a: Claim, b: Claim) -> bool:
    return bool(a.claimant) and a.claimant == b.claimant and (a.min, a.max) == (b.min, b.max)
