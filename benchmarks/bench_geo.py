"""Geo stage: gazetteer load time, spotting and geolocation speed, peak memory.

The text is the example corpus and the gold reports (war reports dense in place
names), repeated until it reaches the target size. ``geolocate`` is timed per article
with the claims ``extract`` found in it (extraction itself is not timed).
"""

from __future__ import annotations

import gc
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harmledger.extract import extract_claims
from harmledger.geo import Geocoder
from harmledger.ingest import IngestFailure, read_sources
from harmledger.models import Article, Claim

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "examples", ROOT / "tests" / "fixtures" / "gold" / "reports")
TARGET_MB, QUICK_MB = 20.0, 2.0


def _articles() -> list[tuple[Article, list[Claim]]]:
    articles = [a for a in read_sources([str(s) for s in SOURCES]) if not isinstance(a, IngestFailure)]
    return [(a, extract_claims(a, a.published)) for a in articles]


def _repeat(base: list[tuple[Article, list[Claim]]], megabytes: float) -> list[tuple[Article, list[Claim]]]:
    size = sum(len(a.text.encode()) for a, _ in base)
    rounds = max(1, int(megabytes * 1e6 / size) + 1)
    return base * rounds


def _rate(work: Callable[[], object], megabytes: float, repeat: int = 3) -> tuple[float, float]:
    """Best of ``repeat`` runs, in CPU seconds of this process (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best, megabytes / best


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(quick: bool) -> str:
    """The Markdown section for docs/benchmarks.md."""
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        geocoder = Geocoder.load(Path(home) / "overlay.tsv.gz")
        load = time.perf_counter() - started
    started = time.perf_counter()
    geocoder.spot("Raqqa")
    build = time.perf_counter() - started
    rss_loaded = _peak_mb()
    items = _repeat(_articles(), QUICK_MB if quick else TARGET_MB)
    megabytes = sum(len(a.text.encode()) for a, _ in items) / 1e6
    claims = sum(len(c) for _, c in items)
    spot_s, spot_rate = _rate(lambda: [geocoder.spot(a.text) for a, _ in items], megabytes)
    geo_s, geo_rate = _rate(lambda: [geocoder.geolocate(a, c) for a, c in items], megabytes)
    return f"""## Geo (`harmledger.geo`)

Shipped gazetteer ({len(geocoder.gazetteer):,} entries), no overlay; {megabytes:.1f} MB of report text
({len(items):,} articles, {claims:,} claims: examples/ and tests/fixtures/gold/reports repeated), one core;
speeds are the best of three runs in CPU time.

| measure | value | target |
| --- | --- | --- |
| gazetteer load | {load:.3f} s | < 0.5 s |
| matcher build (first `spot`) | {build:.3f} s | |
| `spot` | {spot_rate:.2f} MB/s ({spot_s:.2f} s) | |
| `geolocate` (spot + resolve + place claims) | {geo_rate:.2f} MB/s ({geo_s:.2f} s) | ≥ 5 MB/s |
| peak RSS after load | {rss_loaded:.0f} MB | |
| peak RSS, whole run | {_peak_mb():.0f} MB | < 300 MB |
"""
