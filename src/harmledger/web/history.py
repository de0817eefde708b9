"""An incident's history in words: "rejected claim …", "corrected date 2018-11-16 → 2018-11-15"."""

from __future__ import annotations

from typing import Any

from harmledger.ledger.queries import Entry

_VERBS = {"reject": "rejected", "accept": "accepted", "move": "moved", "merge": "merged", "split": "split"}


def _short(key: str) -> str:
    """A claim key shortened for reading: the hash's first 8 characters and the span."""
    content_hash, _, span = key.partition(":")
    return f"{content_hash[:8]}…:{span}" if span else key


def describe(entry: Entry) -> str:
    """One line saying what the decision did (or, when withdrawn, what it withdrew)."""
    row, before = entry.decision, entry.before
    value: dict[str, Any] | None = row.value
    if value is None:
        return f"withdrew the {row.kind} of {_short(row.target)}" + (f" ({_fields(before)})" if before else "")
    if row.kind == "note":
        return "note"
    if row.kind in ("reject", "accept"):
        return f"{_VERBS[row.kind]} claim {_short(row.target)}"
    if row.kind == "move":
        return f"moved claim {_short(row.target)} to incident {value.get('incident')}"
    if row.kind == "merge":
        return f"merged incident {row.target} into {value.get('into')}"
    if row.kind == "split":
        claims = value.get("claims") or []
        return f"split {len(claims)} claim{'s' if len(claims) != 1 else ''} off incident {row.target}"
    old = before or {}
    changed = [f"{k} {old.get(k, '—')} → {v}" for k, v in value.items() if old.get(k) != v]
    dropped = [f"{k} back to the computed value" for k in old if k not in value]
    return "corrected " + "; ".join(changed + dropped) if changed or dropped else "corrected nothing"


def _fields(value: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in value.items()) or "no fields"
