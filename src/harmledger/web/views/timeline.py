"""The timeline: weekly bars of minimum and maximum killed, drawn as SVG on the server."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from harmledger.api.dependencies import FilterDep, SessionDep
from harmledger.ledger import queries
from harmledger.web import render
from harmledger.web.charts import week_bars
from harmledger.web.filters import bar_context

router = APIRouter()


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, session: SessionDep, flt: FilterDep) -> HTMLResponse:
    series = queries.time_series(session, flt, "week")
    context = {
        **bar_context(session, flt, "/timeline"),
        "chart": week_bars(series.buckets, flt.params()),
        "series": series,
        "busiest": sorted((b for b in series.buckets if b.incidents), key=lambda b: -b.killed_max)[:5],
    }
    return render(request, "timeline.html", context)
