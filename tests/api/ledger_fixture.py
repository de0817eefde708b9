"""A small ledger written row by row, so that filters, totals and pages can be checked to the unit.

Independent of extraction and linking: the rows are what the linker would have stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from harmledger.ledger import Ledger
from harmledger.ledger.search import index_claims
from harmledger.ledger.tables import ArticleRow, ClaimRow, IncidentRow, LinkRow, TallyRow


@dataclass
class Spec:
    key: str
    date: str | None
    precision: str
    place: str | None
    admin1: str | None
    low: int | None
    high: int | None
    grade: str = "single source"
    perpetrator: str | None = None
    open_ended: bool = False
    lat: float | None = None
    lon: float | None = None
    claims: list[tuple[str, str]] = field(default_factory=list)  # (claimant, sentence with the figure)
    kind: str = "incident"


SPECS = [
    Spec(
        "aaa-hajin",
        "2018-11-16",
        "day",
        "Hajīn",
        "Deir ez-Zor",
        12,
        20,
        "corroborated",
        "US-led coalition",
        lat=34.69,
        lon=40.83,
        claims=[
            ("SANA", "An airstrike killed 12 civilians in Hajin."),
            ("SOHR", "In Hajin 20 people were killed by the strike."),
        ],
    ),
    Spec(
        "bbb-deir",
        "2018-11-10",
        "on_or_before",
        "Deir ez-Zor",
        "Deir ez-Zor",
        5,
        5,
        lat=35.34,
        lon=40.14,
        claims=[("Deir ez-Zor 24", "Shelling killed 5 civilians in the bread queue.")],
    ),
    Spec(
        "ccc-raqqa",
        "2018-10",
        "month",
        "Ar Raqqah",
        "Ar-Raqqah",
        30,
        54,
        "contested",
        "Russia",
        open_ended=True,
        lat=35.95,
        lon=39.01,
        claims=[
            ("Raqqa Is Being Slaughtered Silently", "At least 54 civilians were killed in Raqqa."),
            ("Russian defence ministry", "Only 30 people were killed, the ministry said."),
        ],
    ),
    Spec(
        "ddd-damascus",
        "2018-03-16",
        "day",
        "Damascus",
        "Dimashq",
        None,
        None,
        lat=33.51,
        lon=36.29,
        claims=[("SANA", "Dozens of people were killed in Damascus.")],
    ),
    Spec(
        "eee-nowhere",
        None,
        "unknown",
        None,
        None,
        3,
        3,
        claims=[("Airwars", "Three civilians were killed, Airwars said.")],
    ),
    Spec(
        "zzz-tally",
        "2018",
        "year",
        "Ar Raqqah",
        "Ar-Raqqah",
        1200,
        1200,
        kind="tally",
        claims=[("Raqqa civil defence", "Over 1,200 civilians were killed in Raqqa in 2018.")],
    ),
]
INCIDENT_KEYS = [s.key for s in SPECS if s.kind == "incident"]


def _figure(sentence: str) -> tuple[int, int]:
    """The span of the first figure word in ``sentence`` ("12", "Three", "Dozens")."""
    words = ["1,200", "12", "20", "54", "30", "5", "Dozens", "Three"]
    word = min((w for w in words if w in sentence), key=sentence.index)
    start = sentence.index(word)
    return start, start + len(word)


def _incident(spec: Spec, claim_ids: list[int]) -> IncidentRow | TallyRow:
    if spec.kind == "tally":
        tally = TallyRow(key=spec.key, outcome="killed", figure_min=spec.low, figure_max=spec.high, **_summary(spec))
        tally.links = [LinkRow(claim_id=cid, reason="same place and period", score=0.9) for cid in claim_ids]
        return tally
    row = IncidentRow(key=spec.key, kind="incident", **_summary(spec))
    row.links = [LinkRow(claim_id=cid, reason="same place and day", score=0.9) for cid in claim_ids]
    return row


def _summary(spec: Spec) -> dict[str, object]:
    return {
        "date": spec.date,
        "date_precision": spec.precision,
        "place": spec.place,
        "lat": spec.lat,
        "lon": spec.lon,
        "admin1": spec.admin1,
        "country": "SY" if spec.admin1 else None,
        "precision": "place" if spec.place else None,
        "perpetrator": spec.perpetrator,
        "killed_min": spec.low,
        "killed_max": spec.high,
        "killed_max_open": spec.open_ended,
        "grade": spec.grade,
        "grade_reason": f"{len(spec.claims)} claimant(s)",
    }


def fill(url: str) -> None:
    """Write SPECS into the ledger at ``url``: an article per claim, then incidents linking them."""
    with Ledger(url) as ledger, ledger.session() as session:
        for spec in SPECS:
            claim_ids = []
            for index, (claimant, sentence) in enumerate(spec.claims):
                text = f"Report on {spec.place or 'an unnamed place'}.\n\n{sentence}\n"
                offset = text.index(sentence)
                start, end = (offset + i for i in _figure(sentence))
                article = ArticleRow(
                    key=f"{spec.key}-{index}",
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    title=f"{spec.place or 'Somewhere'}: report {index + 1}",
                    format="text",
                    raw=text.encode(),
                    text=text,
                    published=date(2018, 11, 20),
                )
                claim = ClaimRow(
                    quote=text[start:end],
                    start=start,
                    end=end,
                    context_start=offset,
                    context_end=offset + len(sentence),
                    outcome="killed",
                    min=spec.low,
                    max=spec.high,
                    qualifier="exact",
                    claimant=claimant,
                    date=spec.date,
                    date_precision=spec.precision,
                    places=[{"name": spec.place}] if spec.place else [],
                    cumulative=spec.kind == "tally",
                )
                article.claims = [claim]
                session.add(article)
                session.flush()
                index_claims(session, [article.id])
                claim_ids.append(claim.id)
            session.add(_incident(spec, claim_ids))


def keys(body: dict[str, object]) -> list[str]:
    """The incident keys of a list response, in order."""
    incidents = body["incidents"]
    assert isinstance(incidents, list)
    return [item["id"] for item in incidents]
