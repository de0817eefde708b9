"""Totals and time series over the filtered incidents, tallies excluded."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.ledger import queries

router = APIRouter(tags=["totals"])


@router.get("/totals")
def get_totals(session: SessionDep, flt: FilterDep) -> dict[str, Any]:
    """How many incidents match and the sums of their minimum and maximum killed and injured."""
    return {"ok": True, "filter": flt.params(), "totals": asdict(queries.totals(session, flt))}


@router.get("/timeseries")
def get_time_series(
    session: SessionDep,
    flt: FilterDep,
    interval: Annotated[queries.Interval, Query(description="Bucket size; weeks start on Monday.")] = "week",
) -> dict[str, Any]:
    """Per day, week or month: incidents and sums of min and max killed, empty periods included.

    Incidents dated more coarsely than the interval are counted under ``coarser``.
    """
    series = queries.time_series(session, flt, interval)
    return {
        "ok": True,
        "interval": series.interval,
        "filter": flt.params(),
        "series": [asdict(bucket) for bucket in series.buckets],
        "coarser": asdict(series.coarser),
    }
