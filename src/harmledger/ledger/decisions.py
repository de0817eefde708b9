"""Analysts' decisions as overrides: validated, stored, and laid over every relink.

The linker recomputes incidents from claims, and reprocessing re-extracts claims, so a
decision cannot be an edit of a row: it is a standing instruction keyed by something
that survives both — a claim's ``<content hash>:<start>:<end>``, an incident's key. After
each relink the newest decision of each ``(kind, target)`` is applied, in this order:

========  ============  ==========================================================
kind      target        value
========  ============  ==========================================================
reject    claim key     ``{}`` — the claim is left out of every incident
accept    claim key     ``{}`` — recorded as checked; withdraws a rejection
move      claim key     ``{"incident": KEY}`` — the claim joins incident KEY
merge     incident key  ``{"into": KEY}`` — every claim joins incident KEY
split     incident key  ``{"claims": [claim keys]}`` — those claims form a new incident
correct   incident key  corrected fields (date, place, figures, perpetrator, grade…)
========  ============  ==========================================================

A ``value`` of ``None`` withdraws the decision. Incident keys are the keys the linker
gives (see :class:`~harmledger.link.Group`); a split-off incident is keyed by its claims.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmledger.errors import LedgerError
from harmledger.ledger.tables import DecisionRow
from harmledger.link import Evidence, Group

CLAIM_KINDS = ("reject", "accept", "move")
INCIDENT_KINDS = ("merge", "split", "correct")
GRADES = ("single source", "corroborated", "contested", "conceded")
CORRECTABLE = frozenset(
    {
        "date",
        "date_precision",
        "place",
        "geonames_id",
        "lat",
        "lon",
        "admin1",
        "country",
        "precision",
        "perpetrator",
        "attack",
        "killed_min",
        "killed_max",
        "killed_max_open",
        "injured_min",
        "injured_max",
        "children_killed",
        "women_killed",
        "grade",
        "grade_reason",
    }
)


class DecisionError(LedgerError):
    code = "E502"


def validate(kind: str, value: dict[str, Any] | None) -> None:
    """Refuse a decision the relink could not apply, with what to send instead."""
    if kind not in CLAIM_KINDS + INCIDENT_KINDS:
        raise DecisionError(f"unknown decision {kind!r}: use one of {', '.join(CLAIM_KINDS + INCIDENT_KINDS)}")
    if value is None:
        return
    needed = {"move": "incident", "merge": "into", "split": "claims"}.get(kind)
    if needed and needed not in value:
        raise DecisionError(f"a {kind} decision needs {{{needed!r}: ...}} in its value")
    if kind == "correct":
        unknown = set(value) - CORRECTABLE
        if unknown:
            fields = ", ".join(sorted(CORRECTABLE))
            raise DecisionError(f"cannot correct {', '.join(sorted(unknown))}: correctable fields are {fields}")
        if "grade" in value and value["grade"] not in GRADES:
            raise DecisionError(f"grade must be one of {', '.join(GRADES)}")
        if "grade" in value and not value.get("grade_reason"):
            raise DecisionError("a corrected grade needs a grade_reason sentence explaining it")


def parse_value(kind: str, words: Sequence[str]) -> dict[str, Any]:
    """A decision's value from command-line words: ``move KEY``, ``merge KEY``, ``split CLAIM…``, ``correct F=V…``.

    A single word that is a JSON object is taken as the value itself. In ``field=value`` words
    the value is read as JSON when it parses (``killed_max=54``, ``killed_max_open=true``),
    else as text (``date=2018-11-16``, ``grade=conceded``).
    """
    if len(words) == 1 and words[0].lstrip().startswith("{"):
        try:
            value = json.loads(words[0])
        except json.JSONDecodeError as exc:
            raise DecisionError(f"the value is not a JSON object: {exc}") from None
        if not isinstance(value, dict):
            raise DecisionError("the value must be a JSON object")
        return value
    if kind in ("reject", "accept"):
        if words:
            raise DecisionError(f"a {kind} decision takes no value, only the claim key")
        return {}
    if kind in ("move", "merge"):
        if len(words) != 1:
            raise DecisionError(f"a {kind} decision takes one incident key: the incident to join")
        return {"incident" if kind == "move" else "into": words[0]}
    if kind == "split":
        if not words:
            raise DecisionError("a split decision takes the keys of the claims to split off")
        return {"claims": list(words)}
    return _fields(kind, words)


def _fields(kind: str, words: Sequence[str]) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for word in words:
        name, sep, text = word.partition("=")
        if not sep:
            raise DecisionError(f"{word!r} is not field=value (a {kind} decision takes field=value words)")
        try:
            value[name] = json.loads(text)
        except json.JSONDecodeError:
            value[name] = text
    return value


@dataclass(slots=True)
class Overrides:
    """The decisions in force: the newest of each (kind, target), withdrawn ones dropped."""

    rejected: set[str] = field(default_factory=set)
    moves: dict[str, str] = field(default_factory=dict)
    merges: dict[str, str] = field(default_factory=dict)
    splits: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def incident_keys(self) -> set[str]:
        """Incidents that decisions name: relinking must include their claims to apply them."""
        return {*self.moves.values(), *self.merges, *self.merges.values(), *self.splits, *self.corrections}

    def claim_keys(self) -> set[str]:
        return {*self.rejected, *self.moves, *(k for keys in self.splits.values() for k in keys)}


def load(session: Session) -> Overrides:
    newest: dict[tuple[str, str], dict[str, Any] | None] = {}
    for row in session.scalars(select(DecisionRow).order_by(DecisionRow.id)):
        newest[(row.kind, row.target)] = row.value
    found = Overrides()
    for (kind, target), value in newest.items():
        if value is None:
            continue
        if kind == "reject":
            found.rejected.add(target)
        elif kind == "accept":
            found.rejected.discard(target)
        elif kind == "move":
            found.moves[target] = str(value["incident"])
        elif kind == "merge":
            found.merges[target] = str(value["into"])
        elif kind == "split":
            found.splits[target] = [str(k) for k in value["claims"]]
        else:
            found.corrections[target] = dict(value)
    return found


def apply(groups: list[Group], overrides: Overrides, key_of: dict[int, str]) -> list[Group]:
    """``groups`` as the analysts decided: merged, claims moved, incidents split. Rejections act before linking."""
    for group in groups:
        group.pinned = group.key
    by_key = {g.key: g for g in groups if g.kind == "incident"}
    for source, target in overrides.merges.items():
        if source in by_key and target in by_key and source != target:
            _move(by_key[source].members, by_key[source], by_key[target], "merged by an analyst")
    for member_key, target in overrides.moves.items():
        members = [m for g in groups for m in g.members if key_of.get(m.id) == member_key]
        for member in members:
            home = next(g for g in groups if member in g.members)
            if target in by_key and home is not by_key[target]:
                _move([member], home, by_key[target], "moved here by an analyst")
    for source, claim_keys in overrides.splits.items():
        if source in by_key:
            groups.append(_split(by_key[source], set(claim_keys), key_of))
    return [g for g in groups if g.members]


def _move(members: Iterable[Evidence], home: Group, target: Group, reason: str) -> None:
    for member in list(members):
        home.members.remove(member)
        del home.reasons[member.id]
        target.add(member, reason, 1.0)


def _split(source: Group, claim_keys: set[str], key_of: dict[int, str]) -> Group:
    new = Group("incident", seq=source.seq)
    _move([m for m in source.members if key_of.get(m.id) in claim_keys], source, new, "split off by an analyst")
    if new.members:  # keyed apart from incidents the linker founds, which derive from the same claims
        first = min(m.order for m in new.members)
        new.pinned = hashlib.sha1(f"split:{first}".encode(), usedforsecurity=False).hexdigest()[:12]
    return new
