"""What every route may ask for: a read-only session, the reader's filter, a page cursor.

Shared by the API routers and the pages, so a filter means the same on the map, the
timeline, the list and in an export.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from harmledger.api.errors import BadQueryError
from harmledger.ledger import Ledger
from harmledger.ledger.queries import Cursor, IncidentFilter

MAX_LIMIT = 500


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


def get_session(ledger: Annotated[Ledger, Depends(get_ledger)]) -> Iterator[Session]:
    """A session for one request; routes only read through it."""
    with ledger.session() as session:
        yield session


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _parse_day(name: str, value: str | None) -> date | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadQueryError(f"{name}={value!r} is not a date: write it as YYYY-MM-DD, e.g. 2018-11-16") from None


def _parse_count(name: str, value: str | None) -> int | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    if not value.isdigit():
        raise BadQueryError(f"{name}={value!r} is not a whole number of people: write e.g. {name}=10")
    return int(value)


def get_filter(
    *,
    date_from: Annotated[str | None, Query(description="First day, YYYY-MM-DD; dates overlapping it count.")] = None,
    date_to: Annotated[str | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    admin1: Annotated[str | None, Query(description="Governorate (GeoNames admin1 name), exact.")] = None,
    place: Annotated[str | None, Query(description="Place name as listed by /api/v1/places, exact.")] = None,
    perpetrator: Annotated[str | None, Query(description="Perpetrator as recorded, exact.")] = None,
    grade: Annotated[str | None, Query(description="single source, corroborated, contested or conceded.")] = None,
    min_killed: Annotated[str | None, Query(description="Least highest figure to keep.")] = None,
    q: Annotated[str | None, Query(description="Words found in a quote, claimant, relay or place name.")] = None,
) -> IncidentFilter:
    """The filter from query parameters; empty parameters (from a blank form field) are ignored."""
    start, end = _parse_day("date_from", date_from), _parse_day("date_to", date_to)
    if start and end and start > end:
        raise BadQueryError(f"date_from {start} is after date_to {end}: swap them")
    return IncidentFilter(
        date_from=start,
        date_to=end,
        admin1=_blank_to_none(admin1),
        place=_blank_to_none(place),
        perpetrator=_blank_to_none(perpetrator),
        grade=_blank_to_none(grade),
        min_killed=_parse_count("min_killed", min_killed),
        q=_blank_to_none(q),
    )


def encode_cursor(cursor: Cursor) -> str:
    raw = json.dumps([cursor.date_key, cursor.key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def get_cursor(
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page; none for the first.")] = None,
) -> Cursor | None:
    if not cursor:
        return None
    try:
        date_key, key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return Cursor(str(date_key), str(key))
    except (binascii.Error, ValueError, TypeError):
        raise BadQueryError(f"cursor {cursor!r} is not one this API gave out: start again without it") from None


def get_limit(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Incidents per page.")] = 50,
) -> int:
    return limit


SessionDep = Annotated[Session, Depends(get_session)]
FilterDep = Annotated[IncidentFilter, Depends(get_filter)]
CursorDep = Annotated[Cursor | None, Depends(get_cursor)]
LimitDep = Annotated[int, Depends(get_limit)]
