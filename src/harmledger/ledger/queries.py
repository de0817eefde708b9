"""Read-only questions asked of the ledger's tables: filters, keyset pages, totals, time series, histories.

Every function takes an open :class:`~sqlalchemy.orm.Session` and writes nothing. Incident
dates are strings at their own precision ("2018-11-16", "2018-11", "2018", or a period
"2017-06/2017-10"); a date filter keeps an incident whose date *overlaps* the range, so
an incident known only to "2018-11" is inside any range that touches November 2018.
Totals are sums of minima and sums of maxima, tallies excluded (docs/methodology.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, selectinload

from harmledger.ledger.search import text_search
from harmledger.ledger.tables import ArticleRow, ClaimRow, DecisionRow, IncidentRow, LinkRow, TallyRow

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month")
MAX_BUCKETS = 3660
# Precisions whose date names one day: the day itself, or the day of the statement about it.
_DAY_LIKE = frozenset({"day", "week", "on_or_before", "before"})


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What a reader asked to see; every field left None matches everything."""

    date_from: date | None = None
    date_to: date | None = None
    admin1: str | None = None
    place: str | None = None
    perpetrator: str | None = None
    grade: str | None = None
    min_killed: int | None = None
    q: str | None = None

    def params(self) -> dict[str, str]:
        """The filter as query parameters (only those set), for links that keep it."""
        out: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in (None, ""):
                out[item.name] = value.isoformat() if isinstance(value, date) else str(value)
        return out


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort key of its last incident (newest first, then by key)."""

    date_key: str
    key: str


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[IncidentRow]
    next: Cursor | None


@dataclass(frozen=True, slots=True)
class Totals:
    incidents: int
    killed_min: int
    killed_max: int
    open_ended: int  # incidents whose highest figure is itself "at least"
    no_figure: int  # incidents with no killed figure at all
    injured_min: int
    injured_max: int


@dataclass(frozen=True, slots=True)
class Bucket:
    period: str  # first day of the bucket, ISO
    incidents: int
    killed_min: int
    killed_max: int


@dataclass(frozen=True, slots=True)
class Series:
    interval: Interval
    buckets: list[Bucket]
    coarser: Totals  # incidents dated too coarsely (or not at all) to sit in one bucket


def date_span(column: Any) -> tuple[ColumnElement[str], ColumnElement[str]]:
    """The first and last ISO day an incident date may mean, as SQL string expressions.

    Month ends are written ``-31`` and year ends ``-12-31``: only compared as strings. A day,
    the common case, is tested first: each case tested costs every row a ``length()``.
    """
    length = func.length(column)
    first = case(
        (length == 10, column),
        (length == 4, column + "-01-01"),
        (length == 7, column + "-01"),
        (length == 9, func.substr(column, 1, 4) + "-01-01"),
        (length == 15, func.substr(column, 1, 7) + "-01"),
        else_=func.substr(column, 1, 10),
    )
    last = case(
        (length == 10, column),
        (length == 4, column + "-12-31"),
        (length == 7, column + "-31"),
        (length == 9, func.substr(column, 6, 4) + "-12-31"),
        (length == 15, func.substr(column, 9, 7) + "-31"),
        (length == 21, func.substr(column, 12, 10)),
        else_=func.substr(column, 1, 10),
    )
    return first, last


def _sort_key() -> ColumnElement[str]:
    """Newest first: the expression of index ``ix_incidents_order``, spelt as it is there (no bound parameter)."""
    return func.coalesce(IncidentRow.date, literal_column("''"))


def _conditions(flt: IncidentFilter) -> list[ColumnElement[bool]]:
    first, last = date_span(IncidentRow.date)
    wanted: list[tuple[object, ColumnElement[bool]]] = [
        (flt.date_from, last >= (flt.date_from.isoformat() if flt.date_from else "")),
        (flt.date_to, first <= (flt.date_to.isoformat() if flt.date_to else "")),
        (flt.admin1, func.lower(IncidentRow.admin1) == func.lower(flt.admin1 or "")),
        (flt.place, func.lower(IncidentRow.place) == func.lower(flt.place or "")),
        (flt.perpetrator, func.lower(IncidentRow.perpetrator) == func.lower(flt.perpetrator or "")),
        (flt.grade, IncidentRow.grade == flt.grade),
        (flt.min_killed is not None, func.coalesce(IncidentRow.killed_max, -1) >= (flt.min_killed or 0)),
    ]
    conditions = [condition for value, condition in wanted if value not in (None, "", False)]
    if flt.date_from or flt.date_to:
        conditions.append(IncidentRow.date.is_not(None))
    if flt.date_to and flt.date_to.year < date.max.year:
        # Implied by ``first <= date_to`` (a date starts with its first year) and answered by an index: the
        # date index for counts and series, the ordered one (which holds the date) for pages.
        before = str(flt.date_to.year + 1)
        conditions += [IncidentRow.date < before, _sort_key() < before]
    if flt.q and flt.q.strip():
        conditions.append(text_search(flt.q.strip()))
    return conditions


def _matching(flt: IncidentFilter) -> Select[IncidentRow]:
    return select(IncidentRow).where(*_conditions(flt))


def _evidence_of(table: type[IncidentRow] | type[TallyRow]) -> Any:
    return (
        selectinload(table.links)
        .selectinload(LinkRow.claim)
        .selectinload(ClaimRow.article)
        .selectinload(ArticleRow.outlet)
    )


def _with_evidence(query: Select[IncidentRow]) -> Select[IncidentRow]:
    return query.options(_evidence_of(IncidentRow))


def incidents(session: Session, flt: IncidentFilter) -> list[IncidentRow]:
    """Every incident matching ``flt``, newest first, claims and articles loaded."""
    query = _with_evidence(_matching(flt)).order_by(_sort_key().desc(), IncidentRow.key)
    return list(session.scalars(query))


def _searches(flt: IncidentFilter) -> bool:
    return bool(flt.q and flt.q.strip())


def _claims_loaded() -> Any:
    """Claims loaded, their articles not: an article's text is what makes a page of evidence heavy."""
    return selectinload(IncidentRow.links).selectinload(LinkRow.claim)


def _past(cursor: Cursor, sort: SQLColumnExpression[str], key: SQLColumnExpression[str]) -> ColumnElement[bool]:
    """Rows after ``cursor`` in the newest-first order of ``(sort, key)``."""
    return or_(sort < cursor.date_key, and_(sort == cursor.date_key, key > cursor.key))


def _paged(rows: list[IncidentRow], limit: int) -> Page:
    """The first ``limit`` of ``rows`` (read one past it), with a cursor when there were more."""
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else None
    return Page(rows, Cursor(last.date or "", last.key) if last else None)


def incident_page(session: Session, flt: IncidentFilter, *, limit: int, after: Cursor | None = None) -> Page:
    """One page of matching incidents, newest first, claims loaded; ``next`` continues where it ended."""
    query = _matching(flt).options(_claims_loaded())
    if after is not None:
        query = query.where(_past(after, _sort_key(), IncidentRow.key))
    return _paged(list(session.scalars(query.order_by(_sort_key().desc(), IncidentRow.key).limit(limit + 1))), limit)


def incident_page_with_total(
    session: Session, flt: IncidentFilter, *, limit: int, after: Cursor | None = None
) -> tuple[Page, int]:
    """:func:`incident_page` and :func:`count` together, a text search's matches found once for both.

    Other filters are read in order from indexes, the page stopping at ``limit`` rows: two
    queries stay cheap. A text search is not: the page and the count each found every match
    (100k incidents, a word in 30k claims: 20 ms of FTS lookups and links, twice). Here one
    statement finds them (a CTE read twice, which SQLite and PostgreSQL materialise), as
    narrow rows: the page's ``limit`` are sorted out of them before whole rows are read.
    """
    if not _searches(flt):
        return incident_page(session, flt, limit=limit, after=after), count(session, flt)
    found = select(IncidentRow.id, _sort_key().label("sort"), IncidentRow.key).where(*_conditions(flt)).cte("found")
    ordered = (found.c.sort.desc(), found.c.key)
    wanted = select(found).order_by(*ordered).limit(limit + 1)
    if after is not None:
        wanted = wanted.where(_past(after, found.c.sort, found.c.key))
    page = wanted.cte("page")
    total = select(func.count()).select_from(found).scalar_subquery()
    query = select(IncidentRow, total).join(page, page.c.id == IncidentRow.id).order_by(page.c.sort.desc(), page.c.key)
    result = session.execute(query.options(_claims_loaded())).all()
    return _paged([row for row, _ in result], limit), _total_of(session, flt, result, after)


def _total_of(session: Session, flt: IncidentFilter, result: Sequence[Any], after: Cursor | None) -> int:
    """The total read with a page's rows; an empty page has none to carry it, and is 0 only without a cursor."""
    if result:
        return int(result[0][1])
    return 0 if after is None else count(session, flt)


def tallies(session: Session) -> list[TallyRow]:
    """Cumulative tallies (their own table), newest first, claims and articles loaded."""
    query = select(TallyRow).options(_evidence_of(TallyRow)).order_by(func.coalesce(TallyRow.date, "").desc())
    return list(session.scalars(query.order_by(TallyRow.key)))


def count(session: Session, flt: IncidentFilter) -> int:
    """How many incidents match ``flt``: what a paged list reports as its total."""
    return int(session.scalar(select(func.count(IncidentRow.id)).where(*_conditions(flt))) or 0)


def totals(session: Session, flt: IncidentFilter) -> Totals:
    """Sums of minima and of maxima over matching incidents, tallies excluded."""
    sub = _matching(flt).subquery()
    query = select(
        func.count(sub.c.id),
        func.coalesce(func.sum(func.coalesce(sub.c.killed_min, 0)), 0),
        func.coalesce(func.sum(func.coalesce(sub.c.killed_max, 0)), 0),
        func.coalesce(func.sum(case((sub.c.killed_max_open, 1), else_=0)), 0),
        func.coalesce(func.sum(case((sub.c.killed_max.is_(None), 1), else_=0)), 0),
        func.coalesce(func.sum(func.coalesce(sub.c.injured_min, 0)), 0),
        func.coalesce(func.sum(func.coalesce(sub.c.injured_max, 0)), 0),
    )
    row = session.execute(query).one()
    return Totals(*(int(value) for value in row))


def places(session: Session, flt: IncidentFilter) -> list[dict[str, Any]]:
    """Distinct places (name, governorate, country) of matching incidents with counts and killed sums.

    A name resolved to different gazetteer entries in one governorate (a city and its
    governorate share a name) is one place here, as the ``place`` filter sees it.
    """
    query = (
        select(
            IncidentRow.place,
            IncidentRow.admin1,
            IncidentRow.country,
            func.min(IncidentRow.geonames_id),
            func.avg(IncidentRow.lat),
            func.avg(IncidentRow.lon),
            func.count(IncidentRow.id),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_min, 0)), 0),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_max, 0)), 0),
        )
        .where(IncidentRow.kind == "incident", IncidentRow.place.is_not(None), *_conditions(flt))
        .group_by(IncidentRow.place, IncidentRow.admin1, IncidentRow.country)
        .order_by(func.count(IncidentRow.id).desc(), IncidentRow.place)
    )
    names = ("place", "admin1", "country", "geonames_id", "lat", "lon", "incidents", "killed_min", "killed_max")
    return [dict(zip(names, row, strict=True)) for row in session.execute(query)]


def facets(session: Session) -> dict[str, list[str]]:
    """The values a filter bar can offer: governorates, places, perpetrators, grades in use.

    Grouped as their ``ix_incidents_*_lower`` index is ordered, so that the index alone answers
    (the incidents table holds incidents only: no test of ``kind`` is needed).
    """
    out: dict[str, list[str]] = {}
    for name, column in (
        ("admin1", IncidentRow.admin1),
        ("place", IncidentRow.place),
        ("perpetrator", IncidentRow.perpetrator),
        ("grade", IncidentRow.grade),
    ):
        query = select(column).where(column.is_not(None)).group_by(func.lower(column), column).order_by(column)
        out[name] = [value for value in session.scalars(query) if value]
    return out


def time_series(session: Session, flt: IncidentFilter, interval: Interval) -> Series:
    """Incidents and sums of min and max killed per day, week (from Monday) or month, gaps filled.

    An incident whose date is coarser than the interval (a month-precision date in a
    weekly series, or no date) is counted in ``coarser``, never spread over buckets.
    """
    # Grouped by date and precision in SQL (a few thousand groups for 100k incidents), bucketed here.
    query = (
        select(
            IncidentRow.date,
            IncidentRow.date_precision,
            func.count(IncidentRow.id),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_min, 0)), 0),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_max, 0)), 0),
            func.coalesce(func.sum(case((IncidentRow.killed_max.is_(None), 1), else_=0)), 0),
        )
        .where(IncidentRow.kind == "incident", *_conditions(flt))
        .group_by(IncidentRow.date, IncidentRow.date_precision)
    )
    sums: dict[date, list[int]] = {}
    coarse = [0, 0, 0, 0]
    for day_text, precision, *counts in session.execute(query):
        start = _bucket(day_text, precision, interval)
        target = coarse if start is None else sums.setdefault(start, [0, 0, 0, 0])
        for index, value in enumerate(counts):
            target[index] += int(value)
    buckets = [Bucket(day.isoformat(), *sums.get(day, [0, 0, 0])[:3]) for day in _periods(sorted(sums), interval)]
    coarser = Totals(coarse[0], coarse[1], coarse[2], 0, coarse[3], 0, 0)
    return Series(interval, buckets, coarser)


def _bucket(text: str | None, precision: str, interval: Interval) -> date | None:
    if not text or "/" in text:
        return None
    if len(text) == 10 and precision in _DAY_LIKE:
        day = date.fromisoformat(text)
    elif len(text) == 7 and interval == "month":
        day = date.fromisoformat(text + "-01")
    else:
        return None
    return _floor(day, interval)


def _floor(day: date, interval: Interval) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _periods(days: Sequence[date], interval: Interval) -> list[date]:
    """Every bucket start from the first to the last of ``days``, at most MAX_BUCKETS of them."""
    if not days:
        return []
    out = [days[0]]
    while out[-1] < days[-1] and len(out) < MAX_BUCKETS:
        current = out[-1]
        if interval == "month":
            out.append(date(current.year + current.month // 12, current.month % 12 + 1, 1))
        else:
            out.append(current + timedelta(days=7 if interval == "week" else 1))
    return out


@dataclass(frozen=True, slots=True)
class Box:
    """A map view: latitudes south to north, longitudes west to east (degrees)."""

    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True, slots=True)
class MapSummary:
    """What the map page needs before drawing: how many match, how many have a position, where they are."""

    matching: int
    placed: int
    box: Box | None  # around every placed incident; None when none is placed
    per_admin1: dict[str, int]
    countries: list[str]


@dataclass(frozen=True, slots=True)
class Cluster:
    """Placed incidents sharing a grid cell: their mean position, count and killed sums."""

    lat: float
    lon: float
    incidents: int
    killed_min: int
    killed_max: int
    open_ended: int
    key: str | None  # the incident's key when the cell holds one
    place: str | None  # the place name when every incident of the cell has the same one


def _placed(flt: IncidentFilter, box: Box | None) -> list[ColumnElement[bool]]:
    where = [IncidentRow.kind == "incident", IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None)]
    if box is not None:
        where += [IncidentRow.lat.between(box.south, box.north), IncidentRow.lon.between(box.west, box.east)]
    return where + _conditions(flt)


def map_summary(session: Session, flt: IncidentFilter) -> MapSummary:
    """Counts, bounds, incidents per governorate and countries of the incidents matching ``flt``, in three queries.

    Governorates are grouped as ``ix_incidents_admin1_lower`` is ordered, and the incidents
    table holds incidents only (no test of ``kind``), so that unfiltered the index answers alone;
    a governorate name shared by two countries counts the incidents of both.
    """
    where = _conditions(flt)
    matching, placed, south, west, north, east = session.execute(
        select(
            func.count(IncidentRow.id),
            func.count(IncidentRow.lat),
            func.min(IncidentRow.lat),
            func.min(IncidentRow.lon),
            func.max(IncidentRow.lat),
            func.max(IncidentRow.lon),
        ).where(*where)
    ).one()
    governorates = select(IncidentRow.admin1, func.count(IncidentRow.id)).where(IncidentRow.admin1.is_not(None), *where)
    groups = session.execute(governorates.group_by(func.lower(IncidentRow.admin1), IncidentRow.admin1)).all()
    countries = select(IncidentRow.country).where(IncidentRow.country.is_not(None), *where).distinct()
    return MapSummary(
        matching=matching,
        placed=placed,
        box=Box(*(float(corner or 0.0) for corner in (south, west, north, east))) if placed else None,
        per_admin1={admin1: number for admin1, number in groups if admin1},
        countries=sorted(country for country in session.scalars(countries) if country),
    )


def placed_incidents(session: Session, flt: IncidentFilter, box: Box | None) -> list[IncidentRow]:
    """Placed incidents matching ``flt`` inside ``box``, without their claims (for map markers)."""
    return list(session.scalars(select(IncidentRow).where(*_placed(flt, box))))


def clusters(session: Session, flt: IncidentFilter, box: Box | None, cell: float) -> list[Cluster]:
    """Placed incidents matching ``flt`` grouped by a grid of ``cell`` degrees, in one grouped query.

    Cells are numbered by integer division of the shifted coordinates (a CAST, which SQLite
    truncates and PostgreSQL rounds: either way a consistent grid), row and column folded
    into one number (grouping on one key sorts faster than on two); a cluster is drawn at
    its incidents' mean position, not at the cell's centre.
    """
    columns = int(360.0 / cell) + 2  # more than any column number
    row_of = cast((IncidentRow.lat + 90.0) / cell, BigInteger)
    col_of = cast((IncidentRow.lon + 180.0) / cell, BigInteger)
    query = (
        select(
            func.avg(IncidentRow.lat),
            func.avg(IncidentRow.lon),
            func.count(IncidentRow.id),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_min, 0)), 0),
            func.coalesce(func.sum(func.coalesce(IncidentRow.killed_max, 0)), 0),
            func.coalesce(func.sum(case((IncidentRow.killed_max_open, 1), else_=0)), 0),
            func.min(IncidentRow.key),
            func.min(IncidentRow.place),
            func.max(IncidentRow.place),
        )
        .where(*_placed(flt, box))
        .group_by(row_of * columns + col_of)
    )
    return [
        Cluster(lat, lon, n, int(low), int(high), int(top), key if n == 1 else None, first if first == last else None)
        for lat, lon, n, low, high, top, key, first, last in session.execute(query)
    ]


def articles(
    session: Session, *, limit: int, before: int | None = None
) -> tuple[list[tuple[ArticleRow, int]], int | None]:
    """A page of articles, newest stored first, each with its number of claims; then the next cursor."""
    claims = select(func.count(ClaimRow.id)).where(ClaimRow.article_id == ArticleRow.id).scalar_subquery()
    query = select(ArticleRow, claims).options(selectinload(ArticleRow.outlet)).order_by(ArticleRow.id.desc())
    if before is not None:
        query = query.where(ArticleRow.id < before)
    rows = [(row, int(count)) for row, count in session.execute(query.limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1][0].id if more and rows else None)


def article(session: Session, article_id: int) -> ArticleRow | None:
    query = (
        select(ArticleRow)
        .where(ArticleRow.id == article_id)
        .options(selectinload(ArticleRow.claims).selectinload(ClaimRow.link), selectinload(ArticleRow.outlet))
    )
    return session.scalar(query)


def incident(session: Session, key: str) -> IncidentRow | None:
    return session.scalar(_with_evidence(select(IncidentRow).where(IncidentRow.key == key)))


def tally(session: Session, key: str) -> TallyRow | None:
    return session.scalar(select(TallyRow).where(TallyRow.key == key).options(_evidence_of(TallyRow)))


def claim_key_of(claim: ClaimRow) -> str:
    """The stable key decisions about ``claim`` are filed under (article hash and span)."""
    return f"{claim.article.content_hash}:{claim.start}:{claim.end}"


def claim(session: Session, key: str) -> ClaimRow | None:
    """The stored claim with this stable key, its link loaded; None for a key that is not one."""
    content_hash, _, span = key.partition(":")
    start, _, end = span.partition(":")
    if not (start.isdigit() and end.isdigit()):
        return None
    query = (
        select(ClaimRow)
        .join(ArticleRow)
        .where(ArticleRow.content_hash == content_hash, ClaimRow.start == int(start), ClaimRow.end == int(end))
        .options(selectinload(ClaimRow.link).selectinload(LinkRow.incident), selectinload(ClaimRow.article))
    )
    return session.scalar(query)


def incident_of(session: Session, claim_keys: Sequence[str]) -> str | None:
    """The key of the incident now holding the first of ``claim_keys`` that is in one."""
    for key in claim_keys:
        row = claim(session, key)
        if row is not None and row.link is not None and row.link.incident is not None:
            return row.link.incident.key
    return None


def decision_in_force(session: Session, kind: str, target: str) -> DecisionRow | None:
    """The newest decision of ``(kind, target)`` (its value None when it was withdrawn)."""
    query = select(DecisionRow).where(DecisionRow.kind == kind, DecisionRow.target == target)
    return session.scalar(query.order_by(DecisionRow.id.desc()).limit(1))


@dataclass(frozen=True, slots=True)
class Entry:
    """One decision in an incident's history, with the value it replaced."""

    decision: DecisionRow
    before: dict[str, Any] | None
    newest: bool  # still the decision in force for its (kind, target): only then can it be undone


def history(session: Session, key: str, claim_keys: Sequence[str]) -> list[Entry]:
    """Decisions about incident ``key`` or its claims, or naming it (moved or merged into it), newest first."""
    mention = f'%"{key}"%'
    query = select(DecisionRow).where(
        or_(
            DecisionRow.target.in_([key, *claim_keys]),
            cast(DecisionRow.value, String).like(mention),
        )
    )
    found = list(session.scalars(query))
    pairs = {(row.kind, row.target) for row in found}
    if not pairs:
        return []
    targets = sorted({target for _, target in pairs})
    everything = session.scalars(
        select(DecisionRow).where(DecisionRow.target.in_(targets)).order_by(DecisionRow.id)
    ).all()
    previous: dict[tuple[str, str], dict[str, Any] | None] = {}
    before: dict[int, dict[str, Any] | None] = {}
    newest: dict[tuple[str, str], int] = {}
    for row in everything:
        before[row.id] = previous.get((row.kind, row.target))
        previous[(row.kind, row.target)] = row.value
        newest[(row.kind, row.target)] = row.id
    rows = sorted((row for row in everything if (row.kind, row.target) in pairs), key=lambda r: -r.id)
    return [Entry(row, before[row.id], newest[(row.kind, row.target)] == row.id) for row in rows]


__all__ = [
    "INTERVALS",
    "Box",
    "Bucket",
    "Cluster",
    "Cursor",
    "Entry",
    "IncidentFilter",
    "Interval",
    "MapSummary",
    "Page",
    "Series",
    "Totals",
    "article",
    "articles",
    "claim",
    "claim_key_of",
    "clusters",
    "count",
    "date_span",
    "decision_in_force",
    "facets",
    "history",
    "incident",
    "incident_of",
    "incident_page",
    "incident_page_with_total",
    "incidents",
    "map_summary",
    "placed_incidents",
    "places",
    "tallies",
    "tally",
    "time_series",
    "totals",
]
