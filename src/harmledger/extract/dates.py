"""Event dates: finding date phrases and resolving them against the publication date.

Resolution is done here rather than by dateparser because the phrases that matter most
in conflict reporting are exactly those it gets wrong on this corpus: "early May",
"around midnight on Friday", and a weekday equal to the publication day. The rules:

* a weekday ("on Thursday") is the latest such day before publication; the same weekday
  as the publication day is the publication day itself, and "last Friday" on a Friday
  is a week earlier;
* "yesterday" and "last night" are the day before publication;
* "last month", "in early May", "in May" have month precision; "this week" week precision;
* a date without a year takes the publication year, or the year before if that would
  put it after publication;
* without a publication date, relative phrases stay ``relative_unresolved``;
* a claim about an event with no date phrase at all is dated ``on_or_before`` its
  report's publication (the engine applies this last rule).

Precision codes: day, week, month, year, before, on_or_before, period,
relative_unresolved, unknown (no date phrase at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from harmledger.calendar import MONTHS, WEEKDAYS
from harmledger.extract.patterns import fold

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_TIME_OF_DAY = (
    r"(?:(?:around|about|shortly\s+(?:before|after)|just\s+(?:before|after)|before|after)\s+"
    r"(?:midnight|noon|dawn|dusk|sunrise|sunset)\s+)"
)


def _date_pattern(lead: str, ago: str) -> re.Pattern[str]:
    """The date phrases, in lower case for folded text (see ``patterns.fold``)."""
    return re.compile(
        rf"""\b{lead}(?:
        (?P<period>between\s+(?P<pm1>{_MONTH})\s+and\s+(?P<pm2>{_MONTH})(?:\s+(?:of\s+)?(?P<py>\d{{4}}))?
            |between\s+(?P<pyfrom>(?:19|20)\d\d)\s+and\s+(?P<pyto>(?:19|20)\d\d))
      | (?P<since>since\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+year|(?P<sy1>\d{{4}}))|so\s+far\s+this\s+year|
            this\s+year\s+so\s+far|since\s+(?:[\w'’]+\s+){{0,6}}?in\s+(?P<sy2>(?:19|20)\d\d)|since\s+(?P<sy3>(?:19|20)\d\d))
      | (?P<past>(?:over|in|during)\s+the\s+(?:past|last)\s+(?:(?P<pn>\w+)\s+)?
            (?P<pu>days|weeks|months|month|week|year))
      | (?P<iso>(?P<iy>\d{{4}})-(?P<im>\d\d)-(?P<id>\d\d))
      | (?P<dmy>(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?)
      | (?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?)
      | (?P<month>(?:in\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<m3>{_MONTH})(?:\s+(?P<y3>\d{{4}}))?(?=\W))
      | (?P<weekday>{_TIME_OF_DAY}?(?:(?P<wmod>on|last|this\s+past|early|late|since)\s+)?
            (?P<wd>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?)
      | (?P<relative>the\s+day\s+before\s+yesterday|yesterday|last\s+night|overnight|
            earlier\s+(?:this|in\s+the)\s+(?:week|month|year)|this\s+(?:week|month|year)|
            last\s+(?:week|month|year)|{ago})
    )\b""",
        re.VERBOSE,
    )


DATE_FOLDED = _date_pattern("", r"(?P<ago>\w++)\s+(?P<unit>days|weeks)\s+ago")
# Without "N days ago" every date starts with one of these characters: testing it first halves the
# time of a scan, so sentences without "ago" (nearly all) are read with this twin.
_DATE_NO_AGO = _date_pattern(r"(?=[\dabdefijlmnostwy])", r"(?P<ago>(?!))(?P<unit>)")
_SINCE_BEFORE = re.compile(r"\bsince\b[^,.;:]*$")  # on folded text
_AGO_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "one": 1}


@dataclass(slots=True)
class EventDate:
    """A date as an ISO string at its precision ("2018-11-15", "2018-11", "2017-06/2017-10")."""

    value: str | None
    precision: str
    phrase: str | None
    start: int = -1
    end: int = -1

    def with_precision(self, precision: str) -> EventDate:
        return EventDate(self.value, precision, self.phrase, self.start, self.end)


UNKNOWN = EventDate(None, "unknown", None)


def find_dates(text: str, start: int, end: int, published: date | None, folded: str | None = None) -> list[EventDate]:
    """Every date phrase in ``text[start:end]``, resolved against ``published``.

    ``folded`` is ``text`` already lower-cased by ``patterns.fold`` (the engine folds each article once).
    """
    found = []
    lowered = fold(text) if folded is None else folded
    pattern = DATE_FOLDED if lowered.find("ago", start, end) >= 0 else _DATE_NO_AGO
    for match in pattern.finditer(lowered, start, end):
        resolved = _resolve(match, text, published)
        if resolved is not None:
            found.append(_open_period(resolved, lowered, start, published))
    return found


def _open_period(when: EventDate, folded: str, start: int, published: date | None) -> EventDate:
    """ "since digging began on 8 July", "since the end of the battle in October 2017": up to publication."""
    if when.precision not in ("day", "month") or published is None or when.value is None:
        return when
    if not _SINCE_BEFORE.search(folded, max(start, when.start - 45), when.start):
        return when
    return EventDate(f"{when.value}/{published.isoformat()}", "period", when.phrase, when.start, when.end)


def _resolve(match: re.Match[str], text: str, published: date | None) -> EventDate | None:
    """Resolve a match found on folded text; the phrase and a month's capital come from ``text``."""
    phrase = text[match.start() : match.end()]
    kind = _kind(match)
    if kind == "month" and text[match.start("m3")].islower():
        return None  # "may" the verb, "march" the walk: a month is written with a capital
    value, precision = _RESOLVERS[kind](match, published)
    if value is None and precision is None:
        return None
    return EventDate(value, precision or "relative_unresolved", phrase, match.start(), match.end())


def _kind(match: re.Match[str]) -> str:
    return next(k for k in _RESOLVERS if match.group(k))


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    return year - 1 if (month, day) > (published.month, published.day) else year


def _period(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    if m.group("pyfrom"):
        return f"{m.group('pyfrom')}/{m.group('pyto')}", "period"
    first, last = _month(m.group("pm1")), _month(m.group("pm2"))
    year = int(m.group("py")) if m.group("py") else _year_for(last, 1, published)
    if year is None:
        return None, "relative_unresolved"
    return f"{year}-{first:02d}/{year}-{last:02d}", "period"


def _iso(m: re.Match[str], _published: date | None) -> tuple[str | None, str | None]:
    try:
        return date(int(m.group("iy")), int(m.group("im")), int(m.group("id"))).isoformat(), "day"
    except ValueError:
        return None, None


def _day_month(day: int, month: int, year_text: str | None, published: date | None) -> tuple[str | None, str | None]:
    year = int(year_text) if year_text else _year_for(month, day, published)
    if year is None:
        return None, "relative_unresolved"
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None, None


def _dmy(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    return _day_month(int(m.group("d1")), _month(m.group("m1")), m.group("y1"), published)


def _mdy(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    return _day_month(int(m.group("d2")), _month(m.group("m2")), m.group("y2"), published)


def _month_only(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    word = m.group("m3")
    if word.lower() == "may" and not m.group(0).lower().startswith(("in", "early", "mid", "late")):
        return None, None  # the modal verb, not the month
    month = _month(word)
    year = int(m.group("y3")) if m.group("y3") else _year_for(month, 1, published)
    if year is None:
        return None, "relative_unresolved"
    return f"{year}-{month:02d}", "month"


def _weekday(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    if published is None:
        return None, "relative_unresolved"
    target = WEEKDAYS.index(m.group("wd").lower())
    back = (published.weekday() - target) % 7
    if back == 0 and (m.group("wmod") or "").lower() in ("last", "this past"):
        back = 7
    return (published - timedelta(days=back)).isoformat(), "day"


def _relative(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    if published is None:
        return None, "relative_unresolved"
    phrase = " ".join(m.group("relative").lower().split())
    if phrase in ("yesterday", "last night", "overnight"):
        return (published - timedelta(days=1)).isoformat(), "day"
    if phrase == "the day before yesterday":
        return (published - timedelta(days=2)).isoformat(), "day"
    if m.group("unit"):
        count = _AGO_NUMBERS.get(m.group("ago").lower()) or (int(m.group("ago")) if m.group("ago").isdigit() else 0)
        if not count:
            return None, None
        days = count * (7 if m.group("unit").lower() == "weeks" else 1)
        return (published - timedelta(days=days)).isoformat(), "day"
    return _calendar_unit(phrase, published)


def _calendar_unit(phrase: str, published: date) -> tuple[str, str]:
    unit = phrase.rsplit(maxsplit=1)[-1]
    last = phrase.startswith("last")
    if unit == "week":
        monday = published - timedelta(days=published.weekday() + (7 if last else 0))
        return monday.isoformat(), "week"
    if unit == "month":
        first = published.replace(day=1)
        if last:
            first = (first - timedelta(days=1)).replace(day=1)
        return f"{first.year}-{first.month:02d}", "month"
    return str(published.year - (1 if last else 0)), "year"


def _since(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    """An open period up to publication: "since 2014", "since the start of the year", "so far this year"."""
    if published is None:
        return None, "relative_unresolved"
    year = m.group("sy3") or m.group("sy2")
    if year:
        return f"{year}/{published.isoformat()}", "period"
    return f"{m.group('sy1') or published.year}-01-01/{published.isoformat()}", "period"


_SPAN_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365}


def _past(m: re.Match[str], published: date | None) -> tuple[str | None, str | None]:
    """ "over the past month": the 30 days up to publication."""
    if published is None:
        return None, "relative_unresolved"
    count_word = (m.group("pn") or "").lower()
    count = int(count_word) if count_word.isdigit() else _AGO_NUMBERS.get(count_word, 1)
    if count_word and not count_word.isdigit() and count_word not in _AGO_NUMBERS:
        count = 1  # "over the past few weeks" and the like: the unit once
    start = published - timedelta(days=count * _SPAN_DAYS[m.group("pu").lower()])
    return f"{start.isoformat()}/{published.isoformat()}", "period"


_RESOLVERS = {
    "period": _period,
    "since": _since,
    "past": _past,
    "iso": _iso,
    "dmy": _dmy,
    "mdy": _mdy,
    "month": _month_only,
    "weekday": _weekday,
    "relative": _relative,
}
