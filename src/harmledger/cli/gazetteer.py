"""``harmledger gazetteer``: import GeoNames dumps or add places to the user overlay, look names up.

Typer wiring only; the work is in :mod:`harmledger.geo`. Errors are translated by
:func:`harmledger.cli.common.fail_on_error`, so this sub-app is usable on its own too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from harmledger.cli.common import err, fail_on_error, out
from harmledger.geo import default_geocoder
from harmledger.geo.geonames import DEFAULT_CLASSES, FEATURE_CLASSES
from harmledger.geo.overlay import import_dumps, save_places
from harmledger.geo.records import Candidate

app = typer.Typer(
    help="Offline gazetteer: import GeoNames dumps (SY.txt, IQ.txt or .zip), add places, look names up.",
    no_args_is_help=True,
)


@app.command("import")
@fail_on_error
def import_(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps (19-column .txt, or the country .zip).")],
    feature_class: Annotated[
        list[str] | None,
        typer.Option("--feature-class", "-f", help="GeoNames feature classes to keep (default: P and A)."),
    ] = None,
) -> None:
    """Add GeoNames dumps to the overlay in $HARMLEDGER_HOME; a bad file changes nothing."""
    classes = frozenset(c.upper() for c in feature_class) if feature_class else DEFAULT_CLASSES
    unknown = classes - FEATURE_CLASSES
    if unknown:
        err.print(f"[red]error[/] unknown feature class {', '.join(sorted(unknown))}; use A, H, L, P, R, S, T, U, V")
        raise typer.Exit(2)
    report = import_dumps(files, default_geocoder().gazetteer, classes=classes)
    err.print(
        f"imported {report.places:,} places from {report.files} file(s) ({report.new:,} new, "
        f"{report.derived_districts:,} districts derived) into {report.overlay}"
    )


@app.command()
@fail_on_error
def add(  # noqa: PLR0917 - one option per field of the place
    name: Annotated[str, typer.Argument(help="The place's name as analysts write it, e.g. 'al-Boubadran'.")],
    lat: Annotated[float, typer.Option("--lat", help="Latitude, decimal degrees (WGS84).")],
    lon: Annotated[float, typer.Option("--lon", help="Longitude, decimal degrees (WGS84).")],
    country: Annotated[str, typer.Option("--country", help="ISO country code (SY, IQ...).")],
    admin1: Annotated[
        str | None, typer.Option("--admin1", help="Governorate, GeoNames code or name (default: derived).")
    ] = None,
    admin2: Annotated[
        str | None, typer.Option("--admin2", help="District, GeoNames code or name (default: nearest seat's).")
    ] = None,
    alt: Annotated[list[str] | None, typer.Option("--alt", help="Another spelling; repeat for more.")] = None,
) -> None:
    """Add a place with coordinates to the overlay in $HARMLEDGER_HOME, so later runs spot and resolve it."""
    if len(country) != 2 or not country.isalpha():
        err.print(f"[red]error[/] --country {country!r} is not a two-letter ISO code such as SY or IQ")
        raise typer.Exit(2)
    geocoder = default_geocoder()
    place = geocoder.add_place(name, lat, lon, country, admin1, admin2, alt or ())
    target = save_places([place])
    governorate, district = geocoder.gazetteer.admin_names(place)
    where = ", ".join(x for x in (district, governorate, place.country) if x)
    err.print(f"added {place.name!r} ({place.lat:.5f}, {place.lon:.5f}; {where}) as place {place.id} to {target}")


@app.command()
@fail_on_error
def lookup(
    name: Annotated[str, typer.Argument(help="A place name, any spelling, Latin or Arabic script.")],
    near: Annotated[str | None, typer.Option("--near", help="Prefer candidates near this place.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only this ISO country code (SY, IQ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many candidates.")] = 10,
) -> None:
    """Candidates for NAME, best first, with GeoNames id, admin areas and match score."""
    candidates = default_geocoder().lookup(name, near=near, country=country)[:limit]
    if as_json:
        typer.echo(json.dumps([c.to_json() for c in candidates], ensure_ascii=False))
        return
    if not candidates:
        err.print(f"no place matches {name!r}")
        raise typer.Exit(1)
    out.print(_table(candidates))


def _table(candidates: list[Candidate]) -> Table:
    table = Table("name", "geonames id", "lat", "lon", "governorate", "district", "cc", "feature", "score")
    for c in candidates:
        row = c.to_json()
        table.add_row(
            *(
                str("" if row[k] is None else row[k])
                for k in ("name", "geonames_id", "lat", "lon", "admin1", "admin2", "country", "feature", "score")
            )
        )
    return table
