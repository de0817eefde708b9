"""From a report's mentions to each claim's places, with the precision and the rule that set it.

For one claim the places are, in order of fallback: the event places named in the
claim's context sentences; else those of its paragraph; else the dateline, when it is
plausibly the event area and not just where the story was filed (:mod:`.dateline`);
else the governorate the report names. Places of origin and destination are never used. A
coarser place is dropped when a finer one inside it is kept ("near Abu Kamal in the
Deir ez-Zor province" gives Abu Kamal only).

A name the gazetteer does not know is kept as written and tied to the best enclosing
area: the district of the nearest resolved place in its paragraph, else within 2,000
characters; else the district most of the report's places fall in (inside the governorate it names, if it names one);
else that governorate; else the country.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections import Counter
from dataclasses import dataclass

from harmledger.geo import anaphora, context, dateline
from harmledger.geo.gazetteer import Gazetteer
from harmledger.geo.records import Mention, Place
from harmledger.geo.resolver import Frame, Resolver
from harmledger.models import Claim, PlaceRef, Precision

_NEARBY_CHARS = 2000
_ORDER: dict[str, int] = {"place": 0, "near": 1, "district": 2, "governorate": 3, "country": 4}
_REF_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(PlaceRef)))  # in __init__'s order


@dataclass(slots=True)
class _Resolved:
    mention: Mention
    place: Place | None


class ArticlePlaces:
    """The mentions of one report, resolved once, from which every claim takes its places."""

    def __init__(self, text: str, mentions: list[Mention], resolver: Resolver) -> None:
        self.text = text
        self.gazetteer: Gazetteer = resolver.gazetteer
        self.frame: Frame = resolver.frame(mentions)
        chosen: dict[tuple[tuple[int, ...], str], Place | None] = {}  # a name repeats; resolve it once
        for m in mentions:
            if (m.ids, m.level) not in chosen:
                chosen[(m.ids, m.level)] = resolver.choose(m, self.frame)
        items = [_Resolved(m, chosen[(m.ids, m.level)]) for m in mentions]
        self._following: dict[int, list[tuple[int, int]]] = {}  # claims share paragraphs
        self._by_span: dict[tuple[int, int], list[PlaceRef]] = {}  # and sentences
        self._referring: dict[int, bool] = {}  # paragraph start → refers back to an earlier event
        self._fallback: list[PlaceRef] | None = None
        self._handed: dict[int, PlaceRef] = {}
        self._areas: dict[int, tuple[Place | None, str]] = {}  # unknown name's start → enclosing area
        self.items = _without_filing_place(items)
        self._event_items = sorted(
            (i for i in self.items if i.mention.role == "event" and i.mention.cue != "dateline"),
            key=lambda i: i.mention.start,
        )
        self._event_starts = [i.mention.start for i in self._event_items]

    def places_for(self, claim: Claim) -> list[PlaceRef]:
        """The claim's places, by the fallback chain of the module docstring (claims share no ref)."""
        span = (
            (claim.context_start, claim.context_end)
            if claim.context_end > claim.context_start
            else (claim.start, claim.end)
        )
        refs = self._by_span.get(span)
        if refs is None:
            refs = self._by_span[span] = self._places(*span)
        return [self._hand_out(ref) for ref in refs]

    def _hand_out(self, ref: PlaceRef) -> PlaceRef:
        """``ref`` itself the first time, a copy after: no two claims share a ref object."""
        if id(ref) not in self._handed:
            self._handed[id(ref)] = ref  # kept alive, so the id cannot be reused
            return ref
        return PlaceRef(*_REF_FIELDS(ref))  # copy.copy goes through __reduce_ex__: 7x slower

    def _places(self, start: int, end: int) -> list[PlaceRef]:
        para_start, para_end = self._paragraph(start, end)
        for low, high, rule in ((start, end, "context"), (para_start, para_end, "paragraph")):
            chosen = self._events(low, high)
            if chosen:
                refs = self._refs(chosen, rule)
                if all(_ORDER.get(r.precision or "", 5) > 0 for r in refs):
                    refs = self._look_ahead(refs, para_end)
                return refs
        earlier = next(
            (c for low, high in anaphora.earlier_paragraphs(self.text, para_start) if (c := self._events(low, high))),
            None,
        )
        if earlier and self._refers_back(para_start, para_end):  # the cheaper test first
            return self._refs(earlier, "earlier paragraph, same event")
        ahead = self._look_ahead([], para_end)
        if ahead:
            return ahead
        if self._fallback is None:  # the same for every claim of the report
            dateline = [i for i in self.items if i.mention.cue == "dateline"]
            self._fallback = self._refs(dateline, "dateline") if dateline else self._governorate_fallback()
        return self._fallback

    def _refers_back(self, para_start: int, para_end: int) -> bool:
        found = self._referring.get(para_start)
        if found is None:
            found = self._referring[para_start] = anaphora.refers_back(self.text[para_start:para_end])
        return found

    def _events(self, low: int, high: int) -> list[_Resolved]:
        """Event mentions (not origins, destinations, actors or the dateline) in ``[low, high)``."""
        starts = self._event_starts
        return self._event_items[bisect.bisect_left(starts, low) : bisect.bisect_left(starts, high)]

    def _look_ahead(self, refs: list[PlaceRef], para_end: int) -> list[PlaceRef]:
        """Coarse places only: add those of next-paragraph sentences that continue the event."""
        spans = self._following.get(para_end)
        if spans is None:  # sentences are read only when the next paragraph names an event place
            has_events = self._events(*anaphora.next_paragraph(self.text, para_end))
            spans = self._following[para_end] = list(anaphora.following(self.text, para_end)) if has_events else []
        chosen = [i for low, high in spans for i in self._events(low, high)]
        if not chosen:
            return refs
        return _drop_covered(_merge(refs, self._refs(chosen, "next paragraph, same event")))

    def _paragraph(self, start: int, end: int) -> tuple[int, int]:
        low = self.text.rfind("\n", 0, start) + 1
        high = self.text.find("\n", end)
        return low, len(self.text) if high < 0 else high

    def _governorate_fallback(self) -> list[PlaceRef]:
        counts = Counter(i.place.id for i in self.items if i.place is not None and i.place.fcode == "ADM1")
        if not counts:
            return []
        item = next(i for i in self.items if i.place is not None and i.place.id == counts.most_common(1)[0][0])
        return [self._ref(item, "article governorate")]

    def _refs(self, chosen: list[_Resolved], rule: str) -> list[PlaceRef]:
        refs: dict[tuple[object, ...], PlaceRef] = {}
        for item in chosen:
            ref = self._ref(item, rule)
            refs.setdefault((ref.geonames_id, ref.resolved) if ref.resolved else (ref.name.lower(),), ref)
        return _drop_covered(list(refs.values()))

    def _ref(self, item: _Resolved, rule: str) -> PlaceRef:
        mention, place = item.mention, item.place
        if place is None:
            return self._unresolved(item, rule)
        precision: Precision = place.level
        if precision == "place" and (mention.cue == "near" or mention.cue in context.AREA_CUES):
            precision = "near"
        cue = f", {mention.cue}" if mention.cue else ""
        return self._filled(mention, place, precision, f"{rule}: gazetteer{cue}", resolved=True)

    def _filled(self, mention: Mention, place: Place, precision: Precision, rule: str, *, resolved: bool) -> PlaceRef:
        admin1, admin2 = self.gazetteer.admin_names(place)
        if place.fcode == "ADM1":
            admin1 = place.name
        return PlaceRef(
            name=mention.text,
            resolved=place.name if resolved else None,
            geonames_id=place.geonames_id if resolved else None,
            lat=place.lat,
            lon=place.lon,
            admin1=admin1,
            admin2=admin2 if precision in ("place", "near", "district") else None,
            country=place.country,
            precision=precision,
            rule=rule,
            start=mention.start,
            end=mention.end,
        )

    def _unresolved(self, item: _Resolved, rule: str) -> PlaceRef:
        """Kept as written, tied to the best enclosing area (module docstring)."""
        mention = item.mention
        found = self._areas.get(mention.start)
        if found is None:  # the area does not depend on the rule: found once per mention
            found = self._areas[mention.start] = self._enclosing(item)
        area, why = found
        if area is None:
            return PlaceRef(
                name=mention.text,
                rule=f"{rule}: not in gazetteer, no enclosing area",
                start=mention.start,
                end=mention.end,
            )
        return self._filled(mention, area, area.level, f"{rule}: not in gazetteer; {why}", resolved=False)

    def _enclosing(self, item: _Resolved) -> tuple[Place | None, str]:
        low, high = self._paragraph(item.mention.start, item.mention.end)
        places = [
            i
            for i in self.items
            if i.place is not None and i.place.level == "place" and i.mention.role == "event" and i.place.admin2
        ]
        for pool, where in (
            (([i for i in places if low <= i.mention.start < high]), "in the same paragraph"),
            ([i for i in places if abs(i.mention.start - item.mention.start) <= _NEARBY_CHARS], "nearby"),
        ):
            if pool:
                nearest = min(pool, key=lambda i: abs(i.mention.start - item.mention.start))
                district = self._district(nearest.place)
                if district is not None:
                    return district, f"district of {nearest.mention.text} {where}"
        district = self._majority_district()
        if district is not None:
            return district, "district of most places in the report"
        for level in ("governorate", "country"):
            named = [i.place for i in self.items if i.place is not None and i.place.level == level]
            if named:
                return Counter(named).most_common(1)[0][0], f"{level} named in the report"
        return None, ""

    def _district(self, place: Place | None) -> Place | None:
        return self.gazetteer.admin2_of(place) if place is not None and place.admin2 else None

    def _majority_district(self) -> Place | None:
        places = [i.place for i in self.items if i.place is not None and i.place.level == "place" and i.place.admin2]
        inside = [p for p in places if (p.country, p.admin1) in self.frame.admin1] or places
        counts = Counter((p.country, p.admin1, p.admin2) for p in inside)
        for (country, admin1, admin2), _ in counts.most_common():
            district = self.gazetteer.admin2_of(
                next(p for p in inside if (p.country, p.admin1, p.admin2) == (country, admin1, admin2))
            )
            if district is not None:
                return district
        return None


def _merge(first: list[PlaceRef], more: list[PlaceRef]) -> list[PlaceRef]:
    """``first`` then the refs of ``more`` that name another place."""
    seen = {(r.geonames_id, r.resolved) if r.resolved else (r.name.lower(),) for r in first}
    return first + [r for r in more if ((r.geonames_id, r.resolved) if r.resolved else (r.name.lower(),)) not in seen]


def _without_filing_place(items: list[_Resolved]) -> list[_Resolved]:
    """Drop dateline mentions that are only where the story was filed (:mod:`.dateline`)."""
    others = [(i.mention, i.place) for i in items if i.mention.cue != "dateline" and i.mention.role == "event"]
    resolved = [i.place for i in items if i.mention.cue == "dateline" and i.place is not None]
    local = [p for p in resolved if p.level != "country"]
    if local and not any(dateline.plausible(p, others) for p in local):
        return [i for i in items if i.mention.cue != "dateline"]
    return items


def _drop_covered(refs: list[PlaceRef]) -> list[PlaceRef]:
    """Drop a governorate or country when a finer place inside it is kept."""
    kept = []
    for ref in refs:
        rank = _ORDER.get(ref.precision or "", 5)
        finer = [o for o in refs if _ORDER.get(o.precision or "", 5) < rank and o.country == ref.country]
        if ref.precision == "governorate":
            finer = [o for o in finer if o.admin1 == ref.admin1]
        if rank >= _ORDER["governorate"] and finer:
            continue
        kept.append(ref)
    return kept
