"""Stored rows as plain JSON-able dicts: the one shape shared by the CLI, the API and exports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from harmledger.ledger.copy_groups import CopyGroup, published_order
from harmledger.ledger.republications import IDENTICAL
from harmledger.ledger.tables import ArticleRow, ClaimRow, IncidentRow, LinkRow, RepublicationRow, TallyRow

SummaryRow = IncidentRow | TallyRow


def article_dict(row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "key": row.key,
        "title": row.title,
        "outlet": row.outlet.name if row.outlet else None,
        "author": row.author,
        "published": row.published.isoformat() if row.published else None,
        "url": row.url,
        "source": row.source,
        "content_hash": row.content_hash,
    }


_NOT_SHOWN = ("article_id", "place_names")  # the article comes whole; the names are text search's copy of places


def claim_dict(row: ClaimRow, link: LinkRow | None = None) -> dict[str, Any]:
    """A stored claim; ``link`` adds why it joined its incident."""
    data = {c.name: getattr(row, c.name) for c in ClaimRow.__table__.columns if c.name not in _NOT_SHOWN}
    data["article"] = article_dict(row.article)
    data["key"] = f"{row.article.content_hash}:{row.start}:{row.end}"
    if link is not None:
        data["link"] = {"reason": link.reason, "score": link.score}
    return data


def range_label(low: int | None, high: int | None, open_ended: bool) -> str:
    """A range as people read it: "30–54", "23+", "17", or "unknown"."""
    if high is None:
        return "unknown"
    top = f"{high}+" if open_ended else str(high)
    return top if low in (None, high) else f"{low}–{top}"


def killed_label(row: SummaryRow) -> str:
    """The killed range; a tally shows its own outcome's range, whatever that outcome is."""
    if isinstance(row, TallyRow):
        return range_label(row.figure_min, row.figure_max, row.figure_max_open)
    return range_label(row.killed_min, row.killed_max, row.killed_max_open)


def incident_dict(row: SummaryRow, *, with_claims: bool = True) -> dict[str, Any]:
    """An incident or a tally; a tally adds ``outcome`` and ``figure_*``, its own outcome's range."""
    data: dict[str, Any] = {
        "id": row.key,
        "kind": row.kind,
        "date": row.date,
        "date_precision": row.date_precision,
        "place": row.place,
        "geonames_id": row.geonames_id,
        "lat": row.lat,
        "lon": row.lon,
        "admin1": row.admin1,
        "country": row.country,
        "precision": row.precision,
        "perpetrator": row.perpetrator,
        "attack": row.attack,
        "killed_min": row.killed_min,
        "killed_max": row.killed_max,
        "killed_max_open": row.killed_max_open,
        "killed": range_label(row.killed_min, row.killed_max, row.killed_max_open),
        "injured_min": row.injured_min,
        "injured_max": row.injured_max,
        "children_killed": row.children_killed,
        "women_killed": row.women_killed,
        "grade": row.grade,
        "grade_reason": row.grade_reason,
        "claim_count": len(row.links),
        "claimants": sorted({link.claim.claimant for link in row.links if link.claim.claimant}),
    }
    if isinstance(row, TallyRow):
        data |= {
            "outcome": row.outcome,
            "figure_min": row.figure_min,
            "figure_max": row.figure_max,
            "figure_max_open": row.figure_max_open,
            "figure": killed_label(row),
        }
    if with_claims:
        data["claims"] = [claim_dict(link.claim, link) for link in sorted(row.links, key=lambda k: k.claim_id)]
        carried = carriers(link.claim.article for link in row.links)
        data["carried_by"] = {"outlets": outlet_count(carried), "copies": [copy_dict(r) for r in carried]}
    return data


@dataclass(frozen=True, slots=True)
class Carrier:
    """Another publication of an incident's report: a copy (an article of its own) or a republication of its text."""

    copy: ArticleRow | RepublicationRow
    original: ArticleRow  # what it copies, or whose very text it is
    article_id: int  # the article page that shows it
    kind: str
    share: float


def carriers(articles: Iterable[ArticleRow]) -> list[Carrier]:
    """The copies and republications of ``articles`` (issue 9), ordered by date and outlet.

    A copy appears once, by its fullest relation. Their claims are kept and shown, but
    counted once, as the claims they repeat (a republication's claims are its article's).
    Needs each article's ``copies`` and ``republications``, loaded or lazily in an open session.
    """
    best: dict[int, Carrier] = {}
    found: list[Carrier] = []
    for article in {a.id: a for a in articles}.values():
        for r in (r for r in article.copies if not r.detached):  # its original is ``article``
            held = best.get(r.copy_id)
            if held is None or (r.kind == "full", r.share) > (held.kind == "full", held.share):
                best[r.copy_id] = Carrier(r.copy, article, r.copy_id, r.kind, r.share)
        found += [Carrier(r, article, article.id, IDENTICAL, 1.0) for r in article.republications]
    found += best.values()
    return sorted(found, key=lambda c: published_order(c.copy))


def outlet_count(carried: Sequence[Carrier]) -> int:
    """How many outlets carried the copies (a publication with no outlet counts as one of its own)."""
    return len({_outlet(c.copy) or f"{type(c.copy).__name__} {c.copy.id}" for c in carried})


def _outlet(row: ArticleRow | RepublicationRow) -> str | None:
    return row.outlet.name if row.outlet else None


def republication_dict(row: RepublicationRow, article: ArticleRow) -> dict[str, Any]:
    """A republication in the shape of :func:`article_dict`: no ``id`` of its own, its article's content hash."""
    return {
        "id": None,
        "key": row.key,
        "title": row.title,
        "outlet": _outlet(row),
        "author": None,
        "published": row.published.isoformat() if row.published else None,
        "url": row.url,
        "source": None,
        "content_hash": article.content_hash,
    }


def _publication_dict(row: ArticleRow | RepublicationRow, article: ArticleRow) -> dict[str, Any]:
    return republication_dict(row, article) if isinstance(row, RepublicationRow) else article_dict(row)


def copy_dict(carrier: Carrier) -> dict[str, Any]:
    """A copy or republication as the incident JSON shows it: what was published, its original, kind and share."""
    return {
        **_publication_dict(carrier.copy, carrier.original),
        "copy_of": carrier.original.id,
        "kind": carrier.kind,
        "similarity": carrier.share,
    }


def group_dict(group: CopyGroup) -> dict[str, Any]:
    """A copy group: the presumed original and every member with how it copies (``identical``: a republication)."""
    members = [
        {
            **_publication_dict(m.publication, m.article),
            "copy_of": m.copy_of,
            "kind": m.kind,
            "similarity": m.similarity,
        }
        for m in group.members
    ]
    return {"original": article_dict(group.original), "members": members}
