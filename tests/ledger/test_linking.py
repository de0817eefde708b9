"""Incidents from real reports on both backends: the seeds' gold incidents, order independence, relays."""

from __future__ import annotations

import random
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from harmledger.ingest import read_sources
from harmledger.ledger import Ledger
from harmledger.models import Article, Claim
from harmledger.pipeline import process

from ..conftest import EXAMPLES, REPO

GOLD_REPORTS = REPO / "tests" / "fixtures" / "gold" / "reports"
THIRD_REPORT = """## Toll from coalition strikes near Abu Kamal rises

by Test Writer

US-led coalition airstrikes around midnight on Friday killed at least 61 civilians in al-Souseh and al-Baghouz \
Fowqani near Abu Kamal, the Syrian Network for Human Rights said.
"""
RELAY_REPORT = """## Ministry cites state media on coalition strikes

by Test Writer

Russia's foreign ministry, citing SANA, said US-led coalition airstrikes around midnight on Friday killed at least \
30 people in al-Souseh and al-Baghouz Fowqani near Abu Kamal.
"""


@cache
def _processed(paths: tuple[str, ...]) -> tuple[tuple[Article, tuple[Claim, ...]], ...]:
    """Articles and their claims, extracted once per session (extraction is not what these tests test)."""
    return tuple((a, tuple(process(a))) for a in read_sources(list(paths)) if isinstance(a, Article))


def _ingest(ledger: Ledger, items: Iterable[tuple[Article, tuple[Claim, ...]]], every: int = 0) -> None:
    for n, (article, claims) in enumerate(items, 1):
        ledger.add(article, [_copy(c) for c in claims])
        if every and n % every == 0:
            ledger.relink()
    ledger.relink()


def _copy(claim: Claim) -> Claim:
    return Claim(**{name: getattr(claim, name) for name in Claim.__slots__})  # type: ignore[attr-defined]


def _memberships(ledger: Ledger) -> dict[str, set[tuple[str, int]]]:
    rows = [*ledger.incidents(), *ledger.tallies()]
    return {r.key: {(link.claim.article.content_hash, link.claim.start) for link in r.links} for r in rows}


@pytest.fixture
def seeds(seeds_dir: Path) -> tuple[tuple[Article, tuple[Claim, ...]], ...]:
    return _processed(tuple(str(p) for p in sorted(seeds_dir.glob("0*.txt"))))


@pytest.mark.seeds
def test_seeds_give_exactly_the_gold_incidents(ledger: Ledger, seeds: tuple, seed_gold: dict) -> None:
    _ingest(ledger, seeds)
    by_quote = {link.claim.quote: row for row in ledger.incidents() for link in row.links}
    gold = [c for doc in seed_gold["documents"] for c in doc["claims"] if not c["incident"].endswith("R")]
    found = {
        g["incident"]: next(r.key for q, r in by_quote.items() if g["quote"] in q or q in g["quote"]) for g in gold
    }
    assert len(set(found.values())) == len(found.keys() & {"000-A", "000-B", "000-C", "004-D"}) == 4
    assert len(ledger.incidents()) == 4, "004-E has no figure, so no incident"
    assert found["000-A"] != found["004-D"], "al-Sousa and al-Souseh: one village, two strikes months apart"
    (tally,) = ledger.tallies()
    assert (tally.outcome, tally.figure_min, tally.figure_max_open) == ("bodies_recovered", 8001, True)
    incident_d = ledger.incident(found["004-D"])
    assert (incident_d.killed_min, incident_d.killed_max, incident_d.grade) == (30, 54, "corroborated")


@pytest.mark.seeds
def test_reingesting_a_seed_changes_nothing(ledger: Ledger, seeds: tuple) -> None:
    _ingest(ledger, seeds)
    before = _memberships(ledger)
    _ingest(ledger, seeds)
    assert _memberships(ledger) == before
    assert ledger.counts()["articles"] == 2


def _report(tmp_path: Path, name: str, body: str) -> tuple[Article, tuple[Claim, ...]]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    ((article, claims),) = _processed((str(path),))
    return article, claims


@pytest.mark.seeds
def test_a_third_claimant_joins_004d_and_widens_its_range(ledger: Ledger, seeds: tuple, tmp_path: Path) -> None:
    _ingest(ledger, seeds)
    (key,) = [r.key for r in ledger.incidents() if r.date is None]
    _ingest(ledger, [_report(tmp_path, "third.txt", THIRD_REPORT)])
    row = ledger.incident(key)
    assert (row.killed_min, row.killed_max, row.killed_max_open) == (30, 61, True)
    assert "Syrian Network for Human Rights" in {link.claim.claimant for link in row.links}
    assert len(ledger.incidents()) == 4


@pytest.mark.seeds
def test_a_relay_of_sana_does_not_raise_the_grade(ledger: Ledger, seeds: tuple, tmp_path: Path) -> None:
    article, claims = seeds[1]
    sana_only = tuple(c for c in claims if c.claimant in (None, "SANA"))
    _ingest(ledger, [(article, sana_only)])
    (row,) = ledger.incidents()
    assert row.grade == "single source"
    _ingest(ledger, [_report(tmp_path, "relay.txt", RELAY_REPORT)])
    (row,) = ledger.incidents()
    assert {link.claim.via for link in row.links} >= {"SANA"}
    assert row.grade == "single source", row.grade_reason


def test_incidents_do_not_depend_on_arrival_order(backend_url: str) -> None:
    corpus = list(_processed((str(EXAMPLES), str(GOLD_REPORTS))))
    results = []
    for seed in (1, 2, 3):
        random.Random(seed).shuffle(corpus)
        with Ledger(backend_url) as ledger:
            _ingest(ledger, corpus, every=seed * 3)
            results.append(_memberships(ledger))
            ledger.engine.dispose()
        _wipe(backend_url)
    assert results[0] == results[1] == results[2]
    assert len(results[0]) >= 15


def _wipe(url: str) -> None:
    from harmledger.ledger import search  # noqa: PLC0415
    from harmledger.ledger.tables import Base  # noqa: PLC0415

    with Ledger(url) as ledger:
        Base.metadata.drop_all(ledger.engine)
        with ledger.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE alembic_version")
            for table in search.TABLES:  # SQLite's text search indexes, outside the metadata
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _ledger_rows(ledger: Ledger) -> list[tuple[object, ...]]:
    """Incidents and tallies with their figures, grade and the claims linked to them, by key."""
    rows = [*ledger.incidents(), *ledger.tallies()]
    return sorted(
        (r.key, r.date, getattr(r, "killed_min", None), getattr(r, "killed_max", None), r.grade, *_memberships_of(r))
        for r in rows
    )


def _memberships_of(row: object) -> list[tuple[str, int, str, float]]:
    links = row.links  # type: ignore[attr-defined]
    return sorted((link.claim.article.content_hash, link.claim.start, link.reason, link.score) for link in links)


def test_streaming_the_whole_ledger_makes_what_linking_it_in_memory_makes(ledger: Ledger) -> None:
    """Relinking everything streams the ledger in date order; analysts' decisions must land as in memory."""
    from harmledger.link.regions import linker  # noqa: PLC0415

    _ingest(ledger, _processed((str(EXAMPLES), str(GOLD_REPORTS))))
    incidents = sorted(ledger.incidents(), key=lambda r: (-len(r.links), r.key))
    assert len(incidents) >= 12 and len(ledger.tallies()) >= 1
    assert any(link.reason.startswith("subset") for r in incidents for link in r.links)
    assert any(r.date is None for r in incidents), "claims of unresolved date join incidents too"
    big, second, third, fourth, fifth = incidents[:5]
    moved = next(link.claim for link in third.links)
    ledger.record_decision("merge", fourth.key, {"into": second.key}, actor="jane")
    ledger.record_decision("move", _claim_key(moved), {"incident": big.key}, actor="jane")
    ledger.record_decision("split", big.key, {"claims": [_claim_key(moved)]}, actor="jane")
    ledger.record_decision("correct", second.key, {"grade": "conceded", "grade_reason": "Admitted."}, actor="jane")
    ledger.record_decision("reject", _claim_key(fifth.links[-1].claim), {}, actor="jane")
    decided = _ledger_rows(ledger)

    ledger.relink(everything=True)  # streamed
    assert _ledger_rows(ledger) == decided
    ledger.relink(everything=True, helper=True)  # streamed and linked in another process
    assert _ledger_rows(ledger) == decided
    ledger.relink(everything=True, linker=linker(map, 2))  # held in memory and linked by region
    assert _ledger_rows(ledger) == decided
    assert ledger.incident(second.key).grade == "conceded"
    assert fourth.key not in {r.key for r in ledger.incidents()}, "merged away"


def _claim_key(claim: object) -> str:
    return Ledger.claim_key(claim.article.content_hash, claim.start, claim.end)  # type: ignore[attr-defined]


def test_relinking_as_reports_arrive_makes_what_relinking_everything_makes(ledger: Ledger) -> None:
    """Each relink reaches only the reports that share a blocking key with the new ones, and that is enough."""
    _ingest(ledger, _processed((str(EXAMPLES), str(GOLD_REPORTS))), every=1)
    linked_as_they_came = _ledger_rows(ledger)
    assert len(linked_as_they_came) >= 15
    ledger.relink(everything=True)
    assert _ledger_rows(ledger) == linked_as_they_came


def test_a_bulk_load_is_relinked_whole_without_walking_its_queue(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queue naming most of the ledger's reports reaches most of it: the whole ledger is streamed at once."""
    from harmledger.ledger import relink  # noqa: PLC0415

    walked: list[int] = []
    walk = relink._closure
    monkeypatch.setattr(relink, "_closure", lambda *args: walked.append(1) or walk(*args))
    *bulk, last = _processed((str(EXAMPLES), str(GOLD_REPORTS)))
    _ingest(ledger, bulk)
    assert not walked and len(ledger.incidents()) >= 12
    _ingest(ledger, [last])
    assert walked, "one new report among many is relinked with what it reaches, found by walking"


def test_migration_0008_files_blocking_keys_per_report_and_back(db_url: str) -> None:
    """Down to 0007 every claim is filed under its report's keys; up again, each report once under the same keys."""
    from alembic import command  # noqa: PLC0415

    from harmledger.ledger.db import alembic_config  # noqa: PLC0415

    per_report = "SELECT article_id, key FROM article_blocks"
    per_claim = "SELECT claims.article_id, key FROM claim_blocks JOIN claims ON claims.id = claim_blocks.claim_id"
    with Ledger(db_url) as ledger:
        _ingest(ledger, _processed((str(EXAMPLES),)))
        filed = _filed(ledger, per_report)
        assert {key.split(":")[0] for _, key in filed} >= {"art", "gn", "d", "cell"}
        for revision, query in (("0007", per_claim), ("head", per_report)):
            with ledger.engine.begin() as connection:
                migrate = command.downgrade if revision == "0007" else command.upgrade
                migrate(alembic_config(connection), revision)
            assert _filed(ledger, query) == filed
        linked = _ledger_rows(ledger)
        ledger.relink(everything=True)
        assert _ledger_rows(ledger) == linked


def _filed(ledger: Ledger, query: str) -> set[tuple[int, str]]:
    with ledger.engine.connect() as connection:
        return {(article_id, key) for article_id, key in connection.exec_driver_sql(query)}
