"""Date phrases of every form, found in a sentence and resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from harmledger.extract.dates import find_dates

PUBLISHED = date(2018, 11, 15)  # a Thursday


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("between January and March", "2018-01/2018-03", "period"),
        ("between 2014 and 2017", "2014/2017", "period"),
        ("since the start of the year", "2018-01-01/2018-11-15", "period"),
        ("so far this year", "2018-01-01/2018-11-15", "period"),
        ("this year so far", "2018-01-01/2018-11-15", "period"),
        ("since 2014", "2014/2018-11-15", "period"),
        ("over the past two weeks", "2018-11-01/2018-11-15", "period"),
        ("during the last month", "2018-10-16/2018-11-15", "period"),
        ("in the past year", "2017-11-15/2018-11-15", "period"),
        ("on 2018-11-03", "2018-11-03", "day"),
        ("on 3 November 2018", "2018-11-03", "day"),
        ("on November 3rd", "2018-11-03", "day"),
        ("in early May", "2018-05", "month"),
        ("in mid-June 2017", "2017-06", "month"),
        ("late July", "2018-07", "month"),
        ("in Sept. 2017", "2017-09", "month"),
        ("around midnight on Friday", "2018-11-09", "day"),
        ("shortly before dawn on Monday", "2018-11-12", "day"),
        ("just after noon on Tuesday", "2018-11-13", "day"),
        ("before dusk on Wednesday", "2018-11-14", "day"),
        ("about noon on Saturday", "2018-11-10", "day"),
        ("last Thursday", "2018-11-08", "day"),
        ("this past Sunday", "2018-11-11", "day"),
        ("early Monday", "2018-11-12", "day"),
        ("late Friday night", "2018-11-09", "day"),
        ("yesterday", "2018-11-14", "day"),
        ("the day before yesterday", "2018-11-13", "day"),
        ("last night", "2018-11-14", "day"),
        ("overnight", "2018-11-14", "day"),
        ("two days ago", "2018-11-13", "day"),
        ("3 weeks ago", "2018-10-25", "day"),
        ("earlier this week", "2018-11-12", "week"),
        ("last month", "2018-10", "month"),
        ("this year", "2018", "year"),
    ],
)
def test_every_form_of_date_phrase(phrase: str, value: str, precision: str) -> None:
    """Each form passes the first-character test that speeds up the scan (dates._DATE_NO_AGO)."""
    text = f"The strike killed 12 people {phrase}, the monitor said."
    (found,) = find_dates(text, 0, len(text), PUBLISHED)
    assert (found.value, found.precision) == (value, precision)


def test_may_the_verb_is_not_a_month() -> None:
    text = "The toll may rise, the monitor said."
    assert find_dates(text, 0, len(text), PUBLISHED) == []
