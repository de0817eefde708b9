"""Ledger speed: end-to-end ingest into SQLite, and linking synthetic claims from 10k to 1M.

Linking runs in a fresh process per size so that its peak memory (``ru_maxrss``) is its
own. Synthetic claims follow a realistic shape: places drawn with a heavy tail (a few
cities get most reports) from ~3,000 villages, days over five years, two to three
claimants per strike, a few subsets, tallies and undated claims.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from harmledger.link import Evidence, link
from harmledger.models import Claim, PlaceRef

PLACES = 3_000
START = date(2015, 1, 1).toordinal()
CLAIMANTS = ("SANA", "SOHR", "Airwars", "White Helmets", "Syrian foreign ministry", "Deir Ezzor 24")


def _places(rng: random.Random) -> list[PlaceRef]:
    return [
        PlaceRef(
            name=f"village {i}",
            resolved=f"village {i}",
            geonames_id=100_000 + i,
            lat=33.0 + rng.random() * 4,
            lon=36.0 + rng.random() * 6,
            admin1=f"gov {i % 14}",
            admin2=f"district {i % 60}",
            country="SY",
            precision="place",
        )
        for i in range(PLACES)
    ]


def synthetic(n: int, seed: int = 0) -> list[Evidence]:
    """``n`` claims: strikes reported by a few claimants each, at Zipf-distributed places and uniform days."""
    rng = random.Random(seed)
    places = _places(rng)
    weights = [1 / (rank + 1) for rank in range(PLACES)]
    out: list[Evidence] = []
    while len(out) < n:
        place = rng.choices(places, weights)[0]
        day = date.fromordinal(START + rng.randrange(5 * 365)).isoformat()
        undated = rng.random() < 0.03
        for claimant in rng.sample(CLAIMANTS, rng.randint(1, 3)):
            article = f"{len(out):012x}"
            figure = rng.randint(1, 60)
            claim = Claim(
                article_id=article,
                quote=f"killed {figure} civilians",
                start=0,
                end=20,
                outcome="killed",
                min=figure,
                max=figure,
                qualifier="exact",
                claimant=claimant,
                attack="airstrike",
                date=None if undated else day,
                date_precision="unknown" if undated else "day",
                places=[place],
                cumulative=rng.random() < 0.01,
            )
            out.append(Evidence.of(len(out), claim, article, f"{article}:00000000"))
    return out[:n]


def _link_once(n: int) -> dict[str, float]:
    items = synthetic(n)
    started = time.perf_counter()
    groups = link(items)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"claims": n, "seconds": seconds, "groups": len(groups), "peak_mib": peak_mib}


def _in_child(n: int) -> dict[str, float]:
    code = f"import json, benchmarks.bench_ledger as b; print(json.dumps(b._link_once({n})))"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)  # noqa: S603  (our own interpreter and code)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _ingest(n: int) -> float:
    """Articles per second through extract, geo, store and relink into a fresh SQLite file."""
    from benchmarks.corpus import generate  # noqa: PLC0415
    from harmledger.ledger import Ledger  # noqa: PLC0415
    from harmledger.pipeline import process  # noqa: PLC0415

    articles = list(generate(n, seed=0))
    process(articles[0])  # load the gazetteer before the clock starts
    with tempfile.TemporaryDirectory() as folder, Ledger(f"sqlite:///{Path(folder) / 'b.db'}") as ledger:
        started = time.perf_counter()
        for article in articles:
            ledger.add(article, process(article))
        ledger.relink()
        return n / (time.perf_counter() - started)


def run(quick: bool) -> str:
    sizes = [10_000] if quick else [10_000, 100_000, 1_000_000]
    rows = [_in_child(n) for n in sizes]
    rate = _ingest(200 if quick else 2_000)
    table = "\n".join(
        f"| {int(r['claims']):,} | {r['seconds']:.1f} | {r['claims'] / r['seconds']:,.0f} | {int(r['groups']):,} "
        f"| {r['peak_mib']:,.0f} |"
        for r in rows
    )
    return (
        "## Ledger\n\n"
        f"End-to-end ingest into SQLite (extract, geo, store, relink; `benchmarks/corpus.py` reports): "
        f"**{rate:,.0f} articles/s**.\n\n"
        "Linking synthetic claims (blocked by place and month; each size in a fresh process):\n\n"
        "| claims | seconds | claims/s | incidents + tallies | peak MiB (process) |\n| --- | --- | --- | --- | --- |\n"
        f"{table}\n"
    )
