"""Reconciling an incident's claims into one record: range, date, place and grade.

The rules (docs/methodology.md gives the reasoning, after Iraq Body Count and Airwars):

* per claimant, its latest figure per outcome counts; unattributed figures count per
  report;
* the killed range is [lowest lower bound, highest figure] across claimants; an upper
  bound is open when the highest figure is itself open ("at least 23");
* subsets ("including 14 children") fill the children and women fields and are never
  added to the total; vague figures never enter a range; nor do figures of combatants
  ("30 Islamic State fighters"), which stay with their claims but are not civilian harm;
* the grade: *conceded* when the belligerent acknowledges, *contested* when claimants
  name different perpetrators or the belligerent denies, *corroborated* when two or more
  independent claimants report it (a relay — ``via`` — is not independent; nor is a
  claim read from a copy of another report, ``Evidence.copy_of``: it counts once, as the
  claim it repeats), else *single source*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from harmledger.extract.patterns import COMBATANT_RE
from harmledger.link.rules import Evidence
from harmledger.models import Claim, PlaceRef

_DATE_RANK = ("day", "on_or_before", "before", "week", "month", "period", "year", "relative_unresolved", "unknown")
_PLACE_RANK = ("place", "near", "district", "governorate", "country", None)


@dataclass(frozen=True, slots=True)
class Range:
    low: int | None
    high: int | None
    open_ended: bool

    def label(self) -> str:
        if self.low is None and self.high is None:
            return "unknown"
        high = f"{self.high}+" if self.open_ended else str(self.high)
        return high if self.low == self.high or self.low is None else f"{self.low}–{high}"


@dataclass(frozen=True, slots=True)
class Summary:
    date: str | None
    date_precision: str
    place: PlaceRef | None
    perpetrator: str | None
    attack: str | None
    killed: Range
    injured: Range
    children_killed: int | None
    women_killed: int | None
    grade: str
    grade_reason: str


def summarise(members: Sequence[Evidence]) -> Summary:
    """One record for an incident from its member claims."""
    claims = [m.claim for m in members]
    roots = [c for c in claims if c.subset_of is None] or claims
    when = min(roots, key=lambda c: _DATE_RANK.index(c.date_precision) if c.date_precision in _DATE_RANK else 99)
    reports = _one_per_report(members)
    grade, reason = _grade([c for c in reports if c.subset_of is None] or reports)
    return Summary(
        date=when.date,
        date_precision=when.date_precision,
        place=_best_place(claims),
        perpetrator=_most_common(c.perpetrator for c in roots),
        attack=_most_common(c.attack for c in roots),
        killed=figure_range(members, "killed"),
        injured=figure_range(members, "injured"),
        children_killed=_subset_figure(claims, "children"),
        women_killed=_subset_figure(claims, "women"),
        grade=grade,
        grade_reason=reason,
    )


def figure_range(members: Sequence[Evidence], outcome: str) -> Range:
    """[lowest lower bound, highest figure] over each claimant's latest figure for ``outcome``."""
    latest: dict[str, Claim] = {}
    for member in sorted(members, key=lambda m: m.order):
        claim = member.claim
        if claim.outcome != outcome or claim.subset_of is not None or claim.qualifier == "vague" or _combatants(claim):
            continue
        latest[claim.claimant or f"unattributed:{member.article}"] = claim
    if not latest:
        return Range(None, None, open_ended=False)
    lows = [c.min if c.min is not None else 0 for c in latest.values()]
    top = max(latest.values(), key=lambda c: (c.max if c.max is not None else c.min or 0, c.max is None))
    high = top.max if top.max is not None else top.min
    return Range(min(lows), high, open_ended=top.max is None)


def _combatants(claim: Claim) -> bool:
    """Fighters, soldiers, militants: kept with their claim, never counted as civilian harm."""
    return bool(claim.victims and COMBATANT_RE.match(claim.victims))


def _subset_figure(claims: Sequence[Claim], victims: str) -> int | None:
    values = [c.max or c.min for c in claims if c.subset_of and c.victims == victims and c.outcome == "killed"]
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _best_place(claims: Sequence[Claim]) -> PlaceRef | None:
    places = [p for c in claims for p in c.places]
    if not places:
        return None
    return min(places, key=lambda p: _PLACE_RANK.index(p.precision) if p.precision in _PLACE_RANK else 99)


def _most_common(values: object) -> str | None:
    counts = Counter(v for v in values if v)  # type: ignore[attr-defined]
    return counts.most_common(1)[0][0] if counts else None


def _one_per_report(members: Sequence[Evidence]) -> list[Claim]:
    """The claims that count as reports: a claim repeated in copies of its article counts once.

    The original claim stands for its copies; when the incident holds only copies of a
    claim (the original linked elsewhere or was rejected), the first of them stands in.
    """
    kept: dict[int, Claim] = {}
    for member in sorted(members, key=lambda m: m.copy_of is not None):
        kept.setdefault(member.id if member.copy_of is None else member.copy_of, member.claim)
    return list(kept.values())


def _grade(claims: Sequence[Claim]) -> tuple[str, str]:
    stances = {c.belligerent_stance for c in claims if c.belligerent_stance}
    perpetrators = sorted({c.perpetrator for c in claims if c.perpetrator})
    sources = sorted({c.via or c.claimant for c in claims if c.claimant})
    if "confirmed" in stances:
        return "conceded", "The belligerent acknowledged the attack."
    if "denied" in stances:
        return "contested", "The named belligerent denied responsibility."
    if len(perpetrators) > 1:
        return "contested", f"Claimants name different perpetrators: {', '.join(perpetrators)}."
    if len(sources) >= 2:
        return "corroborated", f"Reported by {len(sources)} independent claimants: {', '.join(sources)}."
    if sources:
        return "single source", f"Only {sources[0]} gives figures for this incident."
    return "single source", "No claimant is named for the figures of this incident."
