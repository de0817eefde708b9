"""Analysts' decisions as overrides: validated, stored, and laid over every relink.

The linker recomputes incidents from claims, and reprocessing re-extracts claims, so a
decision cannot be an edit of a row: it is a standing instruction keyed by something
that survives both — a claim's ``<content hash>:<start>:<end>``, an incident's key. Of each
``(kind, target)`` only the newest decision is in force; after each relink those in force
reshape the linker's incidents in the order they were made, so "split these claims off,
then move one of them back" ends where the analyst left it:

========  ============  ==========================================================
kind      target        value
========  ============  ==========================================================
reject    claim key     ``{}`` — the claim is left out of every incident
accept    claim key     ``{}`` — recorded as checked; withdraws an older rejection
move      claim key     ``{"incident": KEY}`` — the claim joins incident KEY
merge     incident key  ``{"into": KEY}`` — every claim joins incident KEY
split     incident key  ``{"claims": [claim keys]}`` — those claims form a new incident
correct   incident key  corrected fields (date, place, figures, perpetrator, grade…)
note      incident key  ``{}`` — changes nothing; the decision's note is the text
detach    article hash  ``{}`` — the article leaves its copy relations (:mod:`~harmledger.ledger.copies`)
========  ============  ==========================================================

A ``value`` of ``None`` withdraws the decision. Reject and accept are one verdict: the
newer of the two in force wins, so undoing an accept brings back the rejection it
replaced. Incident keys are the keys the linker gives (see :class:`~harmledger.link.Group`);
a split-off incident is keyed by its claims.
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
from harmledger.ledger.tables import ArticleRow, ClaimRow, DecisionRow, IncidentRow, LinkRow
from harmledger.link import Evidence, Group

CLAIM_KINDS = ("reject", "accept", "move")
INCIDENT_KINDS = ("merge", "split", "correct", "note")
ARTICLE_KINDS = ("detach",)  # applied by harmledger.ledger.copies, before relinking
RESHAPING = ("move", "merge", "split")  # kinds that regroup claims, applied in the order they were made
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


def validate(kind: str, value: dict[str, Any] | None, note: str | None = None) -> None:
    """Refuse a decision the relink could not apply, with what to send instead."""
    kinds = CLAIM_KINDS + INCIDENT_KINDS + ARTICLE_KINDS
    if kind not in kinds:
        raise DecisionError(f"unknown decision {kind!r}: use one of {', '.join(kinds)}")
    if value is None:
        return
    if kind == "note" and (value or not (note or "").strip()):
        raise DecisionError("a note decision takes no value, only its text (the decision's note)")
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
    if kind in ("reject", "accept", "note", "detach"):
        if words:
            raise DecisionError(f"a {kind} decision takes no value, only the key (a note's text goes in --note)")
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


@dataclass(frozen=True, slots=True)
class Reshape:
    """A move, merge or split in force, in the order it was made."""

    kind: str
    target: str
    value: dict[str, Any]


@dataclass(slots=True)
class Overrides:
    """The decisions in force: the newest of each (kind, target), withdrawn ones dropped."""

    rejected: set[str] = field(default_factory=set)
    reshapes: list[Reshape] = field(default_factory=list)
    corrections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def named(self) -> tuple[set[str], set[str]]:
        """Keys of the incidents and claims these decisions name: relinking must include their claims."""
        incidents, claims = self.reshaped()
        return incidents | set(self.corrections), claims | self.rejected

    def reshaped(self) -> tuple[set[str], set[str]]:
        """Keys of the incidents and claims the moves, merges and splits in force name."""
        incidents: set[str] = set()
        claims: set[str] = set()
        for step in self.reshapes:
            more_incidents, more_claims = named(step.kind, step.target, step.value)
            incidents |= more_incidents
            claims |= more_claims
        return incidents, claims


def named(kind: str, target: str, value: dict[str, Any] | None) -> tuple[set[str], set[str]]:
    """Keys of the incidents and claims one decision names (for a withdrawal, ``value`` is the one withdrawn)."""
    value = value or {}
    if kind in CLAIM_KINDS:
        return ({str(value["incident"])} if kind == "move" and "incident" in value else set()), {target}
    incidents = {target, str(value["into"])} if kind == "merge" and "into" in value else {target}
    return incidents, {str(k) for k in value.get("claims", ())} if kind == "split" else set()


def load(session: Session) -> Overrides:
    """The decisions in force."""
    newest: dict[tuple[str, str], DecisionRow] = {}
    for row in session.scalars(select(DecisionRow).order_by(DecisionRow.id)):
        newest.pop((row.kind, row.target), None)  # re-inserted last: the dict keeps the order decisions were made
        newest[(row.kind, row.target)] = row
    return in_force(newest.values())


def in_force(rows: Iterable[DecisionRow]) -> Overrides:
    """Overrides from the newest decision of each (kind, target), given in the order they were made."""
    found = Overrides()
    verdicts: dict[str, str] = {}
    for row in rows:
        if row.value is None:
            continue
        if row.kind in ("reject", "accept"):
            verdicts[row.target] = row.kind
        elif row.kind in RESHAPING:
            found.reshapes.append(Reshape(row.kind, row.target, dict(row.value)))
        elif row.kind == "correct":
            found.corrections[row.target] = dict(row.value)
    found.rejected = {target for target, kind in verdicts.items() if kind == "reject"}
    return found


def claims_named(session: Session, incident_keys: set[str], claim_keys: set[str]) -> set[int]:
    """Ids of the claims ``claim_keys`` and of the claims in the incidents ``incident_keys`` now."""
    ids: set[int] = set()
    if incident_keys:
        query = select(LinkRow.claim_id).join(IncidentRow).where(IncidentRow.key.in_(incident_keys))
        ids.update(session.scalars(query))
    for key in claim_keys:
        content_hash, start, end = key.rsplit(":", 2)
        query = (
            select(ClaimRow.id)
            .join(ArticleRow)
            .where(ArticleRow.content_hash == content_hash, ClaimRow.start == int(start), ClaimRow.end == int(end))
        )
        ids.update(session.scalars(query))
    return ids


def apply(groups: list[Group], overrides: Overrides, key_of: dict[int, str]) -> list[Group]:
    """``groups`` as the analysts decided: merged, claims moved, incidents split. Rejections act before linking."""
    for group in groups:
        group.pinned = group.key
    by_key = {g.key: g for g in groups if g.kind == "incident"}
    for step in overrides.reshapes:
        if step.kind == "merge":
            source, target = by_key.get(step.target), by_key.get(str(step.value["into"]))
            if source is not None and target is not None and source is not target:
                _move(source.members, source, target, "merged by an analyst")
        elif step.kind == "move":
            target = by_key.get(str(step.value["incident"]))
            for member in [m for g in groups for m in g.members if key_of.get(m.id) == step.target]:
                home = next(g for g in groups if member in g.members)
                if target is not None and home is not target:
                    _move([member], home, target, "moved here by an analyst")
        elif step.target in by_key:
            new = _split(by_key[step.target], {str(k) for k in step.value["claims"]}, key_of)
            groups.append(new)
            by_key[new.key] = new
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
