"""The ``harmledger`` command: typer wiring over the library, nothing more.

Library errors (:class:`~harmledger.errors.HarmledgerError`) become one red line on
stderr here and nowhere else. Exit codes: 0 all inputs processed, 1 some inputs rejected
(each named with its reason; the rest processed and stored), 2 bad usage.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Annotated

import typer

from harmledger import __version__
from harmledger.cli.common import DbOption, err, fail_on_error, out
from harmledger.cli.duplicates import duplicates
from harmledger.cli.gazetteer import app as gazetteer_app
from harmledger.cli.ingest import ingest
from harmledger.cli.ledger import decide, export, reprocess, totals_line
from harmledger.cli.users import app as users_app
from harmledger.cli.watch import watch
from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.ledger.serialize import incident_dict
from harmledger.pipeline import process

app = typer.Typer(
    name="harmledger",
    help="Turn news reports of armed conflict into a sourced ledger of civilian harm.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(users_app, name="user")
app.command()(ingest)
app.command()(watch)
app.command()(reprocess)
app.command()(decide)
app.command()(export)
app.command()(duplicates)


def _version(value: bool) -> None:
    if value:
        out.print(f"harmledger {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v info, -vv debug logging.")] = 0,
    _show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@app.command()
@fail_on_error
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or URLs of reports.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for reports that carry none.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one claim per line.")] = False,
) -> None:
    """Print the casualty claims in reports, without storing anything."""
    fallback = _parse_date(published)
    failures = 0
    for item in read_sources(paths, published=fallback):
        if isinstance(item, IngestFailure):
            failures += 1
            err.print(f"[red]rejected[/] {item.error}")
            continue
        for claim in process(item, published=fallback):
            if as_json:
                typer.echo(json.dumps(claim.to_json(item), ensure_ascii=False))
            else:
                out.print(
                    f"[bold]{item.id}[/] {claim.outcome} {claim.min}–{claim.max} ({claim.qualifier}) "
                    f"{claim.claimant or '—'}: “{claim.quote}”"
                )
    if failures:
        raise typer.Exit(1)


@app.command()
@fail_on_error
def incidents(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list with nested claims.")] = False,
    tallies: Annotated[bool, typer.Option("--tallies", help="List cumulative tallies instead.")] = False,
) -> None:
    """List the incidents in the ledger, with the totals of their ranges (tallies apart)."""
    with Ledger(db) as ledger:
        rows = ledger.incidents("tally" if tallies else "incident")
        footer = None if tallies else totals_line(ledger.totals())
    if as_json:
        typer.echo(json.dumps([incident_dict(r) for r in rows], ensure_ascii=False, indent=1, default=str))
        return
    from harmledger.cli.tables import incident_table  # noqa: PLC0415

    out.print(incident_table(rows, tallies=tallies))
    if footer:
        out.print(footer)


@app.command()
@fail_on_error
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the REST API."""
    import uvicorn  # noqa: PLC0415

    from harmledger.api.app import create_app, settle  # noqa: PLC0415

    web = create_app(db)
    settle()
    out.print(f"harmledger serving {web.state.ledger.url} on [bold]http://{host}:{port}[/]")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2018-11-16", param_hint="--published") from None


def main() -> None:
    app()
