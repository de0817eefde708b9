"""The ledger's tables (SQLAlchemy 2 declarative models), mirrored by the Alembic migrations.

Articles keep their raw bytes so that any claim can be re-read from the original; claims
keep every field of the extraction contract plus their character offsets; links record
why each claim joined its incident (or tally) and how strongly. The audit log is only
ever appended to.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Outlet(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(500), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    source: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    author: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    format: Mapped[str] = mapped_column(String(20))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    outlet: Mapped[Outlet | None] = relationship()
    claims: Mapped[list[ClaimRow]] = relationship(back_populates="article", cascade="all, delete-orphan")


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("article_id", "start", "end", name="uq_claim_span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    context_start: Mapped[int] = mapped_column(Integer)
    context_end: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(30))
    min: Mapped[int | None] = mapped_column(Integer)
    max: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(20))
    vague_term: Mapped[str | None] = mapped_column(String(50))
    victims: Mapped[str | None] = mapped_column(String(100))
    subset_of: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(String(300))
    via: Mapped[str | None] = mapped_column(String(300))
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    attack: Mapped[str | None] = mapped_column(String(100))
    belligerent_stance: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[str | None] = mapped_column(String(30))
    date_precision: Mapped[str] = mapped_column(String(30))
    date_phrase: Mapped[str | None] = mapped_column(Text)
    places: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    link: Mapped[LinkRow | None] = relationship(back_populates="claim", cascade="all, delete-orphan")


class IncidentRow(Base):
    """One event, or (``kind == 'tally'``) a cumulative tally kept apart from events."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="incident", index=True)
    date: Mapped[str | None] = mapped_column(String(30), index=True)
    date_precision: Mapped[str] = mapped_column(String(30))
    place: Mapped[str | None] = mapped_column(String(300))
    geonames_id: Mapped[int | None] = mapped_column(Integer, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    precision: Mapped[str | None] = mapped_column(String(20))
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    attack: Mapped[str | None] = mapped_column(String(100))
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    killed_max_open: Mapped[bool] = mapped_column(Boolean, default=False)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    children_killed: Mapped[int | None] = mapped_column(Integer)
    women_killed: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(30))
    grade_reason: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)

    links: Mapped[list[LinkRow]] = relationship(back_populates="incident", cascade="all, delete-orphan")


class LinkRow(Base):
    """Why a claim belongs to its incident: the rule that placed it and its score."""

    __tablename__ = "links"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)

    claim: Mapped[ClaimRow] = relationship(back_populates="link")
    incident: Mapped[IncidentRow] = relationship(back_populates="links")


class PlaceRow(Base):
    """A place an analyst added (a village missing from the gazetteer), used by later runs."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    country: Mapped[str] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    alternate_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    added_by: Mapped[str | None] = mapped_column(String(100))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditRow(Base):
    """Append-only: who did what to which record, with the state before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(30))
    entity_key: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
