"""Golden geolocation output on examples/, the gold reports and synthetic reports, so speed work cannot move a place.

Inputs are frozen in ``data/golden_inputs.json.gz`` (article texts and the claim spans
``extract`` found), so a change in ingest or extract does not show up here as a geo
change. ``data/golden_places.json`` is what ``spot`` and ``geolocate`` made of them.

Regenerate the expected output after a deliberate change of geo's rules (then review
the diff)::

    .venv/bin/python -m tests.geo.golden            # expected output from the frozen inputs
    .venv/bin/python -m tests.geo.golden --inputs   # also re-read examples/ and re-extract claims
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from harmledger.geo import Geocoder
from harmledger.models import Article, Claim

DATA = Path(__file__).parent / "data"
INPUTS = DATA / "golden_inputs.json.gz"
EXPECTED = DATA / "golden_places.json"
ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "examples", ROOT / "tests" / "fixtures" / "gold" / "reports")
SYNTHETIC = 40


def read_inputs() -> list[dict[str, Any]]:
    with gzip.open(INPUTS, "rt", encoding="utf-8") as handle:
        inputs: list[dict[str, Any]] = json.load(handle)
    return inputs


def _claims(item: dict[str, Any]) -> list[Claim]:
    return [
        Claim(item["id"], "", start, end, "killed", None, None, "exact", context_start=low, context_end=high)
        for start, end, low, high in item["claims"]
    ]


def snapshot(geocoder: Geocoder, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per article: its mentions and each claim's places, as plain JSON values."""
    result = []
    for item in inputs:
        article = Article(id=item["id"], text=item["text"])
        claims = _claims(item)
        geocoder.geolocate(article, claims)
        result.append(
            {
                "id": item["id"],
                "mentions": [
                    [m.text, m.start, m.end, m.key, m.cue, m.role, m.level, list(m.ids)]
                    for m in geocoder.spot(article.text)
                ],
                "claims": [
                    {
                        "span": [c.start, c.end, c.context_start, c.context_end],
                        "places": [
                            [p.name, p.resolved, p.geonames_id, p.precision, p.admin1, p.admin2, p.rule, p.start]
                            for p in c.places
                        ],
                    }
                    for c in claims
                ],
            }
        )
    return result


def _fresh_inputs() -> list[dict[str, Any]]:
    from benchmarks.corpus import generate  # noqa: PLC0415

    from harmledger.extract import extract_claims  # noqa: PLC0415 - only when refreshing inputs
    from harmledger.ingest import IngestFailure, read_sources  # noqa: PLC0415

    inputs = []
    for article in read_sources([str(s) for s in SOURCES]):
        if isinstance(article, IngestFailure):
            continue
        claims = extract_claims(article, article.published)
        spans = [[c.start, c.end, c.context_start, c.context_end] for c in claims]
        inputs.append({"id": article.id, "text": article.text, "claims": spans})
    for article in generate(SYNTHETIC, seed=5):  # more places and spellings than the real corpus has
        claims = extract_claims(article, article.published)
        spans = [[c.start, c.end, c.context_start, c.context_end] for c in claims]
        inputs.append({"id": article.id, "text": article.text, "claims": spans})
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", action="store_true", help="re-read examples/ and re-extract the claims first")
    args = parser.parse_args()
    if args.inputs:
        with gzip.GzipFile(INPUTS, "wb", mtime=0) as raw:
            raw.write(json.dumps(_fresh_inputs(), ensure_ascii=False).encode())
    with tempfile.TemporaryDirectory() as home:
        geocoder = Geocoder.load(Path(home) / "overlay.tsv.gz")
    expected = snapshot(geocoder, read_inputs())
    EXPECTED.write_text(_dumps(expected), encoding="utf-8")


def _dumps(articles: list[dict[str, Any]]) -> str:
    """JSON with one line per mention and per claim, so a review diff shows what moved."""

    def lines(values: list[Any]) -> str:
        return ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in values)

    parts = [
        f'{{"id": {json.dumps(a["id"])},\n "mentions": [\n  {lines(a["mentions"])}],\n'
        f' "claims": [\n  {lines(a["claims"])}]}}'
        for a in articles
    ]
    return "[\n" + ",\n".join(parts) + "\n]\n"


if __name__ == "__main__":
    main()
