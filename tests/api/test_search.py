"""Text search on the examples' ledger finds exactly the incidents whose searched text holds the query.

The expected incidents are worked out here in Python from the stored values (an incident's
place and governorate, its claims' quotes, sentences, claimants, relays and place names), with
ASCII letters folded as SQLite's LIKE folds them; the ledger answers from its FTS5 indexes
(queries of three characters or more) or by LIKE (shorter ones).
"""

from __future__ import annotations

import string
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from harmledger.ledger import Ledger, queries
from harmledger.ledger.tables import ArticleRow, ClaimRow, IncidentRow, LinkRow

FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _searched_text(ledger: Ledger) -> dict[str, list[str]]:
    """Every searched value of each incident, by incident key."""
    sentence = func.substr(ArticleRow.text, ClaimRow.context_start + 1, ClaimRow.context_end - ClaimRow.context_start)
    texts: dict[str, list[str]] = defaultdict(list)
    with ledger.session() as session:
        for key, place, admin1 in session.execute(select(IncidentRow.key, IncidentRow.place, IncidentRow.admin1)):
            texts[key] += [place or "", admin1 or ""]
        claims = (
            select(
                IncidentRow.key,
                ClaimRow.quote,
                sentence,
                ClaimRow.claimant,
                ClaimRow.via,
                ClaimRow.place_names,
            )
            .join(LinkRow, LinkRow.incident_id == IncidentRow.id)
            .join(ClaimRow, ClaimRow.id == LinkRow.claim_id)
            .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        )
        for key, *values in session.execute(claims):
            texts[key] += [value or "" for value in values]
    return texts


def _queries(texts: dict[str, list[str]]) -> list[str]:
    """Slices of every searched value at several lengths and cases, and texts found nowhere."""
    found: set[str] = set()
    for values in texts.values():
        for value in values:
            for length in (1, 2, 3, 5, 9, 17):
                for start in range(0, max(1, len(value) - length), 23):
                    piece = value[start : start + length].strip()
                    found |= {piece, piece.upper()} if piece else set()
    return sorted(found | {"zzqx", "killed 99999", "%%", "_a_"})


@pytest.fixture(scope="module")
def examples(examples_db: str) -> Ledger:
    return Ledger(examples_db)


def test_the_examples_hold_enough_to_search(examples: Ledger) -> None:
    texts = _searched_text(examples)
    assert len(texts) >= 5
    assert len(_queries(texts)) > 500


def test_finds_exactly_the_incidents_holding_the_text(examples: Ledger) -> None:
    texts = _searched_text(examples)
    wrong = {}
    with examples.session() as session:
        for text in _queries(texts):
            expected = {
                key for key, values in texts.items() if any(text.translate(FOLD) in v.translate(FOLD) for v in values)
            }
            page = queries.incident_page(session, queries.IncidentFilter(q=text), limit=len(texts) + 1)
            if {row.key for row in page.rows} != expected:
                wrong[text] = (sorted(row.key for row in page.rows), sorted(expected))
    assert wrong == {}
