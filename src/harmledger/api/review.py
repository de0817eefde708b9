"""Review actions as ledger decisions: what the workbench's forms and ``POST /api/v1/decisions`` both call.

Every action is one or two :meth:`Ledger.record_decision` calls, so each is audited (who,
when, before, after) and survives relinking and ``harmledger reprocess``:

=======  ==============  =====================================================================
action   target          value
=======  ==============  =====================================================================
reject   claim key       ``{"incident_then": KEY}`` (an accept in force is withdrawn first)
accept   claim key       ``{"incident_then": KEY}`` (a rejection in force is withdrawn first)
move     claim key       ``{"incident": KEY}``
merge    incident key    ``{"into": KEY}``
split    incident key    ``{"claims": [claim keys]}``, added to any split in force
correct  incident key    fields, laid over the corrections in force; ``{"geonames_id": ID}``
                         alone fills place, coordinates and governorate from the gazetteer
note     incident key    ``{}``: a decision that changes nothing, its note the text
detach   article hash    ``{}``: the article leaves its copy group, its claims count as its own
=======  ==============  =====================================================================

An undo records the decision's previous value for its ``(kind, target)`` (None when there
was none), which is what the ledger's newest-wins rule needs to restore the state before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from harmledger.errors import HarmledgerError, NotFoundError
from harmledger.geo import default_geocoder
from harmledger.ledger import Ledger, copies, queries
from harmledger.ledger.decisions import CORRECTABLE
from harmledger.ledger.tables import DecisionRow
from harmledger.ledger.users import User

ACTIONS = ("reject", "accept", "move", "merge", "split", "correct", "note", "detach")
CLAIM_ACTIONS = frozenset({"reject", "accept", "move"})
COUNTS = ("killed_min", "killed_max", "injured_min", "injured_max", "children_killed", "women_killed")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


class ReviewError(HarmledgerError):
    """An action the ledger cannot take as sent; the message says what to send instead."""

    code = "E606"


@dataclass(frozen=True, slots=True)
class Done:
    """What an action recorded, and the incident to show next (None when none is left)."""

    decisions: list[int]
    incident: str | None


def perform(
    ledger: Ledger, user: User, action: str, target: str, value: Mapping[str, Any], *, note: str | None = None
) -> Done:
    """Take ``action`` on ``target`` as ``user``; raises :class:`ReviewError` or NotFoundError on bad input."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}: use one of {', '.join(ACTIONS)}")
    note = (note or "").strip() or None
    with ledger.session() as session:
        steps, near = _plan(session, action, target.strip(), dict(value), note)
    ids = [_record(ledger, user, kind, key, val, note=note) for kind, key, val in steps]
    with ledger.session() as session:
        return Done(ids, _where(session, near))


def undo(ledger: Ledger, user: User, decision_id: int, *, note: str | None = None) -> Done:
    """Restore what decision ``decision_id`` replaced, by recording that value again."""
    with ledger.session() as session:
        row = session.get(DecisionRow, decision_id)
        if row is None:
            raise NotFoundError(f"no decision {decision_id}: see an incident's history for the ones you can undo")
        newest = queries.decision_in_force(session, row.kind, row.target)
        if newest is not None and newest.id != row.id:
            raise ReviewError(f"decision {decision_id} was replaced by decision {newest.id}: undo that one first")
        entries = queries.history(session, row.target, [row.target])
        before = next((e.before for e in entries if e.decision.id == row.id), None)
        near = _near(session, row.kind, row.target, row.value)
    text = f"undo of decision {decision_id}" + (f": {note.strip()}" if note and note.strip() else "")
    new_id = _record(ledger, user, row.kind, row.target, before, note=text)
    with ledger.session() as session:
        return Done([new_id], _where(session, near))


def _record(
    ledger: Ledger, user: User, kind: str, target: str, value: dict[str, Any] | None, *, note: str | None
) -> int:
    ledger.record_decision(kind, target, value, actor=user.name, note=note)
    with ledger.session() as session:
        row = queries.decision_in_force(session, kind, target)
        assert row is not None
        return row.id


Step = tuple[str, str, dict[str, Any] | None]


def _plan(
    session: Session, action: str, target: str, value: dict[str, Any], note: str | None
) -> tuple[list[Step], list[str]]:
    """The decisions to record, and keys (incident first, then claims) to find the incident to show next."""
    if action in CLAIM_ACTIONS:
        claim = queries.claim(session, target)
        if claim is None:
            raise NotFoundError(f"no claim {target!r}: claim keys are <article hash>:<start>:<end>")
        home = claim.link.incident.key if claim.link and claim.link.incident else None
        steps = _claim_steps(session, action, target, value, home)
        moved_to = [str(v["incident"]) for kind, _, v in steps if kind == "move" and v]
        return steps, [*moved_to, *([home] if home else []), target]
    if action == "detach":
        return [("detach", target, {})], copies.claim_keys_of_copy(session, target)
    incident = queries.incident(session, target)
    if incident is None:
        raise NotFoundError(f"no incident {target!r}: list them at /api/v1/incidents")
    claims = [queries.claim_key_of(link.claim) for link in incident.links]
    if action == "merge":
        into = _other_incident(session, value, "into", target)
        return [("merge", target, {"into": into})], [into, *claims]
    if action == "split":
        return [("split", target, _split(session, target, value, set(claims)))], [target, *claims]
    if action == "note":
        if not note:
            raise ReviewError("a note needs some text")
        return [("note", target, {})], [target, *claims]
    current = queries.decision_in_force(session, "correct", target)
    fields = dict(current.value or {}) if current is not None else {}
    return [("correct", target, {**fields, **corrections(value)})], [target, *claims]


def _claim_steps(session: Session, action: str, target: str, value: dict[str, Any], home: str | None) -> list[Step]:
    if action == "move":
        return [("move", target, {"incident": _other_incident(session, value, "incident", None)})]
    opposite = "accept" if action == "reject" else "reject"
    steps: list[Step] = []
    in_force = queries.decision_in_force(session, opposite, target)
    if in_force is not None and in_force.value is not None:
        steps.append((opposite, target, None))
    # The incident it was in, for that incident's history (the ledger reads no field of these values).
    return [*steps, (action, target, {"incident_then": home} if home else {})]


def _other_incident(session: Session, value: dict[str, Any], field: str, not_this: str | None) -> str:
    key = str(value.get(field) or "").strip()
    if not key:
        raise ReviewError(f"say which incident: send {{{field!r}: INCIDENT KEY}}")
    if key == not_this:
        raise ReviewError(f"cannot merge incident {key} into itself: name another incident")
    if queries.incident(session, key) is None:
        raise NotFoundError(f"no incident {key!r}: copy the key from the incident's page or /api/v1/incidents")
    return key


def _split(session: Session, target: str, value: dict[str, Any], members: set[str]) -> dict[str, Any]:
    chosen = value.get("claims")
    wanted = [str(k) for k in chosen] if isinstance(chosen, list) else []
    if not wanted:
        raise ReviewError("pick the claims to split off into a new incident")
    strangers = [k for k in wanted if k not in members]
    if strangers:
        raise ReviewError(f"claims {', '.join(strangers)} are not in incident {target}: split only its own claims")
    if set(wanted) >= members:
        raise ReviewError("leave at least one claim behind: splitting off every claim changes nothing")
    current = queries.decision_in_force(session, "split", target)
    listed = (current.value or {}).get("claims") if current is not None else None
    earlier = [str(k) for k in listed] if isinstance(listed, list) else []
    return {"claims": sorted({*earlier, *wanted})}


def corrections(value: Mapping[str, Any]) -> dict[str, Any]:
    """Checked correction fields: counts whole and ordered, dates ISO, a gazetteer id filled in."""
    unknown = set(value) - CORRECTABLE
    if unknown:
        fields = ", ".join(sorted(CORRECTABLE))
        raise ReviewError(f"cannot correct {', '.join(sorted(unknown))}: correctable are {fields}")
    if not value:
        raise ReviewError("nothing to correct: fill in at least one field")
    out = _checked_counts(dict(value))
    if "date" in out and (not isinstance(out["date"], str) or not _DATE.match(out["date"])):
        raise ReviewError(f"date {out['date']!r}: write it as YYYY-MM-DD, YYYY-MM, YYYY or a period FIRST/LAST")
    return _checked_place(out)


def _checked_counts(out: dict[str, Any]) -> dict[str, Any]:
    for name in COUNTS:
        if name in out and out[name] is not None:
            out[name] = _count(name, out[name])
    for low, high in (("killed_min", "killed_max"), ("injured_min", "injured_max")):
        if out.get(low) is not None and out.get(high) is not None and out[low] > out[high]:
            raise ReviewError(f"{low} {out[low]} is above {high} {out[high]}: swap them")
    return out


def _checked_place(out: dict[str, Any]) -> dict[str, Any]:
    if "geonames_id" in out and "lat" not in out:
        out |= gazetteer_place(_count("geonames_id", out["geonames_id"]))
    if ("lat" in out) != ("lon" in out):
        raise ReviewError("give both lat and lon, or neither")
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        if name in out:
            out[name] = _coordinate(name, out[name], limit)
    if "place" in out and "geonames_id" not in out:  # a place the gazetteer lacks: no GeoNames entry
        out |= {"geonames_id": None, "precision": out.get("precision") or "place"}
    if out.get("country") is not None and not re.fullmatch(r"[A-Za-z]{2}", str(out["country"])):
        raise ReviewError(f"country {out['country']!r}: write the two-letter ISO code, e.g. SY")
    if out.get("country"):
        out["country"] = str(out["country"]).upper()
    return out


def gazetteer_place(geonames_id: int) -> dict[str, Any]:
    """Place, coordinates, governorate, country and precision of a gazetteer entry, as correction fields."""
    gazetteer = default_geocoder().gazetteer
    try:
        place = gazetteer.get(geonames_id)
    except KeyError:
        raise ReviewError(f"no gazetteer entry {geonames_id}: look the name up first") from None
    admin1, _ = gazetteer.admin_names(place)
    return {
        "place": place.name,
        "geonames_id": geonames_id,
        "lat": place.lat,
        "lon": place.lon,
        "admin1": admin1,
        "country": place.country,
        "precision": place.level,
    }


def _count(name: str, raw: Any) -> int:
    text = str(raw).strip().replace(",", "")
    if isinstance(raw, bool) or not text.isdigit():
        raise ReviewError(f"{name}={raw!r} is not a whole number")
    return int(text)


def _coordinate(name: str, raw: Any, limit: float) -> float:
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise ReviewError(f"{name}={raw!r} is not a number of degrees") from None
    if not -limit <= number <= limit:
        raise ReviewError(f"{name}={number} is outside ±{limit:g} degrees")
    return number


def _near(session: Session, kind: str, target: str, value: dict[str, Any] | None) -> list[str]:
    keys = [target, *(str(value[k]) for k in ("incident", "into") if value and k in value)]
    if kind in CLAIM_ACTIONS:
        claim = queries.claim(session, target)
        if claim is not None and claim.link is not None and claim.link.incident is not None:
            keys.insert(0, claim.link.incident.key)
    return keys


def _where(session: Session, keys: list[str]) -> str | None:
    """The first of ``keys`` that is an incident now, else the incident holding the first claim key that is linked."""
    for key in keys:
        if ":" not in key and queries.incident(session, key) is not None:
            return key
    return queries.incident_of(session, [k for k in keys if ":" in k])


__all__ = ["ACTIONS", "Done", "ReviewError", "corrections", "gazetteer_place", "perform", "undo"]
