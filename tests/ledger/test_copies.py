"""Copies through the real ingest path, on both backends: groups, partial copies, grades, order, reprocess."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import delete, select

from harmledger.ledger import Ledger
from harmledger.ledger.tables import ArticleRow, ClaimCopyRow, ClaimRow, CopyRow, GroupRow, IncidentRow, SignatureRow
from harmledger.link.copies import earliest_order
from harmledger.pipeline import process

from ..copies.corpus import INDEPENDENT, QUOTING, item, store, ten_copies, variants


def _groups(ledger: Ledger) -> dict[str, str]:
    with ledger.session() as session:
        keys = dict(session.execute(select(ArticleRow.id, ArticleRow.key)).all())
        return {keys[a]: keys[o] for a, o in session.execute(select(GroupRow.article_id, GroupRow.original_id))}


def _relations(ledger: Ledger) -> dict[tuple[str, str], str]:
    with ledger.session() as session:
        keys = dict(session.execute(select(ArticleRow.id, ArticleRow.key)).all())
        rows = session.execute(select(CopyRow.copy_id, CopyRow.original_id, CopyRow.kind))
        return {(keys[c], keys[o]): kind for c, o, kind in rows}


def _copied_claims(ledger: Ledger) -> dict[tuple[str, str], tuple[str, str]]:
    """(article, quote) of each copied claim → (article, quote) of the claim it repeats."""
    with ledger.session() as session:
        claims = {
            r.id: (r.key, r.quote)
            for r in session.execute(select(ClaimRow.id, ArticleRow.key, ClaimRow.quote).join(ArticleRow))
        }
        marks = session.execute(select(ClaimCopyRow.claim_id, ClaimCopyRow.original_claim_id))
        return {claims[c]: claims[o] for c, o in marks}


def test_variants_are_grouped_by_text_not_by_facts(ledger: Ledger) -> None:
    store(ledger, variants())
    assert ledger.counts()["articles"] == 6, "the retitled copy has the original's very text: stored once"
    assert _groups(ledger) == dict.fromkeys(("original", "new_lead", "half", "footer"), "original")
    relations = _relations(ledger)
    assert relations[("quotes", "original")] == "partial"
    assert not [pair for pair in relations if "independent" in pair], "same strike, same figures, other words"


def test_groups_do_not_depend_on_arrival_order(tmp_path: Path) -> None:
    """Arrival order changes nothing, the retitled copy (the original's very text, kept as a republication) included."""
    seen = []
    for seed in range(3):
        items = list(variants())
        random.Random(seed).shuffle(items)
        with Ledger(f"sqlite:///{tmp_path}/{seed}.db") as ledger:
            for item in items:  # one batch per article: each is checked against those stored before it
                store(ledger, [item])
            seen.append((_groups(ledger), _relations(ledger), _copied_claims(ledger)))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][2], "the copies' claims are marked"


def test_an_incident_carried_by_ten_copies_stays_single_source(ledger: Ledger) -> None:
    store(ledger, ten_copies())
    (incident,) = [i for i in ledger.incidents() if i.killed_min == 17]
    assert len({link.claim.article.key for link in incident.links}) == 11, "every copy's claims stay linked"
    assert incident.grade == "single source"
    assert "Syrian Observatory" in incident.grade_reason
    assert len(_groups(ledger)) == 11


def test_a_different_report_of_the_same_strike_still_corroborates(ledger: Ledger) -> None:
    store(ledger, [*ten_copies(), item("independent", INDEPENDENT, "Frontline Syria Monitor", 15)])
    (incident,) = [i for i in ledger.incidents() if i.killed_min == 17]
    assert incident.grade == "corroborated"
    assert incident.grade_reason == (
        "Reported by 2 independent claimants: Syrian Observatory for Human Rights, local activists."
    )


def test_a_partial_copy_shares_only_the_claims_of_its_quoted_passage(ledger: Ledger) -> None:
    original = ten_copies()[0]
    store(ledger, [original, item("quoting", QUOTING, "Levant Observer", 16)])
    assert _relations(ledger) == {("quoting", "original"): "partial"}
    assert _groups(ledger) == {}, "a partial copy is not grouped"
    copied = _copied_claims(ledger)
    assert copied == {
        ("quoting", "killing at least 17 civilians"): ("original", "killing at least 17 civilians"),
        ("quoting", "among them six children"): ("original", "among them six children"),
    }
    with ledger.session() as session:
        own = session.scalars(select(ClaimRow.quote).join(ArticleRow).where(ArticleRow.key == "quoting"))
        assert "killing four" in set(own), "its own reporting is stored, and not marked as a copy above"


def test_an_earlier_original_arriving_last_takes_over_the_group(ledger: Ledger) -> None:
    original, *copies = ten_copies()
    store(ledger, copies)
    first = min(copies, key=lambda item: earliest_order(item[0]))[0].id
    assert set(_groups(ledger).values()) == {first}, "the earliest copy (day 15, then by content hash)"
    store(ledger, [original])
    assert set(_groups(ledger).values()) == {"original"}
    (incident,) = [i for i in ledger.incidents() if i.killed_min == 17]
    assert incident.grade == "single source"


def test_marks_survive_reprocessing_and_unsigned_articles_are_signed(ledger: Ledger) -> None:
    store(ledger, ten_copies())
    before = _copied_claims(ledger)
    with ledger.writing() as session:  # as if stored before copy detection existed
        session.execute(delete(SignatureRow))
        session.execute(delete(CopyRow))
    with Ledger(ledger.url) as upgraded:  # a new process finds the articles unsigned
        upgraded.reprocess(process)
    assert _copied_claims(ledger) == before
    with ledger.session() as session:
        assert session.scalar(select(IncidentRow.grade).where(IncidentRow.killed_min == 17)) == "single source"
