"""The spelling-variant table (tests/geo/data/variants.tsv): each row's top candidate."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmledger.geo import Geocoder

TABLE = Path(__file__).parent / "data" / "variants.tsv"
# Known misses, each a real limit of the rules (docs/geo.md, "Accuracy").
KNOWN_MISSES = {"Halabcha"}  # ch→sh gives "halabsha", the town is only "Halabja"; the district matches


def _rows() -> list[tuple[str, int, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            variant, geonames_id, source, _ = line.split("\t")
            rows.append((variant, int(geonames_id), source))
    return rows


ROWS = _rows()


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 150
    assert {source for _, _, source in ROWS} == {"alt", "press", "arabic"}


@pytest.mark.parametrize(
    ("variant", "geonames_id", "source"),
    [pytest.param(*row, marks=pytest.mark.xfail(strict=True)) if row[0] in KNOWN_MISSES else row for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_variant_resolves(geocoder: Geocoder, variant: str, geonames_id: int, source: str) -> None:
    candidates = geocoder.lookup(variant)
    assert candidates, f"{variant} ({source}): no candidate"
    assert candidates[0].place.id == geonames_id
