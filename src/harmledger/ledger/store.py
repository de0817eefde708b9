"""The ledger: the one place that reads and writes the database.

Each article is stored with its claims in one transaction, so an interrupted ingest
never leaves half an article behind, and an article already present (same content hash
or same URL) is skipped, so re-running an ingest adds nothing twice. Incidents are
recomputed by the pure linker over the claims new ones can affect
(:mod:`harmledger.ledger.relink`), which keeps them independent of the order in which
reports arrived.

Analysts' decisions go through one call, kept as overrides that survive relinking and
re-extraction, each with an audit entry (who, when, before, after)::

    ledger.record_decision("reject", claim_key, {}, actor="jane")
    ledger.record_decision("move", claim_key, {"incident": "3f2a9c0d1e2b"}, actor="jane")
    ledger.record_decision("merge", "3f2a9c0d1e2b", {"into": "9a8b7c6d5e4f"}, actor="jane")
    ledger.record_decision("split", "9a8b7c6d5e4f", {"claims": [claim_key]}, actor="jane")
    ledger.record_decision("correct", "9a8b7c6d5e4f", {"grade": "conceded", "grade_reason": "..."}, actor="jane")

``claim_key`` is ``<article content hash>:<start>:<end>`` (:func:`Ledger.claim_key`);
:mod:`harmledger.ledger.decisions` lists every kind and value.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, overload

from sqlalchemy import Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from harmledger.errors import LedgerError, NotFoundError
from harmledger.ledger import batch, copies, decisions, queries, relink
from harmledger.ledger.db import default_url, make_engine, migrate
from harmledger.ledger.queries import IncidentFilter, Totals
from harmledger.ledger.rows import claim_key, row_to_article
from harmledger.ledger.tables import (
    ArticleRow,
    AuditRow,
    ClaimRow,
    CopyRow,
    DecisionRow,
    IncidentRow,
    LinkRow,
    PendingRow,
    RepublicationRow,
    TallyRow,
)
from harmledger.link import link
from harmledger.models import Article, Claim

logger = logging.getLogger(__name__)
_RELINK_LOCK = 0x4A524C  # PostgreSQL advisory lock: one relink at a time per database
BATCH = 400
"""Articles per transaction and per partition of an ingest: enough to amortise the commit and each batch's
queries, small enough to lose a few seconds' work when killed. At 30k reports, 400 took 8% less of the
storing process's CPU than 100 (64 s against 70: commits 6.4 -> 3.6 s); 1,000 gained nothing more."""


class Ledger:
    """A harmledger database at ``url`` (default ``$HARMLEDGER_DB`` or ``sqlite:///harmledger.db``)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        try:
            migrate(self.engine)
        except OperationalError as exc:
            raise LedgerError(f"cannot open the ledger at {self.url}: {exc.orig}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer: Engine = self.engine.execution_options(harmledger_write=True)
        self._writes = sessionmaker(writer, expire_on_commit=False)
        self._copies = copies.Catalog()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction; on SQLite it takes the write lock first, so racing writers queue, never fail."""
        with self._writes.begin() as session:
            yield session

    def has_article(self, article: Article) -> bool:
        """True when storing ``article`` would add nothing: the same text from the same publication is stored.

        The same text under another outlet, URL or title is a republication the ledger still records.
        """
        return not self.missing([article])

    def missing(self, articles: Sequence[Article]) -> list[Article]:
        """The articles of ``articles`` not yet stored (by content hash or URL), in one query: what to extract."""
        with self.session() as session:
            return [article for article, _ in batch.fresh(session, [(a, ()) for a in articles])]

    def add(self, article: Article, claims: Sequence[Claim]) -> bool:
        """Store ``article`` and its claims; False (and nothing written) if it is already stored."""
        return self.add_many([(article, claims)]) == 1

    def add_many(
        self, items: Iterable[tuple[Article, Sequence[Claim]]], *, batch_size: int = BATCH, search_now: bool = True
    ) -> int:
        """Store articles with their claims, ``batch_size`` to a transaction; returns how many were new.

        Every article lands whole or not at all (a killed run loses at most its open batch,
        which the next run stores); articles already stored are skipped, so running the same
        input again stores nothing twice. Relinking is left to :meth:`relink`, once for all;
        without ``search_now``, so is adding the claims to text search, which the same relink
        does at once (``harmledger ingest``, whose relink follows).
        """
        stored = 0
        chunk: list[tuple[Article, Sequence[Claim]]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == batch_size:
                stored += self._add_batch(chunk, search_now)
                chunk = []
        if chunk:
            stored += self._add_batch(chunk, search_now)
        return stored

    def _add_batch(self, chunk: Sequence[tuple[Article, Sequence[Claim]]], search_now: bool) -> int:
        try:
            with self._copy_detection(), self.writing() as session:
                fresh, keys = batch.store(session, chunk, self._copies, search_now=search_now)
                self._queue(session, keys)
        except IntegrityError:
            # Another process stored one of these articles between our check and our insert.
            if len(chunk) > 1:
                return sum(self._add_batch([item], search_now) for item in chunk)
            logger.info("article %s stored concurrently; skipped", chunk[0][0].id)
            return 0
        return len(fresh)

    @contextmanager
    def _copy_detection(self) -> Iterator[None]:
        """A transaction that indexes articles for copies: if it rolls back, the index has articles never stored."""
        try:
            yield
        except BaseException:
            self._copies.reset()
            raise

    def _queue(self, session: Session, keys: set[str]) -> None:
        if not keys:
            return
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(PendingRow).on_conflict_do_nothing(), [{"key": k} for k in sorted(keys)])

    def relink(self, *, everything: bool = False, linker: relink.Linker = link, helper: bool = False) -> int:
        """Relink the claims stored since the last relink (or all); returns the ledger's incident count.

        ``linker`` may link by region in parallel (:func:`harmledger.link.regions.linker`): the same incidents.
        With ``helper``, a relink that streams the whole ledger reads and links it in a second process while
        this one writes the incidents (an ingest's last step, its workers idle): the same incidents too.
        """
        with self.writing() as session:  # committed first: a helper process reads only what is committed
            self._lock_relinking(session)
            self._queue(session, copies.apply_decisions(session))
        elsewhere = helper and self.engine.url.database not in (None, "", ":memory:")
        with self.writing() as session:
            self._lock_relinking(session)
            relink.relink(session, everything=everything, linker=linker, helper=self.url if elsewhere else None)
        self._refresh_statistics()
        return self.counts()["incidents"]

    def _lock_relinking(self, session: Session) -> None:
        """On PostgreSQL, one relink at a time (SQLite writers already take turns)."""
        if self.engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _RELINK_LOCK})

    def _refresh_statistics(self) -> None:
        """Keep SQLite's planner statistics fresh: without them it picks the wrong index on a big ledger.

        ``PRAGMA optimize`` re-analyses the tables that grew 25-fold since their last ANALYZE and
        costs nothing otherwise; before SQLite 3.46 it never analyses a ledger that has no
        statistics at all, which gets a full ANALYZE instead (0.12 s of CPU at 100k incidents).
        """
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.execution_options(harmledger_write=True).begin() as connection:
            analysed = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
            connection.exec_driver_sql("PRAGMA optimize(0x10002)" if analysed else "ANALYZE")

    def reprocess(self, extract: Any) -> int:
        """Re-extract every stored article with ``extract(article) -> claims``; decisions are kept. Returns the count.

        Each article is rewritten in its own transaction, so an interrupted run can simply be run again.
        """
        with self._copy_detection(), self.writing() as session:  # signs any article stored before copy detection
            copies.lock(session)
            self._queue(session, copies.update(session, copies.catch_up(session, self._copies)))
        with self.session() as session:
            ids = list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
        for article_id in ids:
            with self.writing() as session:
                row = session.get(ArticleRow, article_id, options=[selectinload(ArticleRow.outlet)])
                if row is None:
                    continue
                article = row_to_article(row)
                self._queue(session, batch.replace_claims(session, article_id, article, extract(article)))
                session.expire(row, ["claims"])
                self._queue(session, copies.block_keys(session, copies.mark(session, {article_id})))
        self.relink()
        return len(ids)

    def record_decision(
        self, kind: str, target: str, value: dict[str, Any] | None, *, actor: str, note: str | None = None
    ) -> None:
        """Record an analyst's decision (see :mod:`harmledger.ledger.decisions`), audit it and relink."""
        decisions.validate(kind, value, note)
        with self.writing() as session:
            previous = session.scalar(
                select(DecisionRow)
                .where(DecisionRow.kind == kind, DecisionRow.target == target)
                .order_by(DecisionRow.id.desc())
            )
            session.add(DecisionRow(kind=kind, target=target, value=value, actor=actor, note=note))
            _audit(
                session,
                actor=actor,
                action=f"decision:{kind}",
                entity="decision",
                key=target,
                before=previous.value if previous else None,
                after=value,
            )
            # Relink what the new decision names and what the one it replaces named: a withdrawn merge, or an
            # acceptance replacing a rejection, names claims no decision in force reaches any more.
            incidents, claims = decisions.named(kind, target, value)
            if previous is not None:
                old_incidents, old_claims = decisions.named(kind, target, previous.value)
                incidents, claims = incidents | old_incidents, claims | old_claims
            named = decisions.claims_named(session, incidents, claims)
            reports = relink.reports_of(session, named)  # a report's claims relink together
            self._queue(session, {f"decision:{kind}:{target}", *copies.block_keys(session, reports)})
        self.relink()

    @staticmethod
    def claim_key(content_hash: str, start: int, end: int) -> str:
        """The stable key decisions about a claim are filed under."""
        return claim_key(content_hash, start, end)

    def totals(self, flt: IncidentFilter | None = None) -> Totals:
        """Sums of minima and of maxima over incidents, tallies excluded (:func:`~harmledger.ledger.queries.totals`)."""
        with self.session() as session:
            return queries.totals(session, flt or IncidentFilter())

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                "articles": session.scalar(select(func.count(ArticleRow.id))) or 0,
                "claims": session.scalar(select(func.count(ClaimRow.id))) or 0,
                "incidents": session.scalar(select(func.count(IncidentRow.id))) or 0,
                "tallies": session.scalar(select(func.count(TallyRow.id))) or 0,
                "pending": session.scalar(select(func.count()).select_from(PendingRow)) or 0,
            }

    @overload
    def incidents(self, kind: Literal["incident"] = "incident") -> list[IncidentRow]: ...

    @overload
    def incidents(self, kind: Literal["tally"]) -> list[TallyRow]: ...

    @overload
    def incidents(self, kind: str) -> list[IncidentRow] | list[TallyRow]: ...

    def incidents(self, kind: str = "incident") -> list[IncidentRow] | list[TallyRow]:
        """Incidents (or tallies) with their claims and articles loaded, newest first."""
        table = TallyRow if kind == "tally" else IncidentRow
        with self.session() as session:
            query = select(table).options(*_with_claims(table)).order_by(table.date.desc().nulls_last(), table.key)
            return list(session.scalars(query))  # type: ignore[return-value]

    def tallies(self) -> list[TallyRow]:
        """Cumulative tallies, kept apart from incidents."""
        return self.incidents("tally")

    def incident(self, key: str) -> IncidentRow | TallyRow:
        """The incident, or else the tally, with this key."""
        with self.session() as session:
            incident = session.scalar(
                select(IncidentRow).where(IncidentRow.key == key).options(*_with_claims(IncidentRow))
            )
            if incident is not None:
                return incident
            tally = session.scalar(select(TallyRow).where(TallyRow.key == key).options(*_with_claims(TallyRow)))
            if tally is not None:
                return tally
            raise NotFoundError(f"no incident {key!r}: list them with `harmledger incidents`")

    def article(self, article_id: int) -> ArticleRow:
        with self.session() as session:
            query = select(ArticleRow).where(ArticleRow.id == article_id).options(selectinload(ArticleRow.claims))
            row = session.scalar(query.options(selectinload(ArticleRow.outlet)))
            if row is None:
                raise NotFoundError(f"no article {article_id}")
            return row


def _with_claims(table: type[IncidentRow] | type[TallyRow]) -> Any:
    articles = selectinload(table.links).selectinload(LinkRow.claim).selectinload(ClaimRow.article)
    copies = articles.selectinload(ArticleRow.copies).selectinload(CopyRow.copy)  # "also carried by", issue 9
    republished = articles.selectinload(ArticleRow.republications).selectinload(RepublicationRow.outlet)
    return articles.selectinload(ArticleRow.outlet), copies.selectinload(ArticleRow.outlet), republished


def _audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.add(AuditRow(actor=actor, action=action, entity=entity, entity_key=key, before=before, after=after))
