"""``harmledger watch``: poll feeds on a schedule and store their new reports as ``ingest`` does.

Each round polls every feed in turn (see :mod:`harmledger.ingest.watch`), runs each new
article through :func:`~harmledger.pipeline.process` into the ledger, saves that feed's
state, and relinks once at the end of a round that stored anything. A feed that fails
is named on stderr and polled again next round; the others go on. Ctrl-C stops between
two steps: what was stored stays stored, and the state file is never half-written.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.errors import HarmledgerError
from harmledger.geo.overlay import harmledger_home
from harmledger.ingest import IngestFailure
from harmledger.ingest.fetch import is_url
from harmledger.ingest.watch import Poll, WatchState, poll_feed
from harmledger.ledger import Ledger
from harmledger.pipeline import process

_UNITS = {"s": 1, "m": 60, "h": 3600}
_DURATION = re.compile(r"(\d+)([smh])")
_sleep = time.sleep  # tests replace it, to stop a watch without waiting


def state_path() -> Path:
    """Where the watch state lives: ``$HARMLEDGER_HOME/watch/state.json``."""
    return harmledger_home() / "watch" / "state.json"


def parse_every(value: str) -> float:
    """``30s``, ``15m``, ``1h`` (or ``1h30m``) → seconds."""
    text = value.strip().lower()
    parts = _DURATION.findall(text)
    seconds = sum(int(number) * _UNITS[unit] for number, unit in parts)
    if not parts or "".join(number + unit for number, unit in parts) != text or seconds == 0:
        raise typer.BadParameter(f"{value!r} is not a duration like 30s, 15m or 1h", param_hint="--every")
    return float(seconds)


@fail_on_error
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h.")] = "15m",
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and exit (for cron).")] = False,
) -> None:
    """Poll RSS/Atom feeds on a schedule and store their new reports (state in $HARMLEDGER_HOME/watch)."""
    seconds = parse_every(every)
    for url in feeds:
        if not is_url(url):
            raise typer.BadParameter(f"{url!r} is not an http(s) feed address", param_hint="FEEDS")
    state = WatchState.load(state_path())
    with Ledger(db) as ledger:
        try:
            failed = _poll_rounds(feeds, state, ledger, seconds=seconds, once=once)
        except KeyboardInterrupt:
            err.print("stopped; what was stored stays stored")
            return
    if failed:
        raise typer.Exit(1)


def _poll_rounds(feeds: list[str], state: WatchState, ledger: Ledger, *, seconds: float, once: bool) -> int:
    """Poll until interrupted (or once); the number of feeds and entries that failed in the last round."""
    while True:
        started = time.monotonic()
        failed = _poll_round(feeds, state, ledger)
        if once:
            return failed
        _sleep(max(0.0, started + seconds - time.monotonic()))


def _poll_round(feeds: list[str], state: WatchState, ledger: Ledger) -> int:
    totals: Counter[str] = Counter()
    try:
        for url in feeds:
            _poll_one(url, state, ledger, totals)
    finally:  # after Ctrl-C too: the incidents must account for every report stored
        if totals["stored"]:
            ledger.relink()
    return totals["failed"] + totals["rejected"]


def _poll_one(url: str, state: WatchState, ledger: Ledger, totals: Counter[str]) -> None:
    try:
        poll = poll_feed(url, state.feed(url))
    except HarmledgerError as exc:
        totals["failed"] += 1
        err.print(f"[red]failed[/] {exc} (polled again next round)", soft_wrap=True)
        return
    before = totals.copy()
    _store(poll, ledger, totals)
    state.commit(poll)
    out.print(_summary(poll, totals - before), soft_wrap=True)


def _store(poll: Poll, ledger: Ledger, totals: Counter[str]) -> None:
    for item in poll.items:
        if isinstance(item, IngestFailure):
            totals["rejected"] += 1
            err.print(f"[red]rejected[/] {item.error}", soft_wrap=True)
        elif not ledger.has_article(item) and ledger.add(item, process(item)):
            totals["stored"] += 1
        else:
            totals["skipped"] += 1


def _summary(poll: Poll, counts: Counter[str]) -> str:
    if poll.not_modified:
        return f"{poll.url}: not modified"
    return (
        f"{poll.url}: {len(poll.items)} new entries; {counts['stored']} stored, "
        f"{counts['skipped']} already in the ledger, {counts['rejected']} rejected"
    )
