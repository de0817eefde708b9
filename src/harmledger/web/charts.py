"""Charts drawn on the server as SVG: no script, no library, readable with JavaScript off."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlencode

from markupsafe import Markup, escape

from harmledger.ledger.queries import Bucket

WIDTH, HEIGHT = 1000, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 40


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(value)))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def week_bars(buckets: Sequence[Bucket], params: dict[str, str]) -> Markup:
    """Bars per week: the maximum killed in a light bar, the minimum in a dark one over it.

    Each bar links to the list of that week's incidents, keeping the other filters.
    """
    if not buckets:
        return Markup("")
    top = nice_ceiling(max(b.killed_max for b in buckets))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(buckets)
    parts = [_axis(top, plot_h)]
    for index, bucket in enumerate(buckets):
        x = LEFT + index * step
        parts.append(_bar(bucket, x=x, step=step, top=top, plot_h=plot_h, params=params))
        start = date.fromisoformat(bucket.period)
        if index == 0 or start.day <= 7:
            label = start.strftime("%b %Y" if index == 0 or start.month == 1 else "%b")
            parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}">{label}</text>')
    body = "".join(parts)
    return Markup(  # noqa: S704 - every value put in is a number, a month name or escaped
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Civilians killed per week, minimum and maximum">{body}</svg>'
    )


def _axis(top: int, plot_h: float) -> str:
    lines = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = TOP + plot_h * (1 - fraction)
        value = top * fraction
        label = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        lines.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        lines.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return "".join(lines)


def _bar(bucket: Bucket, *, x: float, step: float, top: int, plot_h: float, params: dict[str, str]) -> str:
    if not bucket.incidents:
        return ""
    start = date.fromisoformat(bucket.period)
    end = start + timedelta(days=6)
    href = "/?" + urlencode({**params, "date_from": start.isoformat(), "date_to": end.isoformat()})
    width = max(step * 0.8, 1.0)
    high_h, low_h = plot_h * bucket.killed_max / top, plot_h * bucket.killed_min / top
    base = TOP + plot_h
    noun = "incident" if bucket.incidents == 1 else "incidents"
    tip = escape(f"Week of {start:%d %b %Y}: {bucket.killed_min}–{bucket.killed_max} killed, {bucket.incidents} {noun}")
    return (
        f'<a href="{escape(href)}"><g class="bar"><title>{tip}</title>'
        f'<rect class="max" x="{x:.1f}" y="{base - high_h:.1f}" width="{width:.1f}" height="{high_h:.1f}"/>'
        f'<rect class="min" x="{x:.1f}" y="{base - low_h:.1f}" width="{width:.1f}" height="{low_h:.1f}"/>'
        f'<rect class="hit" x="{x:.1f}" y="{TOP}" width="{step:.1f}" height="{plot_h:.1f}"/></g></a>'
    )
