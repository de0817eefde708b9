"""Totals, time series, places and tallies: sums of minima and maxima, tallies never added."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_totals_sum_minima_and_maxima_without_tallies(client: TestClient) -> None:
    body = client.get("/api/v1/totals").json()
    assert body["totals"] == {
        "incidents": 5,
        "killed_min": 12 + 5 + 30 + 3,
        "killed_max": 20 + 5 + 54 + 3,
        "open_ended": 1,
        "no_figure": 1,
        "injured_min": 0,
        "injured_max": 0,
    }


def test_totals_follow_the_filter(client: TestClient) -> None:
    body = client.get("/api/v1/totals?admin1=Deir ez-Zor").json()
    assert body["filter"] == {"admin1": "Deir ez-Zor"}
    assert (body["totals"]["incidents"], body["totals"]["killed_min"], body["totals"]["killed_max"]) == (2, 17, 25)


@pytest.mark.parametrize(
    ("interval", "first", "last", "length"),
    [
        ("week", "2018-03-12", "2018-11-12", 36),
        ("month", "2018-03-01", "2018-11-01", 9),
        ("day", "2018-03-16", "2018-11-16", 246),
    ],
)
def test_time_series_fills_gaps(client: TestClient, interval: str, first: str, last: str, length: int) -> None:
    body = client.get(f"/api/v1/timeseries?interval={interval}").json()
    series = body["series"]
    assert (series[0]["period"], series[-1]["period"], len(series)) == (first, last, length)
    assert sum(b["incidents"] for b in series) + body["coarser"]["incidents"] == 5


def test_weekly_series_keeps_coarse_dates_apart(client: TestClient) -> None:
    body = client.get("/api/v1/timeseries?interval=week&admin1=Deir ez-Zor").json()
    assert body["series"] == [
        {"period": "2018-11-05", "incidents": 1, "killed_min": 5, "killed_max": 5},
        {"period": "2018-11-12", "incidents": 1, "killed_min": 12, "killed_max": 20},
    ]
    everything = client.get("/api/v1/timeseries").json()
    assert everything["interval"] == "week"
    # the month-precise Raqqa incident and the undated one are not spread over weeks
    assert everything["coarser"]["incidents"] == 2
    assert everything["coarser"]["killed_max"] == 54 + 3


def test_monthly_series_places_month_precise_dates(client: TestClient) -> None:
    series = client.get("/api/v1/timeseries?interval=month").json()["series"]
    october = next(b for b in series if b["period"] == "2018-10-01")
    assert (october["incidents"], october["killed_min"], october["killed_max"]) == (1, 30, 54)


def test_places_are_distinct_with_counts(client: TestClient) -> None:
    body = client.get("/api/v1/places").json()
    names = [p["place"] for p in body["places"]]
    assert sorted(names) == ["Ar Raqqah", "Damascus", "Deir ez-Zor", "Hajīn"]
    hajin = next(p for p in body["places"] if p["place"] == "Hajīn")
    assert (hajin["admin1"], hajin["incidents"], hajin["killed_min"], hajin["killed_max"]) == ("Deir ez-Zor", 1, 12, 20)
    assert [p["place"] for p in client.get("/api/v1/places?grade=contested").json()["places"]] == ["Ar Raqqah"]


def test_tallies_are_listed_apart(client: TestClient) -> None:
    body = client.get("/api/v1/tallies").json()
    assert [t["id"] for t in body["tallies"]] == ["zzz-tally"]
    assert body["tallies"][0]["claims"][0]["claimant"] == "Raqqa civil defence"
