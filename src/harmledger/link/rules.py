"""When two claims describe the same event: the pairwise rules, each scored and explained.

A pair is compatible only if nothing rules it out (two different places, dates too far
apart for their precision); its score then says how much positively agrees. Claims
whose date could not be resolved join another only on strong agreement: the same place
and either one claimant giving the very same figure in both or the same named attacker
and attack type. A claim with no place at all
links only with claims of its own report: a day and an attack type are not enough to tie
a report to one of the many strikes of that day.

:class:`Evidence` carries what the rules need precomputed (place keys, districts, day
number, coordinates) because the linker compares each claim with many candidates.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from harmledger.models import Claim, PlaceRef

DAY_WINDOW = {"day": 1, "on_or_before": 7, "before": 14, "week": 7}
MAX_WINDOW = max(DAY_WINDOW.values())
UNRESOLVED = ("relative_unresolved", "unknown")
THRESHOLD = 1.0
# How far apart two named places may be and still be one event, by the precision of the vaguer one:
# "near Abu Kamal" covers the villages around it; two villages the gazetteer tells apart are two places.
NEAR_KM = 10.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stored claim as the linker sees it: the claim, its article, a stable sort key and precomputed facts."""

    id: int
    claim: Claim
    article: str  # the article's content hash: claims of one article share it
    order: str  # content hash + offset: the same for the same claim on every run
    places: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    coords: tuple[tuple[float, float], ...] = ()
    near: bool = False
    coarse: bool = False
    day: int | None = None
    copy_of: int | None = None  # the claim this one repeats when read from copied text (issue 9): not corroboration

    @classmethod
    def of(cls, id: int, claim: Claim, article: str, order: str) -> Evidence:
        """Evidence for ``claim`` with its comparison facts computed once (once for each distinct set of places)."""
        places, districts, coords, near, coarse = _place_facts(tuple(_place_fields(p) for p in claim.places))
        return cls(
            id=id,
            claim=claim,
            article=article,
            order=order,
            places=places,
            districts=districts,
            coords=coords,
            near=near,
            coarse=coarse,
            day=_parse_day(claim.date),
        )


Place = tuple[str, str | None, int | None, float | None, float | None, str | None, str | None, str | None, str | None]
"""What :func:`_place_facts` reads of a place: name, resolved name, GeoNames id, lat, lon, country, admin1,
admin2 and precision."""
PlaceFacts = tuple[frozenset[str], frozenset[str], tuple[tuple[float, float], ...], bool, bool]


def _place_fields(p: PlaceRef) -> Place:
    return (p.name, p.resolved, p.geonames_id, p.lat, p.lon, p.country, p.admin1, p.admin2, p.precision)


@functools.lru_cache(maxsize=1 << 14)
def _place_facts(places: tuple[Place, ...]) -> PlaceFacts:
    """The comparison facts of a claim's places: keys, districts, coordinates, whether "near", whether coarse.

    Cached by the places' fields and so shared between claims: a million claims name a few
    thousand places between them, and computing the facts was a third of reading a claim back.
    """
    keys = frozenset(
        f"gn:{geonames_id}" if geonames_id is not None and precision == "place" else f"name:{fold(name)}"
        for name, _, geonames_id, *_, precision in places
    )
    districts = frozenset(f"{country}:{admin1}:{admin2}" for *_, country, admin1, admin2, _ in places if admin2)
    coords = tuple((lat, lon) for _, _, _, lat, lon, *_ in places if lat is not None and lon is not None)
    near = any(place[-1] == "near" for place in places)
    coarse = bool(places) and all(
        resolved is not None and precision in ("district", "governorate", "country")
        for _, resolved, *_, precision in places
    )
    return keys, districts, coords, near, coarse


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reason: str


@functools.lru_cache(maxsize=1 << 14)
def fold(name: str) -> str:
    """A written place name reduced to letters, for comparing spellings the gazetteer does not know."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^(?:al|el|as|ash|ad|ar|az|at|an)[-\s]+", "", plain)
    return re.sub(r"[^a-z]", "", plain)


def _parse_day(value: str | None) -> int | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def compare(a: Evidence, b: Evidence) -> Match | None:
    """How well two claims agree on being one event, or None if they cannot be."""
    same_article = a.article == b.article
    place = _place(a, b, same_article)
    if place is None:
        return None
    if a.claim.date_precision in UNRESOLVED or b.claim.date_precision in UNRESOLVED:
        strong = _strong_agreement(a.claim, b.claim, same_article)
        if place[0] < 1.0 or strong is None:
            return None
        when: tuple[float, str] | None = (0.0, f"date unresolved, same place and {strong}")
    else:
        when = _date(a, b)
    if when is None or (place[0] < 1.0 and when[0] < 1.0):
        return None  # a match short of the same place needs the dates to agree to the day
    score = place[0] + when[0] + _attacker(a.claim, b.claim) + (0.5 if same_article else 0.0)
    reasons = [place[1], when[1]] + (["same report"] if same_article else [])
    return Match(score, "; ".join(reasons))


def _place(a: Evidence, b: Evidence, same_article: bool) -> tuple[float, str] | None:
    if not a.places or not b.places:
        if not same_article:
            return None
        return (0.0, "place unknown") if not a.places and not b.places else (0.25, "one place unknown")
    if a.places & b.places:
        return 1.0, "same place"
    if a.districts & b.districts and (a.coarse or b.coarse):
        return 0.5, "same district"
    if a.near or b.near:
        km = min((distance_km(p, q) for p in a.coords for q in b.coords), default=math.inf)
        if km <= NEAR_KM:
            return 0.5, f"{km:.0f} km apart, one place given as near"
    return None


def distance_km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Great-circle distance; an equirectangular approximation is exact enough under 50 km."""
    mean_lat = math.radians((p[0] + q[0]) / 2)
    dx = math.radians(q[1] - p[1]) * math.cos(mean_lat)
    dy = math.radians(q[0] - p[0])
    return 6371.0 * math.hypot(dx, dy)


def can_found(claim: Claim) -> bool:
    """Whether a claim may start an incident or tally of its own.

    A vague figure ("scores of civilians") with no day and no place finer than a
    country joins an incident it matches but is too unspecific to be one.
    """
    if claim.qualifier != "vague":
        return True
    specific_place = any(p.precision in ("place", "near", "district") for p in claim.places)
    return specific_place and claim.date_precision == "day"


def _date(a: Evidence, b: Evidence) -> tuple[float, str] | None:
    if a.day is not None and b.day is not None:
        window = max(DAY_WINDOW.get(a.claim.date_precision, 0), DAY_WINDOW.get(b.claim.date_precision, 0))
        gap = abs(a.day - b.day)
        if gap > window:
            return None
        return (1.0 if gap <= 1 else 0.5), f"dates {gap} day(s) apart"
    if a.claim.date and b.claim.date and (a.claim.date[:7] == b.claim.date[:7]):
        return 0.5, "same month"
    return None


def _attacker(a: Claim, b: Claim) -> float:
    if a.perpetrator and b.perpetrator and a.perpetrator != b.perpetrator:
        return -0.25
    return 0.25 if a.attack and a.attack == b.attack else 0.0


def _strong_agreement(a: Claim, b: Claim, same_article: bool) -> str | None:
    """What, besides the place, ties a claim with an unresolved date to another: None if nothing does."""
    if same_article:
        return "report"
    if a.claimant and a.claimant == b.claimant and (a.min, a.max) == (b.min, b.max):
        return "claimant's figure"
    if a.perpetrator and a.perpetrator == b.perpetrator and a.attack and a.attack == b.attack:
        return "attacker and attack"
    return None
