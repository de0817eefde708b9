"""The ledger: the one place that reads and writes the database.

Each article is stored with its claims in one transaction, so an interrupted ingest
never leaves half an article behind, and an article already present (same content hash
or same URL) is skipped, so re-running an ingest adds nothing twice. Incidents are
recomputed from all stored claims by the pure linker, which makes them independent of
the order in which reports arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from harmledger.errors import LedgerError, NotFoundError
from harmledger.ledger.db import default_url, make_engine, migrate
from harmledger.ledger.tables import ArticleRow, AuditRow, ClaimRow, IncidentRow, LinkRow, Outlet
from harmledger.link import Evidence, Group, link, summarise
from harmledger.models import Article, Claim, PlaceRef

logger = logging.getLogger(__name__)


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

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def has_article(self, article: Article) -> bool:
        with self.session() as session:
            return _find_article(session, article) is not None

    def add(self, article: Article, claims: Sequence[Claim]) -> bool:
        """Store ``article`` and its claims; False (and nothing written) if it is already stored."""
        try:
            with self.session() as session:
                if _find_article(session, article) is not None:
                    return False
                row = _article_row(session, article)
                row.claims = [_claim_row(claim) for claim in claims]
                session.add(row)
                _audit(
                    session,
                    actor="system",
                    action="ingest",
                    entity="article",
                    key=article.content_hash[:16],
                    before=None,
                    after=article.header(),
                )
        except IntegrityError:
            # Another process stored the same article between our check and our insert.
            logger.info("article %s stored concurrently; skipped", article.id)
            return False
        return True

    def relink(self) -> int:
        """Recompute every incident and tally from the stored claims; returns the incident count."""
        with self.session() as session:
            evidence = [
                _evidence(row) for row in session.scalars(select(ClaimRow).options(selectinload(ClaimRow.article)))
            ]
            groups = link(evidence)
            session.execute(delete(LinkRow))
            session.execute(delete(IncidentRow))
            for group in groups:
                session.add(_incident_row(group))
            return sum(1 for g in groups if g.kind == "incident")

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                "articles": session.scalar(select(func.count(ArticleRow.id))) or 0,
                "claims": session.scalar(select(func.count(ClaimRow.id))) or 0,
                "incidents": session.scalar(select(func.count(IncidentRow.id)).where(IncidentRow.kind == "incident"))
                or 0,
                "tallies": session.scalar(select(func.count(IncidentRow.id)).where(IncidentRow.kind == "tally")) or 0,
            }

    def incidents(self, kind: str = "incident") -> list[IncidentRow]:
        """Incidents (or tallies) with their claims and articles loaded, newest first."""
        with self.session() as session:
            query = (
                select(IncidentRow)
                .where(IncidentRow.kind == kind)
                .options(
                    selectinload(IncidentRow.links)
                    .selectinload(LinkRow.claim)
                    .selectinload(ClaimRow.article)
                    .selectinload(ArticleRow.outlet)
                )
                .order_by(IncidentRow.date.desc().nulls_last(), IncidentRow.key)
            )
            return list(session.scalars(query))

    def incident(self, key: str) -> IncidentRow:
        with self.session() as session:
            query = (
                select(IncidentRow)
                .where(IncidentRow.key == key)
                .options(
                    selectinload(IncidentRow.links)
                    .selectinload(LinkRow.claim)
                    .selectinload(ClaimRow.article)
                    .selectinload(ArticleRow.outlet)
                )
            )
            row = session.scalar(query)
            if row is None:
                raise NotFoundError(f"no incident {key!r}: list them with `harmledger incidents`")
            return row

    def article(self, article_id: int) -> ArticleRow:
        with self.session() as session:
            query = select(ArticleRow).where(ArticleRow.id == article_id).options(selectinload(ArticleRow.claims))
            row = session.scalar(query.options(selectinload(ArticleRow.outlet)))
            if row is None:
                raise NotFoundError(f"no article {article_id}")
            return row


def _find_article(session: Session, article: Article) -> ArticleRow | None:
    condition = ArticleRow.content_hash == article.content_hash
    if article.url:
        condition = or_(condition, ArticleRow.url == article.url)
    return session.scalar(select(ArticleRow).where(condition).limit(1))


def _article_row(session: Session, article: Article) -> ArticleRow:
    outlet = None
    if article.outlet:
        outlet = session.scalar(select(Outlet).where(Outlet.name == article.outlet))
        if outlet is None:
            outlet = Outlet(name=article.outlet)
            session.add(outlet)
    return ArticleRow(
        key=article.id,
        content_hash=article.content_hash,
        url=article.url,
        source=article.source,
        title=article.title,
        outlet=outlet,
        author=article.author,
        published=article.published,
        format=article.format,
        raw=article.raw,
        text=article.text,
    )


_CLAIM_FIELDS = [
    "quote",
    "start",
    "end",
    "context_start",
    "context_end",
    "outcome",
    "min",
    "max",
    "qualifier",
    "vague_term",
    "victims",
    "subset_of",
    "claimant",
    "via",
    "perpetrator",
    "attack",
    "belligerent_stance",
    "date",
    "date_precision",
    "date_phrase",
    "cumulative",
]


def _claim_row(claim: Claim) -> ClaimRow:
    values = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
    return ClaimRow(**values, places=[asdict(p) for p in claim.places])


def row_to_claim(row: ClaimRow) -> Claim:
    """The stored claim as the pipeline's record."""
    values = {name: getattr(row, name) for name in _CLAIM_FIELDS}
    places = [PlaceRef(**p) for p in row.places or []]  # type: ignore[arg-type]
    return Claim(article_id=row.article.key, places=places, **values)


def _evidence(row: ClaimRow) -> Evidence:
    return Evidence(
        id=row.id,
        claim=row_to_claim(row),
        article=row.article.content_hash,
        order=f"{row.article.content_hash}:{row.start:08d}",
    )


def _incident_row(group: Group) -> IncidentRow:
    summary = summarise(group.members)
    place = summary.place
    row = IncidentRow(
        key=group.key,
        kind=group.kind,
        date=summary.date,
        date_precision=summary.date_precision,
        place=(place.resolved or place.name) if place else None,
        geonames_id=place.geonames_id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        admin1=place.admin1 if place else None,
        country=place.country if place else None,
        precision=place.precision if place else None,
        perpetrator=summary.perpetrator,
        attack=summary.attack,
        killed_min=summary.killed.low,
        killed_max=summary.killed.high,
        killed_max_open=summary.killed.open_ended,
        injured_min=summary.injured.low,
        injured_max=summary.injured.high,
        children_killed=summary.children_killed,
        women_killed=summary.women_killed,
        grade=summary.grade,
        grade_reason=summary.grade_reason,
    )
    row.links = [
        LinkRow(claim_id=m.id, reason=group.reasons[m.id][0], score=group.reasons[m.id][1]) for m in group.members
    ]
    return row


def _audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
) -> None:
    session.add(AuditRow(actor=actor, action=action, entity=entity, entity_key=key, before=before, after=after))
