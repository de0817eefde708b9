"""``harmledger reprocess``, ``export`` and ``decide``: commands over the stored ledger.

Typer wiring only; the work is in :mod:`harmledger.ledger`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.ledger import Ledger, decisions
from harmledger.ledger.export import EXPORTERS, to_csv, to_json_with_tallies
from harmledger.ledger.queries import Totals
from harmledger.ledger.serialize import range_label
from harmledger.pipeline import process


@fail_on_error
def reprocess(db: DbOption = None) -> None:
    """Re-extract every stored article with the current extractor, relink, and keep analysts' decisions."""
    with Ledger(db) as ledger:
        count = ledger.reprocess(process)
        counts = ledger.counts()
    out.print(
        f"{count} articles reprocessed; ledger holds {counts['claims']} claims, {counts['incidents']} incidents, "
        f"{counts['tallies']} tallies"
    )


@fail_on_error
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, geojson or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")] = None,
    tallies: Annotated[
        bool, typer.Option("--tallies", help="Export cumulative tallies; with json, incidents and tallies apart.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export every incident (or tally) as CSV, GeoJSON or JSON."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        err.print(f"[red]error[/] unknown format {fmt!r}: choose one of {', '.join(EXPORTERS)}")
        raise typer.Exit(2)
    with Ledger(db) as ledger:
        if tallies and fmt == "json":
            text = to_json_with_tallies(ledger.incidents(), ledger.tallies())
        elif tallies and fmt == "csv":
            text = to_csv(ledger.tallies(), tallies=True)
        else:
            text = exporter(ledger.tallies() if tallies else ledger.incidents())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


@fail_on_error
def decide(
    kind: Annotated[str, typer.Argument(help="reject, accept, move, merge, split, correct, note or detach.")],
    target: Annotated[
        str,
        typer.Argument(help="A claim key (hash:start:end), an incident key, or (detach) an article's content hash."),
    ],
    value: Annotated[
        list[str] | None,
        typer.Argument(help="move/merge: incident key; split: claim keys; correct: field=value words; or JSON."),
    ] = None,
    *,
    actor: Annotated[str, typer.Option("--actor", help="Who decides: kept in the audit log.")],
    note: Annotated[str | None, typer.Option("--note", help="Why, for the audit log (a note decision's text).")] = None,
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Withdraw the standing decision instead.")] = False,
    db: DbOption = None,
) -> None:
    """Record an analyst's decision (audited, kept across relinking and reprocessing) and relink."""
    parsed = None if withdraw else decisions.parse_value(kind, value or [])
    with Ledger(db) as ledger:
        ledger.record_decision(kind, target, parsed, actor=actor, note=note)
        counts = ledger.counts()
    done = "withdrawn" if withdraw else "recorded"
    out.print(f"{kind} of {target} {done} by {actor}; ledger holds {counts['incidents']} incidents")


def totals_line(totals: Totals) -> str:
    """The footer under an incident list: sums of minima and maxima, tallies left out."""
    killed = range_label(totals.killed_min, totals.killed_max, open_ended=totals.open_ended > 0)
    injured = range_label(totals.injured_min, totals.injured_max, open_ended=False)
    notes = []
    if totals.open_ended:
        notes.append(f"{totals.open_ended} with an open upper bound")
    if totals.no_figure:
        notes.append(f"{totals.no_figure} without a killed figure")
    detail = f" ({'; '.join(notes)})" if notes else ""
    return f"{totals.incidents} incidents{detail}: {killed} killed, {injured} injured; tallies not included"
