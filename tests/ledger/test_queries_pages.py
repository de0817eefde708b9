"""A list's page and total read together are those of ``incident_page`` and ``count``, on SQLite and PostgreSQL.

A text search reads both in one statement (its matches found once); every other filter
keeps the two queries. Pages are walked to the end by cursor, and past it.
"""

from __future__ import annotations

from datetime import date

import pytest

from harmledger.ledger import Ledger, queries
from harmledger.ledger.queries import Cursor, IncidentFilter

from ..api.ledger_fixture import fill

FILTERS = [
    (IncidentFilter(q="killed"), 5),  # a claim's sentence: every incident
    (IncidentFilter(q="killed", date_from=date(2018, 10, 1)), 3),  # the month-precise one overlaps
    (IncidentFilter(q="killed", date_from=date(2018, 11, 1), date_to=date(2018, 11, 30)), 2),
    (IncidentFilter(q="deir", grade="single source"), 1),  # place and claim
    (IncidentFilter(q="in", date_to=date(2018, 10, 31)), 2),  # under three characters: LIKE on SQLite too
    (IncidentFilter(q="zzqx"), 0),
    (IncidentFilter(admin1="Deir ez-Zor"), 2),
    (IncidentFilter(), 5),
]
PAST_THE_END = Cursor("", "zzzz")  # undated sorts last, and no key comes after this one


@pytest.fixture
def filled(ledger: Ledger, backend_url: str) -> Ledger:
    fill(backend_url)
    return ledger


def _keys(page: queries.Page) -> list[str]:
    return [row.key for row in page.rows]


@pytest.mark.parametrize("limit", [1, 2, 10])
@pytest.mark.parametrize(("flt", "expected"), FILTERS)
def test_every_page_and_total_are_incident_page_and_count(
    filled: Ledger, flt: IncidentFilter, expected: int, limit: int
) -> None:
    walked: list[str] = []
    after: Cursor | None = None
    with filled.session() as session:
        assert queries.count(session, flt) == expected
        while True:
            page, total = queries.incident_page_with_total(session, flt, limit=limit, after=after)
            alone = queries.incident_page(session, flt, limit=limit, after=after)
            assert (_keys(page), page.next, total) == (_keys(alone), alone.next, expected)
            walked += _keys(page)
            if page.next is None:
                break
            after = page.next
        assert len(walked) == len(set(walked)) == expected
        past, total = queries.incident_page_with_total(session, flt, limit=limit, after=PAST_THE_END)
        assert (past.rows, past.next, total) == ([], None, expected)
