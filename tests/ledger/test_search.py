"""Text search finds a literal substring, whatever characters it holds, and follows claims as they are rewritten.

On SQLite the search is answered by FTS5 trigram indexes kept up by triggers; on PostgreSQL
by LIKE. Both must find the same incidents.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from harmledger.ledger import Ledger, queries
from harmledger.ledger.db import alembic_config
from harmledger.ledger.tables import ClaimRow
from harmledger.link.regions import linker
from harmledger.models import Article

from .test_decisions import _placed  # claims read from a report, placed in Hajin

BODY = (
    'On Thursday an airstrike killed 4 people at the "Souq" al_Hal (سوق الهال) in Hajin, '
    "100% of them civilians, the monitor's C:\\reports said."
)


@pytest.fixture
def stored(ledger: Ledger) -> Ledger:
    article = Article(id="souq", text=BODY, published=date(2018, 11, 16), raw=BODY.encode())
    ledger.add(article, _placed(article))
    ledger.relink()
    return ledger


def _found(ledger: Ledger, text: str) -> int:
    with ledger.session() as session:
        return queries.count(session, queries.IncidentFilter(q=text))


@pytest.mark.parametrize(
    "text",
    [
        "killed 4",  # the quote
        "KILLED 4 PEOPLE",  # any case
        "the monitor's",  # the sentence around it
        '"souq"',
        "al_hal",
        "100%",
        "c:\\reports",
        "سوق الهال",
        "hajin",  # the place
        "in",  # under three characters
        "%",
        "_",
    ],
)
def test_finds_a_literal_substring(stored: Ledger, text: str) -> None:
    assert _found(stored, text) == 1


@pytest.mark.parametrize("text", ["al%hal", "a_-hal", "1_0%", "killed 5", "souq al", "\\x"])
def test_wildcards_are_characters_and_words_must_be_adjacent(stored: Ledger, text: str) -> None:
    assert _found(stored, text) == 0


def test_search_follows_claims_as_they_are_rewritten(stored: Ledger) -> None:
    stored.reprocess(lambda _article: [])  # every claim deleted, the incident with it
    assert _found(stored, "killed 4") == 0
    stored.reprocess(_placed)  # stored again (SQLite may give the new claims the old ids)
    assert _found(stored, "killed 4") == 1
    assert _found(stored, "killed 5") == 0


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ({}, 1),
        ({"date_from": date(2018, 1, 1), "date_to": date(2018, 12, 31)}, 1),
        ({"date_from": date(2019, 1, 1)}, 0),  # the text is found, the date is not
        ({"date_to": date(2017, 12, 31)}, 0),
        ({"grade": "contested"}, 0),
        ({"admin1": "Nowhere"}, 0),
    ],
)
@pytest.mark.parametrize("text", ["killed 4", "hajin", "in"])  # a claim's text, the place, a short text
def test_every_other_filter_holds_with_the_text(
    stored: Ledger, text: str, other: dict[str, object], expected: int
) -> None:
    """The text's alternatives (the incident's own text or a claim's) are one condition, not one ORed with the rest."""
    flt = queries.IncidentFilter(q=text, **other)  # type: ignore[arg-type]
    with stored.session() as session:
        page = queries.incident_page(session, flt, limit=10)
        assert (len(page.rows), queries.count(session, flt), queries.totals(session, flt).incidents) == (expected,) * 3


@pytest.mark.parametrize("text", ["geonames_id", "precision", '"lat"', "gazetteer"])
def test_the_places_json_is_not_searched(stored: Ledger, text: str) -> None:
    """Only place names are: a key or a matching rule of the places' JSON is in every claim, and means nothing."""
    assert _found(stored, text) == 0


@pytest.mark.parametrize("helper", [False, True])
def test_claims_stored_for_later_search_are_found_after_the_relink(db_url: str, helper: bool) -> None:
    """An ingest leaves text search to its relink; a relink that never comes is made up by the next one."""
    article = Article(id="souq", text=BODY, published=date(2018, 11, 16), raw=BODY.encode())
    with Ledger(db_url) as ledger:
        assert ledger.add_many([(article, _placed(article))], search_now=False) == 1
        assert _indexed_claims(ledger, '"monitor"') == []  # stored, not yet searchable: a killed ingest stops here
    with Ledger(db_url) as ledger:  # the next run
        ledger.relink(everything=True, helper=helper)  # streamed: indexed here, linked here or in a helper
        assert len(_indexed_claims(ledger, '"monitor"')) == 1
        assert _found(ledger, "the monitor's") == 1
        later = Article(id="later", text=BODY.replace("4 people", "5 people"), published=date(2018, 11, 17))
        ledger.add_many([(later, _placed(later))], search_now=False)
        ledger.relink(linker=linker(map, 2))  # relinking what the new claims reach, in memory, indexes them too
        assert len(_indexed_claims(ledger, '"monitor"')) == 2
        assert _found(ledger, "killed 5") == 1


def test_claims_rewritten_before_they_are_searchable_leave_the_index_whole(db_url: str) -> None:
    """Removing from FTS5 a claim it never held corrupts it (migration 0009): the triggers skip such claims."""
    kept = Article(id="souq", text=BODY, published=date(2018, 11, 16), raw=BODY.encode())
    replaced = Article(id="later", text=BODY.replace("4 people", "5 people"), published=date(2018, 11, 17))
    with Ledger(db_url) as ledger:
        ledger.add_many([(kept, _placed(kept)), (replaced, _placed(replaced))], search_now=False)
        with ledger.engine.begin() as connection:  # as a republication's earlier claims replacing some would
            connection.execute(sa.update(ClaimRow).values(claimant="the observatory"))
            connection.execute(sa.delete(ClaimRow).where(ClaimRow.quote.contains("5 people")))
            connection.exec_driver_sql("INSERT INTO claims_search(claims_search) VALUES ('integrity-check')")
        ledger.relink()
        assert (_found(ledger, "the observatory"), _found(ledger, "killed 5"), _found(ledger, "killed 4")) == (1, 0, 1)
        with ledger.engine.begin() as connection:  # indexed now: deleting it removes it from the index
            connection.execute(sa.delete(ClaimRow))
            connection.exec_driver_sql("INSERT INTO claims_search(claims_search) VALUES ('integrity-check')")
        assert _indexed_claims(ledger, '"observatory"') == []


def _indexed_claims(ledger: Ledger, text: str) -> list[int]:
    with ledger.engine.connect() as connection:
        found = connection.execute(sa.text("SELECT rowid FROM claims_search WHERE claims_search MATCH :t"), {"t": text})
        return [rowid for (rowid,) in found]


def test_migration_0006_indexes_place_names_instead_of_the_json(tmp_path: Path) -> None:
    """Down to 0005 the index reads the places' JSON again; up to 0006 it reads the names, filled for stored claims."""
    ledger = Ledger(f"sqlite:///{tmp_path / 'old.db'}")
    article = Article(id="souq", text=BODY, published=date(2018, 11, 16), raw=BODY.encode())
    ledger.add(article, _placed(article))
    ((claim_id, names),) = _place_names(ledger)
    assert names.splitlines()[0] == "Hajin"
    for revision, json_found in (("0005", [claim_id]), ("head", [])):
        with ledger.engine.begin() as connection:
            migrate = command.downgrade if revision == "0005" else command.upgrade
            migrate(alembic_config(connection), revision)
        assert _indexed_claims(ledger, '"geonames_id"') == json_found
        assert _indexed_claims(ledger, '"hajin"') == [claim_id]
    assert _place_names(ledger) == [(claim_id, names)]  # filled again after the column was dropped
    ledger.close()


def _place_names(ledger: Ledger) -> list[tuple[int, str]]:
    with ledger.session() as session:
        return [(row.id, row.place_names) for row in session.execute(select(ClaimRow.id, ClaimRow.place_names))]
