"""Exports of the ledger: CSV (one row per incident), GeoJSON (points) and JSON (nested claims).

Every exporter takes incidents or tallies alike (a tally adds its ``outcome`` and own
``figure_*`` range); ``harmledger export --tallies`` exports tallies instead of incidents,
and ``--format json --tallies`` both, under separate keys. CSV column names follow
ACLED and UCDP GED where a counterpart exists, so the file drops into tools built for
those datasets; docs/schema.md lists every column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from harmledger.ledger.serialize import SummaryRow, incident_dict

CSV_COLUMNS = (
    ("event_id", "id"),
    ("event_date", "date"),
    ("date_precision", "date_precision"),
    ("country", "country"),
    ("admin1", "admin1"),
    ("location", "place"),
    ("geonames_id", "geonames_id"),
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("geo_precision", "precision"),
    ("actor1", "perpetrator"),
    ("event_type", "attack"),
    ("deaths_civilians_low", "killed_min"),
    ("deaths_civilians_high", "killed_max"),
    ("deaths_high_open", "killed_max_open"),
    ("injured_low", "injured_min"),
    ("injured_high", "injured_max"),
    ("children_killed", "children_killed"),
    ("women_killed", "women_killed"),
    ("grade", "grade"),
    ("sources", "claimants"),
    ("number_of_sources", "claim_count"),
)


# A tally's own outcome and range, after the incident columns: a tally of bodies recovered has no deaths range.
TALLY_COLUMNS = (
    ("outcome", "outcome"),
    ("figure_low", "figure_min"),
    ("figure_high", "figure_max"),
    ("figure_high_open", "figure_max_open"),
)


def to_csv(incidents: Sequence[SummaryRow], *, tallies: bool = False) -> str:
    """One row per incident; with ``tallies``, one per tally, each also with its outcome and its own range."""
    columns = CSV_COLUMNS + (TALLY_COLUMNS if tallies else ())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in columns])
    for row in incidents:
        data = incident_dict(row, with_claims=False)
        writer.writerow([_cell(data[field]) for _, field in columns])
    return out.getvalue()


def _cell(value: Any) -> Any:
    return "; ".join(value) if isinstance(value, list) else ("" if value is None else value)


def to_geojson(incidents: Sequence[SummaryRow]) -> str:
    features = []
    for row in incidents:
        props = incident_dict(row, with_claims=False)
        geometry = {"type": "Point", "coordinates": [row.lon, row.lat]} if row.lat is not None else None
        features.append({"type": "Feature", "id": row.key, "geometry": geometry, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def to_json(incidents: Sequence[SummaryRow]) -> str:
    return json.dumps([incident_dict(row) for row in incidents], ensure_ascii=False, indent=1, default=str)


def to_json_with_tallies(incidents: Sequence[SummaryRow], tallies: Sequence[SummaryRow]) -> str:
    """Incidents and tallies under separate keys, so that no reader sums one with the other."""
    data = {"incidents": [incident_dict(r) for r in incidents], "tallies": [incident_dict(r) for r in tallies]}
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


EXPORTERS: dict[str, Callable[[Sequence[SummaryRow]], str]] = {
    "csv": to_csv,
    "geojson": to_geojson,
    "json": to_json,
}
