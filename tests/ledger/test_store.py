"""The ledger on SQLite and PostgreSQL: idempotent storage, incidents recomputed from claims, subsets never added."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from harmledger.errors import LedgerError, NotFoundError
from harmledger.extract import extract_claims
from harmledger.ledger import Ledger
from harmledger.ledger.export import to_csv
from harmledger.models import Article, Claim, PlaceRef

HAJIN = PlaceRef(
    name="Hajin",
    resolved="Hajin",
    geonames_id=174506,
    lat=34.695,
    lon=40.831,
    admin1="Deir ez-Zor",
    country="SY",
    precision="place",
)
SUSAH = PlaceRef(
    name="As Susah",
    resolved="As Susah",
    geonames_id=172415,
    lat=34.533,
    lon=40.958,
    admin1="Deir ez-Zor",
    country="SY",
    precision="place",
)


def _article(key: str, body: str, published: date | None, *, url: str | None = None) -> Article:
    return Article(id=key, text=body, published=published, outlet=f"Outlet {key}", url=url, raw=body.encode())


def _store(ledger: Ledger, article: Article, place: PlaceRef) -> bool:
    claims = extract_claims(article)
    for claim in claims:
        claim.places = [place]
    return ledger.add(article, claims)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db_url: str) -> None:
    with Ledger(db_url) as ledger, ledger.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_same_article_is_stored_once(ledger: Ledger) -> None:
    article = _article(
        "a", "On Monday an airstrike killed 12 civilians in Hajin, the monitor said.", date(2018, 11, 14)
    )
    assert _store(ledger, article, HAJIN) is True
    assert _store(ledger, article, HAJIN) is False
    same_url = _article("b", "Different text, killed 3 people.", date(2018, 11, 14), url="http://x.org/1")
    assert _store(ledger, same_url, HAJIN) is True
    moved = _article("c", "Other text again, killed 4 people.", date(2018, 11, 14), url="http://x.org/1")
    assert _store(ledger, moved, HAJIN) is False
    assert ledger.counts()["articles"] == 2


def test_has_article_says_whether_storing_would_add_anything(ledger: Ledger) -> None:
    """What ``harmledger watch`` asks before extracting: a republication under another outlet is still news."""
    text = "On Monday an airstrike killed 12 civilians in Hajin, the monitor said."
    article = _article("a", text, date(2018, 11, 14))
    assert ledger.has_article(article) is False
    _store(ledger, article, HAJIN)
    assert ledger.has_article(article) is True
    elsewhere = Article(id="b", text=text, outlet="Other Outlet", published=date(2018, 11, 15), raw=text.encode())
    assert ledger.has_article(elsewhere) is False
    ledger.add(elsewhere, [])
    assert ledger.has_article(elsewhere) is True


def test_two_claimants_one_strike_give_a_range_and_corroboration(ledger: Ledger) -> None:
    _store(
        ledger,
        _article(
            "a", "On Monday an airstrike killed at least 12 civilians in Hajin, SANA reported.", date(2018, 11, 14)
        ),
        HAJIN,
    )
    _store(
        ledger,
        _article(
            "b",
            "Monday's airstrike on Hajin killed 19 people, including 7 children, the "
            "Syrian Observatory for Human Rights said.",
            date(2018, 11, 13),
        ),
        HAJIN,
    )
    assert ledger.relink() == 1
    (incident,) = ledger.incidents()
    assert (incident.killed_min, incident.killed_max, incident.killed_max_open) == (12, 19, False)
    assert incident.children_killed == 7
    assert incident.grade == "corroborated"


def test_same_village_months_apart_stays_two_incidents(ledger: Ledger) -> None:
    _store(
        ledger,
        _article("a", "On Thursday an airstrike killed 9 people in the village, SANA said.", date(2018, 11, 16)),
        SUSAH,
    )
    _store(
        ledger,
        _article(
            "b", "On Thursday an airstrike killed 9 people in the village, SANA said.\n\n(Repeat.)", date(2018, 6, 8)
        ),
        SUSAH,
    )
    assert ledger.relink() == 2


def test_cumulative_claims_form_tallies_not_incidents(ledger: Ledger) -> None:
    _store(
        ledger,
        _article(
            "a", "Since 2014 more than 1,200 civilians have been killed in Hajin, the monitor said.", date(2018, 11, 16)
        ),
        HAJIN,
    )
    assert ledger.relink() == 0
    assert len(ledger.incidents("tally")) == 1


def test_unknown_incident_is_a_clear_error(ledger: Ledger) -> None:
    with pytest.raises(NotFoundError, match="no incident"):
        ledger.incident("nope")


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(LedgerError, match="not a database URL"):
        Ledger("not a url")


def test_a_batch_stores_new_articles_once_each_and_skips_repeats(ledger: Ledger) -> None:
    bodies = [f"On Monday an airstrike killed {n} civilians in Hajin, the monitor said." for n in (3, 4, 5)]
    articles = [_article(f"k{n}", body, date(2018, 11, 14)) for n, body in enumerate(bodies)]
    items = [(a, _placed(a, HAJIN)) for a in articles]
    assert ledger.add_many([items[0], items[1], items[0]], batch_size=2) == 2
    assert ledger.add_many(items, batch_size=2) == 1
    assert ledger.missing(articles) == []
    counts = ledger.counts()
    assert (counts["articles"], counts["claims"]) == (3, 3)


def test_totals_sum_minima_and_maxima_of_incidents_and_leave_tallies_out(ledger: Ledger) -> None:
    _store(
        ledger, _article("h", "On Monday an airstrike killed 12 to 15 civilians in Hajin.", date(2018, 11, 14)), HAJIN
    )
    _store(ledger, _article("s", "On 2 March an airstrike killed 7 people in As Susah.", date(2019, 3, 3)), SUSAH)
    _store_tally(ledger)
    ledger.relink()
    totals = ledger.totals()
    assert (totals.incidents, totals.killed_min, totals.killed_max) == (2, 19, 22)
    assert len(ledger.tallies()) == 1


def test_the_tally_csv_gives_each_tally_its_outcome_and_range(ledger: Ledger) -> None:
    _store_tally(ledger)
    ledger.relink()
    header, row = to_csv(ledger.tallies(), tallies=True).splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert (values["outcome"], values["figure_low"], values["figure_high_open"]) == ("bodies_recovered", "8001", "True")
    assert "outcome" not in to_csv(ledger.incidents()).splitlines()[0]


def _placed(article: Article, place: PlaceRef) -> list[Claim]:
    claims = extract_claims(article)
    for claim in claims:
        claim.places = [place]
    return claims


def _store_tally(ledger: Ledger) -> None:
    """A cumulative figure (the extractor's call in real text; forced here so the test is about the ledger)."""
    article = _article("t", "More than 8,000 bodies have been recovered in Hajin, officials said.", date(2019, 3, 3))
    claims = _placed(article, HAJIN)
    for claim in claims:
        claim.cumulative = True
    assert ledger.add(article, claims)
