"""How a claim's figure reads on the incident and article pages: "14+", "up to 40", "12–20", a vague word."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from harmledger.api import create_app
from harmledger.ledger import Ledger
from harmledger.ledger.tables import ClaimRow, LinkRow

from .review_fixture import review_db

__all__ = ["review_db"]


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "vague", "shown"),
    [
        (14, None, "at_least", None, "14+"),
        (None, 40, "up_to", None, "up to 40"),
        (12, 20, "range", None, "12–20"),
        (7, 7, "exact", None, "7"),
        (None, None, "vague", "dozens", "dozens"),
    ],
)
def test_claim_figures_read_as_written(
    review_db: str, low: int | None, high: int | None, qualifier: str, vague: str | None, shown: str
) -> None:
    with Ledger(review_db) as ledger, ledger.writing() as session:
        claim = session.scalars(select(ClaimRow).join(LinkRow).where(LinkRow.incident_id.is_not(None))).first()
        assert claim is not None and claim.link is not None and claim.link.incident is not None
        claim.min, claim.max, claim.qualifier, claim.vague_term = low, high, qualifier, vague
        incident, article, outcome = claim.link.incident.key, claim.article_id, claim.outcome
    client = TestClient(create_app(review_db))
    page = client.get(f"/incidents/{incident}").text
    assert f'<td class="num">{shown} <small>{qualifier.replace("_", " ")}</small></td>' in page
    assert f"{outcome}: {shown} (" in client.get(f"/articles/{article}").text
