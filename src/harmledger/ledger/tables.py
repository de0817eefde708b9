"""The ledger's tables (SQLAlchemy 2 declarative models), mirrored by the Alembic migrations.

Articles keep their raw bytes so that any claim can be re-read from the original; claims
keep every field of the extraction contract plus their character offsets and the warnings
raised when they were stored; links record why each claim joined its incident or its
tally and how strongly. Decisions are analysts' overrides, re-applied after every
relink. The audit log is only ever appended to. Copies (issue 9): each article's
signature, the copy relations found between articles, each grouped article's original,
which claims are copies of which (:mod:`harmledger.ledger.copies`), and the other publications of an article's
very text (:mod:`harmledger.ledger.republications`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def _now() -> datetime:
    return datetime.now(UTC)


PLACE_NAME_FIELDS = ("name", "resolved", "admin2", "admin1")


def place_names(places: Iterable[Mapping[str, Any]]) -> str:
    """The names text search reads in a claim's places (as written, resolved, district, governorate), once each.

    Not the places' JSON: its keys, coordinates and rules are nothing anyone searches, and
    indexing them was two thirds of the claims' text search index (migration 0006).
    """
    names = (place.get(field) for place in places for field in PLACE_NAME_FIELDS)
    return "\n".join(dict.fromkeys(name for name in names if name))


def _claim_place_names(context: DefaultExecutionContext) -> str:
    parameters: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return place_names(parameters.get("places") or ())


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
    # Copy relations where this article is the copy, and where it is the original (loaded on demand).
    copy_of: Mapped[list[CopyRow]] = relationship(foreign_keys="CopyRow.copy_id", viewonly=True)
    copies: Mapped[list[CopyRow]] = relationship(foreign_keys="CopyRow.original_id", viewonly=True)
    group: Mapped[GroupRow | None] = relationship(foreign_keys="GroupRow.article_id", viewonly=True)
    # Other publications of this very text: another outlet, URL or title (issue 9).
    republications: Mapped[list[RepublicationRow]] = relationship(viewonly=True, order_by="RepublicationRow.id")


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
    place_names: Mapped[str] = mapped_column(Text, default=_claim_place_names)  # what text search reads of places
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)  # warnings raised on storing: kept, never hidden

    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    link: Mapped[LinkRow | None] = relationship(back_populates="claim", cascade="all, delete-orphan")


class _Summary:
    """The reconciled record shared by incidents and tallies: when, where, who, how many, how sure."""

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


class IncidentRow(_Summary, Base):
    """One event: one strike, one shelling. ``kind`` is always ``'incident'``; tallies have their own table."""

    __tablename__ = "incidents"
    __table_args__ = (
        # Filters compare lower(column), facets list columns; pages go newest first; series read dates and figures.
        Index("ix_incidents_admin1_lower", text("lower(admin1)"), "admin1"),
        Index("ix_incidents_place_lower", text("lower(place)"), "place"),
        Index("ix_incidents_perpetrator_lower", text("lower(perpetrator)"), "perpetrator"),
        Index("ix_incidents_grade_lower", text("lower(grade)"), "grade"),
        Index("ix_incidents_order", text("coalesce(date, '') DESC"), "key", "date"),
        Index("ix_incidents_series", "kind", "date", "date_precision", "killed_min", "killed_max"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="incident", index=True)

    links: Mapped[list[LinkRow]] = relationship(back_populates="incident", cascade="all, delete-orphan")


class TallyRow(_Summary, Base):
    """A cumulative figure over a period or a whole city, kept apart from events and never summed with them.

    ``outcome`` is the tally's own outcome (killed, bodies_recovered…) and ``figure_*`` its range, so that a
    tally of recovered bodies is not shown as "unknown" killed.
    """

    __tablename__ = "tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="tally")
    outcome: Mapped[str] = mapped_column(String(30))
    figure_min: Mapped[int | None] = mapped_column(Integer)
    figure_max: Mapped[int | None] = mapped_column(Integer)
    figure_max_open: Mapped[bool] = mapped_column(Boolean, default=False)

    links: Mapped[list[LinkRow]] = relationship(back_populates="tally", cascade="all, delete-orphan")


class LinkRow(Base):
    """Why a claim belongs to its incident or its tally (exactly one of the two): the rule and its score."""

    __tablename__ = "links"
    __table_args__ = (CheckConstraint("(incident_id IS NULL) <> (tally_id IS NULL)", name="ck_links_one_target"),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    tally_id: Mapped[int | None] = mapped_column(ForeignKey("tallies.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)

    claim: Mapped[ClaimRow] = relationship(back_populates="link")
    incident: Mapped[IncidentRow | None] = relationship(back_populates="links")
    tally: Mapped[TallyRow | None] = relationship(back_populates="links")


class SignatureRow(Base):
    """An article's copy signature, stored so that the copy index is rebuilt without reading any text.

    ``minhash`` holds the 128 uint32 minima, ``anchors`` the anchor shingle hashes (uint64),
    both little-endian (:mod:`harmledger.link.minhash`); ``bits`` the bitmap of every shingle
    (:func:`harmledger.link.copies.bitmap`), so that most candidates are ruled out without
    reading their text. It is None where unknown: for articles signed before migration 0007, and
    for an article whose outlet changed (the outlet's name is blanked before hashing).
    """

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    anchors: Mapped[bytes] = mapped_column(LargeBinary)
    shingles: Mapped[int] = mapped_column(Integer)
    bits: Mapped[bytes | None] = mapped_column(LargeBinary)


class CopyRow(Base):
    """One article found to copy another, wholly (``full``) or a passage at a time (``partial``).

    ``original`` is the earlier of the two (:func:`~harmledger.link.copies.earliest_order`); ``share`` is the
    part of the copy's words inside shared passages, and ``passages`` lists them as
    ``[original start, original end, copy start, copy end, words]``.
    """

    __tablename__ = "copy_relations"

    copy_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    original_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    share: Mapped[float] = mapped_column(Float)
    passages: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    detached: Mapped[bool] = mapped_column(Boolean, default=False)  # an analyst detached one of the two: ignored

    copy: Mapped[ArticleRow] = relationship(foreign_keys=[copy_id], viewonly=True)
    original: Mapped[ArticleRow] = relationship(foreign_keys=[original_id], viewonly=True)


class GroupRow(Base):
    """A member of a copy group and the group's original (the earliest member, itself included)."""

    __tablename__ = "copy_groups"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    original_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)

    original: Mapped[ArticleRow] = relationship(foreign_keys=[original_id], viewonly=True)


class RepublicationRow(Base):
    """Another publication of a stored article's very text: another outlet, URL or title, the same words (issue 9).

    The ledger stores a text once (unique content hash), so a syndicated copy with identical
    words is kept here, pointing at that article: its claims are the article's, counted once.
    The article always carries the earliest publication (:mod:`harmledger.ledger.republications`).
    ``identity`` hashes outlet, URL and title: a unique key that NULLs cannot slip past, so a
    republication ingested twice, or by two racing imports, is stored once.
    """

    __tablename__ = "republications"
    __table_args__ = (UniqueConstraint("article_id", "identity", name="uq_republication"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    identity: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(500))
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    raw_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the raw bytes it was read from
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    outlet: Mapped[Outlet | None] = relationship()


class ClaimCopyRow(Base):
    """A claim read from copied text, and the original's claim it repeats: counted once, never as corroboration."""

    __tablename__ = "claim_copies"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    original_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)


class BlockRow(Base):
    """The blocking index: each report under every key (place, district, map cell, the report itself) its claims
    can link on.

    Relinking after an ingest starts from the keys of the new claims and follows this table to every report,
    and so every claim, that could interact with them, so only the affected blocks are recomputed. Keys are
    filed per report, not per claim: a report's claims always relink together, and its seven claims on
    average share most of their keys (migration 0008: a third of the rows).
    """

    __tablename__ = "article_blocks"
    __table_args__ = ({"sqlite_with_rowid": False},)  # the primary key is the table: one B-tree fewer to write

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True, index=True)


class PendingRow(Base):
    """Block keys stored but not yet relinked; written with the article, so a killed run resumes its linking."""

    __tablename__ = "relink_queue"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)


class DecisionRow(Base):
    """An analyst's decision, kept as an override that survives re-extraction and relinking.

    ``target`` is stable across reprocessing: ``<content hash>:<start>:<end>`` for a claim, the incident key for
    an incident. The newest decision of a ``(kind, target)`` wins; ``value`` null withdraws it.
    """

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(200), index=True)
    value: Mapped[dict[str, object] | None] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


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
