"""Bad input and faults: odd claims are flagged not summed, racing imports and killed runs lose nothing."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from harmledger.extract import extract_claims
from harmledger.ledger import Ledger, search
from harmledger.ledger.tables import ArticleRow, Base, ClaimRow
from harmledger.models import Article, PlaceRef

from ..conftest import EXAMPLES

HAJIN = PlaceRef(name="Hajin", resolved="Hajin", geonames_id=174506, lat=34.695, lon=40.831, precision="place")


def _store(ledger: Ledger, body: str, *, place: PlaceRef = HAJIN) -> None:
    article = Article(id="a", text=body, published=date(2018, 11, 16), raw=body.encode())
    claims = extract_claims(article)
    for claim in claims:
        claim.places = [place]
    ledger.add(article, claims)
    ledger.relink()


def _not_text_search(name: str | None, kind: str, _parents: object) -> bool:
    """Leave out the FTS5 tables (and their shadow tables) migration 0003 makes for SQLite's text search."""
    return not (kind == "table" and name is not None and name.startswith(search.TABLES))


# Expression indexes are not reflected (both libraries say so): compared by name below instead.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index:UserWarning")
def test_the_migrations_build_exactly_the_tables(ledger: Ledger) -> None:
    with ledger.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_text_search})
        assert compare_metadata(context, Base.metadata) == []
        # Expression indexes are not reflected, so compared by name.
        if ledger.engine.dialect.name == "sqlite":
            listed = (
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents' AND sql IS NOT NULL"
            )
        else:
            listed = "SELECT indexname FROM pg_indexes WHERE tablename = 'incidents' AND indexname LIKE 'ix_%'"
        built = set(conn.scalars(text(listed)))
    assert built == {index.name for index in Base.metadata.tables["incidents"].indexes}


def test_text_search_tables_are_sqlite_only(ledger: Ledger) -> None:
    names = set(inspect(ledger.engine).get_table_names())
    assert names & set(search.TABLES) == (set(search.TABLES) if ledger.engine.dialect.name == "sqlite" else set())


def test_an_implausible_figure_is_flagged_and_kept_out_of_ranges(
    ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        _store(ledger, "On Thursday an airstrike killed 10,000,000 civilians in Hajin, the monitor said.")
    assert "implausible figure 10,000,000" in caplog.text
    (incident,) = ledger.incidents()
    assert incident.killed_max is None
    (link,) = incident.links
    assert link.claim.flags and link.claim.flags[0].startswith("implausible")


def test_a_date_in_the_future_is_flagged(ledger: Ledger, caplog: pytest.LogCaptureFixture) -> None:
    article = Article(id="f", text="On 3 March 2091 an airstrike killed 4 people in Hajin.", published=None)
    claims = extract_claims(article)
    for claim in claims:
        claim.date, claim.date_precision = "2091-03-03", "day"
    with caplog.at_level(logging.WARNING):
        ledger.add(article, claims)
    assert "after today" in caplog.text


def test_an_unknown_place_is_flagged_and_links_by_spelling(ledger: Ledger) -> None:
    nowhere = PlaceRef(name="Kafr Nowhere")
    _store(ledger, "On Thursday an airstrike killed 4 people in Kafr Nowhere, the monitor said.", place=nowhere)
    (incident,) = ledger.incidents()
    assert incident.place == "Kafr Nowhere"
    assert "not in the gazetteer" in incident.links[0].claim.flags[0]


def _ingest_cmd(db: str, *paths: str) -> list[str]:
    return [str(Path(sys.executable).parent / "harmledger"), "ingest", *paths, "--db", db]


def test_two_imports_racing_on_one_sqlite_file(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "HARMLEDGER_HOME": str(tmp_path)}
    runs = [subprocess.Popen(_ingest_cmd(db_url, str(EXAMPLES)), env=env, stderr=subprocess.PIPE) for _ in range(2)]
    errors = [run.communicate(timeout=300)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    with Ledger(db_url) as ledger:
        once = ledger.counts()
    subprocess.run(_ingest_cmd(db_url, str(EXAMPLES)), env=env, check=True, capture_output=True)
    with Ledger(db_url) as ledger:
        assert ledger.counts() == once
        assert once["pending"] == 0


@pytest.mark.postgres
@pytest.mark.parametrize("streamed", [False, True])
def test_keys_queued_while_a_relink_runs_wait_for_the_next(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """On PostgreSQL another process may store claims during a relink: their keys must outlive it, not vanish."""
    from harmledger.ledger import relink  # noqa: PLC0415
    from harmledger.ledger.tables import PendingRow  # noqa: PLC0415
    from harmledger.link.regions import linker  # noqa: PLC0415

    def stored_meanwhile(*args: object, **kwargs: object) -> object:
        with ledger.engine.begin() as other:  # another connection, committed while the relink's is open
            other.execute(PendingRow.__table__.insert(), [{"key": "gn:163345"}])
        return reads(*args, **kwargs)

    with Ledger(pg_url) as ledger:
        text = "An airstrike killed 4 people in Hajin on Thursday."
        article = Article(id="a", text=text, published=date(2018, 11, 16))
        ledger.add(article, extract_claims(article))
        reads = relink._relink_all if streamed else relink._evidence  # whichever this relink reads the claims with
        monkeypatch.setattr(relink, "_relink_all" if streamed else "_evidence", stored_meanwhile)
        ledger.relink(linker=relink.link if streamed else linker(map, 2))  # the queue reaches every claim
        with ledger.session() as session:
            assert list(session.scalars(select(PendingRow.key))) == ["gn:163345"]


# Stores EXAMPLES three articles to a transaction; the claims of the fifth article say so when they are
# read (inside the second batch's transaction, its articles already inserted), then wait to be killed.
_KILLED_CHILD = """
import sys
from harmledger.ingest import read_sources
from harmledger.ledger import Ledger, search
from harmledger.models import Article
from harmledger.pipeline import process

class Stall(list):
    def __iter__(self):
        print("mid-batch", flush=True)
        sys.stdin.read()
        return super().__iter__()

articles = [a for a in read_sources([sys.argv[2]]) if isinstance(a, Article)]
items = ((a, Stall(process(a)) if n == 4 else process(a)) for n, a in enumerate(articles))
with Ledger(sys.argv[1]) as ledger:
    ledger.add_many(items, batch_size=3)
"""


def test_a_killed_ingest_resumes_and_stores_no_partial_article(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "HARMLEDGER_HOME": str(tmp_path)}
    child = [sys.executable, "-c", _KILLED_CHILD, db_url, str(EXAMPLES)]
    with subprocess.Popen(child, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as killed:
        assert killed.stdout is not None
        assert killed.stdout.readline() == b"mid-batch\n", "the child ended before its second batch"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
    with Ledger(db_url) as ledger:
        counts = ledger.counts()
    assert counts["articles"] == 3, "the first batch is committed, the open one left no article behind"
    assert counts["pending"] > 0, "the killed run had not relinked: its queue is kept"
    subprocess.run(_ingest_cmd(db_url, str(EXAMPLES)), env=env, check=True, capture_output=True)
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    subprocess.run(_ingest_cmd(clean, str(EXAMPLES)), env=env, check=True, capture_output=True)
    with Ledger(db_url) as resumed, Ledger(clean) as reference:
        assert resumed.counts() == reference.counts()
        assert {r.key for r in resumed.incidents()} == {r.key for r in reference.incidents()}
        assert _claims_per_article(resumed) == _claims_per_article(reference)


def _claims_per_article(ledger: Ledger) -> dict[str, int]:
    with ledger.session() as session:
        query = select(ArticleRow.content_hash, func.count(ClaimRow.id)).join(ClaimRow).group_by(ArticleRow.id)
        return dict(session.execute(query).all())  # type: ignore[arg-type]


def test_extracting_in_worker_processes_stores_the_same_ledger(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "HARMLEDGER_HOME": str(tmp_path)}
    subprocess.run([*_ingest_cmd(db_url, str(EXAMPLES)), "--workers", "2"], env=env, check=True, capture_output=True)
    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    subprocess.run(_ingest_cmd(alone, str(EXAMPLES)), env=env, check=True, capture_output=True)
    with Ledger(db_url) as pooled, Ledger(alone) as reference:
        assert pooled.counts() == reference.counts()
        assert _claims_per_article(pooled) == _claims_per_article(reference)
