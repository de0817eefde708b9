"""Scoring the extractor against annotated gold files: the figures docs/accuracy.md reports.

Two gold layouts are read. A *reports* file (``gold.json``: documents, each with its
claims, vague claims, incidents and ``not_casualties`` phrases) scores whole reports; a
*sentences* file (JSON Lines: ``text``, ``published``, ``claims``, ``note``) scores single
sentences, and a sentence with no claims is a hard negative on which any claim is a
false alarm.

A gold claim is found when a predicted claim of the same document overlaps its quote
(one quote inside the other, case and spacing ignored), as ``../shared/tools/score_gold.py``
counts it; each prediction is used once where possible. Field accuracy is over found
claims. Precision is the share of predictions that match a gold claim; a prediction
whose quote holds a ``not_casualties`` phrase, or any prediction on a hard negative, is
a false alarm. The eval gate (tests/test_eval_gate.py) pins these figures as floors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from harmledger.extract.engine import extract_claims
from harmledger.ingest import IngestFailure, read_sources
from harmledger.models import Article

FIELDS = (
    "outcome",
    "min",
    "max",
    "qualifier",
    "vague_term",
    "victims",
    "claimant",
    "subset_of",
    "cumulative",
    "date",
    "date_precision",
    "perpetrator",
    "belligerent_stance",
)
# The analyst writes an incident's actor and stance as free text ("US-led coalition (per SANA); not
# acknowledged", "declined to comment"). Actors read "several" or "mixed" are not scored; a stance is
# scored only when its words map to one of the extractor's four stances (or it is null).
_UNSCORED_ACTOR = ("several", "mixed")
_UNKNOWN_ACTOR = ("unknown", "not stated", "contested")
_STANCE_WORDS = (
    ("may have been responsible", "may have been responsible"),
    ("possible", "may have been responsible"),
    ("declined to comment", "no comment"),
    ("no comment", "no comment"),
    ("did not respond", "no comment"),
    ("denied", "denied"),
    ("claims no strikes", "denied"),
    ("admitted", "confirmed"),
    ("confirmed", "confirmed"),
)
Prediction = dict[str, Any]


@dataclass(slots=True)
class GoldDoc:
    """One scored unit: a report or a sentence, with its gold claims and what must not be read."""

    id: str
    claims: list[dict[str, Any]]
    not_casualties: list[str] = field(default_factory=list)
    negative: bool = False
    text: str | None = None
    path: Path | None = None
    published: date | None = None


@dataclass(slots=True)
class Score:
    """Counts over any number of documents; ``lines`` says, claim by claim, what went wrong."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    matched: int = 0
    alarms: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    lines: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def fields_right(self) -> int:
        return sum(right for right, _ in self.fields.values())

    @property
    def fields_total(self) -> int:
        return sum(total for _, total in self.fields.values())

    def accuracy(self, name: str) -> float:
        right, total = self.fields[name]
        return right / total if total else 1.0

    def summary(self) -> dict[str, float | int]:
        """The figures the eval gate pins: counts, rates, and accuracy per field."""
        figures: dict[str, float | int] = {
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "false_alarms": self.alarms,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
        }
        figures.update({f"field_{name}": round(self.accuracy(name), 4) for name in FIELDS if self.fields[name][1]})
        return figures


def _norm(text: object) -> str:
    return " ".join(str(text or "").lower().split())


def _overlaps(gold_quote: str, predicted: object) -> bool:
    quote, other = _norm(gold_quote), _norm(predicted)
    return bool(other) and (quote in other or other in quote)


def load_gold(path: Path) -> list[GoldDoc]:
    """Read either gold layout; report files are looked up next to the gold file or in ``reports/``."""
    if path.suffix == ".jsonl":
        return [_sentence_doc(n, json.loads(line)) for n, line in enumerate(_lines(path), start=1)]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [_report_doc(path.parent, doc) for doc in data["documents"]]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentence_doc(number: int, item: dict[str, Any]) -> GoldDoc:
    published = date.fromisoformat(item["published"]) if item.get("published") else None
    claims = [{**c, "vague_term": c.get("vague_term")} for c in item["claims"]]
    return GoldDoc(f"s{number}", claims, negative=not claims, text=item["text"], published=published)


def _report_doc(folder: Path, doc: dict[str, Any]) -> GoldDoc:
    incidents = {i["id"]: i for i in doc.get("incidents", [])}
    claims = [{**c, **_incident_fields(incidents.get(c.get("incident", "")))} for c in doc["claims"]]
    claims += [
        {**v, "min": None, "max": None, "qualifier": "vague", "vague_term": v["vague"]}
        for v in doc.get("vague_claims", [])
    ]
    located = folder / doc["file"]
    path = located if located.exists() else folder / "reports" / doc["file"]
    return GoldDoc(Path(doc["file"]).stem, claims, not_casualties=doc.get("not_casualties", []), path=path)


def _incident_fields(incident: dict[str, Any] | None) -> dict[str, Any]:
    if incident is None:
        return {}
    fields: dict[str, Any] = {
        "date": incident.get("date"),
        "date_precision": incident.get("date_precision"),
        "cumulative": bool(incident.get("cumulative")),
    }
    actor = incident.get("actor")
    if actor and not str(actor).lower().startswith(_UNSCORED_ACTOR):
        fields["perpetrator"] = actor
    if "belligerent_stance" in incident:
        stance = _stance(incident["belligerent_stance"])
        if stance != "":
            fields["belligerent_stance"] = stance
    return fields


def _stance(text: object) -> str | None:
    """The extractor's stance for the analyst's words, None for none stated, "" when it maps to none."""
    if text is None:
        return None
    lowered = str(text).lower()
    return next((stance for words, stance in _STANCE_WORDS if words in lowered), "")


def predict(doc: GoldDoc) -> list[Prediction]:
    """Run the extractor in-process on one gold document (a report file or a sentence)."""
    if doc.path is not None:
        (article,) = read_sources([str(doc.path)])
        if isinstance(article, IngestFailure):
            raise ValueError(f"cannot read {doc.path}: {article.error}")
    else:
        article = Article(id=doc.id, text=doc.text or "", published=doc.published)
    return [claim.to_json(article) for claim in extract_claims(article)]


def score(docs: Iterable[GoldDoc], predictions: Callable[[GoldDoc], list[Prediction]] = predict) -> Score:
    """Score every document with the predictions ``predictions`` gives for it."""
    total = Score()
    for doc in docs:
        _score_doc(doc, predictions(doc), total)
    return total


def _score_doc(doc: GoldDoc, preds: list[Prediction], total: Score) -> None:
    used: set[int] = set()
    for gold in doc.claims:
        total.gold += 1
        hit = _best_match(gold["quote"], preds, used)
        if hit is None:
            total.lines.append(f"MISS  {doc.id}  {gold['quote']!r}")
            continue
        used.add(hit)
        total.found += 1
        _score_fields(doc, gold, preds[hit], total)
    total.predicted += len(preds)
    total.matched += sum(1 for p in preds if any(_overlaps(g["quote"], p.get("quote")) for g in doc.claims))
    for pred in preds:
        if doc.negative or any(_norm(phrase) in _norm(pred.get("quote")) for phrase in doc.not_casualties):
            total.alarms += 1
            total.lines.append(f"ALARM {doc.id}  {pred.get('quote')!r}")


def _best_match(quote: str, preds: list[Prediction], used: set[int]) -> int | None:
    hits = [i for i, p in enumerate(preds) if _overlaps(quote, p.get("quote"))]
    fresh = [i for i in hits if i not in used]
    best = fresh or hits
    return best[0] if best else None


def _score_fields(doc: GoldDoc, gold: dict[str, Any], pred: Prediction, total: Score) -> None:
    wrong = []
    for name in FIELDS:
        if name not in gold:
            continue
        ok = _field_ok(name, gold[name], pred.get(name))
        total.fields[name][0] += ok
        total.fields[name][1] += 1
        if not ok:
            wrong.append(f"{name}: gold {gold[name]!r} got {pred.get(name)!r}")
    if wrong:
        total.lines.append(f"FIELD {doc.id}  {gold['quote']!r}  " + "; ".join(wrong))


def _field_ok(name: str, gold: object, pred: object) -> bool:
    if name == "claimant":
        # Gold without a claimant accepts any; otherwise one name must contain the other.
        return gold is None or (bool(pred) and (_norm(gold) in _norm(pred) or _norm(pred) in _norm(gold)))
    if name == "subset_of":
        return pred is None if gold is None else _overlaps(str(gold), pred)
    if name == "perpetrator":
        return _perpetrator_ok(str(gold), pred)
    return bool(gold == pred)


def _perpetrator_ok(gold: str, pred: object) -> bool:
    """A named actor must be named ("US-led coalition (per SANA)" holds "US-led coalition"); an
    unknown one accepts no answer, or one the analyst names as blamed or suspected."""
    named = bool(pred) and _norm(pred) in _norm(gold)
    if _norm(gold).startswith(_UNKNOWN_ACTOR):
        return pred is None or named
    return named


def load_predictions(path: Path) -> Callable[[GoldDoc], list[Prediction]]:
    """Predictions from ``extract --json`` output, grouped by the article id they carry."""
    by_id: dict[str, list[Prediction]] = {}
    for line in _lines(path):
        pred = json.loads(line)
        by_id.setdefault(str((pred.get("article") or {}).get("id")), []).append(pred)
    return lambda doc: by_id.get(doc.id, [])
