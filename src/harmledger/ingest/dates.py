"""Dates as reports and records write them → :class:`datetime.date`.

Common forms ("16 November 2018", "Nov. 16, 2018", "2018-11-16", with or without a
weekday) are read by regex: fast and exact. Other labelled values ("Published: 16/11/2018")
go to dateparser, English only (0.4 ms a call instead of ~40) and absolute dates only:
"yesterday" would resolve against the clock of whoever runs ingest, which is not a fact
about the report.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from harmledger.calendar import MONTHS

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Each form reads a whole date; the "at end" twins find one closing a byline.
_FORMS = (
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"{_YEAR}-(?P<month>\d\d)-(?P<day>\d\d)",
)
_WHOLE = tuple(re.compile(rf"\s*{form}\s*", re.IGNORECASE) for form in _FORMS)
_AT_END = tuple(re.compile(rf"(?:^|(?<=\s)){form}\s*$", re.IGNORECASE) for form in _FORMS)
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def parse_date(value: str) -> date | None:
    """A date written alone (a header value, a record field), or None when it is not one."""
    for pattern in _WHOLE:
        match = pattern.fullmatch(value)
        if match:
            return _date_from(match)
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return _parse_with_dateparser(value.strip())


def split_trailing_date(line: str) -> tuple[str, date] | None:
    """``("Bill Van Auken", 2018-11-16)`` from ``"Bill Van Auken 16 November 2018"``, or None."""
    for pattern in _AT_END:
        match = pattern.search(line)
        if match:
            found = _date_from(match)
            return (line[: match.start()], found) if found else None
    return None


def date_from_timestamp(seconds: float) -> date | None:
    """The UTC calendar date of a Unix timestamp, or None when it is out of range."""
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _date_from(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        return date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse_with_dateparser(value: str) -> date | None:
    if not value or len(value) > 64:
        return None
    import dateparser  # noqa: PLC0415  # costs ~0.5 s to import: only when a date needs it

    parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None
