"""Stored rows as plain JSON-able dicts: the one shape shared by the CLI, the API and exports."""

from __future__ import annotations

from typing import Any

from harmledger.ledger.tables import ArticleRow, ClaimRow, IncidentRow, LinkRow, TallyRow

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


def claim_dict(row: ClaimRow, link: LinkRow | None = None) -> dict[str, Any]:
    """A stored claim; ``link`` adds why it joined its incident."""
    data = {c.name: getattr(row, c.name) for c in ClaimRow.__table__.columns if c.name != "article_id"}
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
    return data
