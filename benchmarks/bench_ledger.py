"""Ledger speed: linking synthetic claims from 10k to 1M, and end-to-end ingest into SQLite, split by stage.

Linking runs in a fresh process per size so that its peak memory (``ru_maxrss``) is its
own. Synthetic claims follow a realistic shape: places drawn with a heavy tail (the
busiest of ~3,000 villages gets ~12% of all reports, as Raqqa or Mosul did) and days over
five years with campaign months three times as busy as quiet ones; one to three claimants
per strike; most dates to the day, some "on or before", "in the week", to the month, or
unresolved; a few tallies.

Ingest stores `benchmarks/corpus.py` reports (newswire profile: realistic reports, 5% of them
republished by another outlet, none sharing a passage by accident, as the copy detector meets
real feeds) in a fresh SQLite file and
times three parts apart: extraction and geo (:func:`harmledger.pipeline.process`), the
ledger's store of the extracted claims (:meth:`Ledger.add_many`), and the relink.
"""

from __future__ import annotations

import itertools
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

LINK_TARGET_S = 60.0  # 1M claims (issue 6)
MEMORY_TARGET_MIB = 2048
INGEST_TARGET = 300  # articles per second into SQLite, end to end (issue 6)
CLI_REPORTS = 10_000  # past the first thousands, when every stock phrase still looks like a quotation
PROFILE = "newswire"  # the realistic reports without passages shared by accident (benchmarks/corpus.py)
PLACES = 3_000
START = date(2015, 1, 1).toordinal()
DAYS = 5 * 365
CLAIMANTS = ("SANA", "SOHR", "Airwars", "White Helmets", "Syrian foreign ministry", "Deir Ezzor 24")
PRECISIONS = (("day", 0.86), ("on_or_before", 0.04), ("week", 0.03), ("before", 0.01), ("month", 0.03))


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


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def synthetic(n: int, seed: int = 0) -> list[Evidence]:
    """``n`` claims: strikes reported by a few claimants each, at Zipf-distributed places on campaign-weighted days."""
    rng = random.Random(seed)
    places = _places(rng)
    place_cum = _cumulative([1 / (rank + 1) for rank in range(PLACES)])
    day_cum = _cumulative([3.0 if (day // 30) % 6 == 0 else 1.0 for day in range(DAYS)])
    precision_names = [name for name, _ in PRECISIONS]
    precision_cum = _cumulative([share for _, share in PRECISIONS])
    out: list[Evidence] = []
    while len(out) < n:
        place = rng.choices(places, cum_weights=place_cum)[0]
        day = date.fromordinal(START + rng.choices(range(DAYS), cum_weights=day_cum)[0]).isoformat()
        undated = rng.random() < 0.03
        for claimant in rng.sample(CLAIMANTS, rng.randint(1, 3)):
            precision = rng.choices(precision_names, cum_weights=precision_cum)[0]
            when = None if undated else (day[:7] if precision == "month" else day, precision)
            out.append(_claim(len(out), rng, place, claimant, when))
    return out[:n]


def _claim(number: int, rng: random.Random, place: PlaceRef, claimant: str, when: tuple[str, str] | None) -> Evidence:
    article = f"{number:012x}"
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
        date=when[0] if when else None,
        date_precision=when[1] if when else "unknown",
        places=[place],
        cumulative=rng.random() < 0.01,
    )
    return Evidence.of(number, claim, article, f"{article}:00000000")


def _peak_mib() -> float:
    """This process's peak resident memory; VmHWM, since ru_maxrss keeps the parent's peak across exec on Linux."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _link_once(n: int) -> dict[str, float]:
    items = synthetic(n)
    data_mib = _peak_mib()
    started = time.perf_counter()
    groups = link(items)
    seconds = time.perf_counter() - started
    return {"claims": n, "seconds": seconds, "groups": len(groups), "data_mib": data_mib, "peak_mib": _peak_mib()}


def _in_child(n: int) -> dict[str, float]:
    code = f"import json, benchmarks.bench_ledger as b; print(json.dumps(b._link_once({n})))"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)  # noqa: S603  (our own interpreter and code)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _ingest(n: int) -> dict[str, float]:
    """Seconds spent extracting, storing and relinking ``n`` reports into a fresh SQLite file."""
    from benchmarks.corpus import generate  # noqa: PLC0415
    from harmledger.ledger import Ledger  # noqa: PLC0415
    from harmledger.pipeline import process  # noqa: PLC0415

    articles = list(generate(n, seed=0, profile=PROFILE))
    process(articles[0])  # load the gazetteer before the clock starts
    started = time.perf_counter()
    extracted = [(article, process(article)) for article in articles]
    extract_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder, Ledger(f"sqlite:///{Path(folder) / 'b.db'}") as ledger:
        started = time.perf_counter()
        ledger.add_many(extracted)
        store_s = time.perf_counter() - started
        started = time.perf_counter()
        ledger.relink()
        relink_s = time.perf_counter() - started
        claims = ledger.counts()["claims"]
    return {"articles": n, "claims": claims, "extract": extract_s, "store": store_s, "relink": relink_s}


def _cli_ingest(n: int, workers: int) -> float:
    """Articles per second of ``harmledger ingest --workers N`` on a JSON Lines file, process start included."""
    from benchmarks.corpus import generate  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "reports.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for a in generate(n, seed=0, profile=PROFILE):
                day = a.published.isoformat() if a.published else None
                out.write(json.dumps({"id": a.id, "title": a.title, "published": day, "content": a.text}) + "\n")
        command = [str(Path(sys.executable).parent / "harmledger"), "ingest", str(corpus), "--workers", str(workers)]
        started = time.perf_counter()
        subprocess.run([*command, "--db", f"sqlite:///{Path(folder) / 'c.db'}"], check=True, capture_output=True)  # noqa: S603
        return n / (time.perf_counter() - started)


def _growth(rows: list[dict[str, float]]) -> str:
    steps = [
        f"×{b['seconds'] / a['seconds']:.1f} time for ×{b['claims'] / a['claims']:.0f} claims"
        for a, b in itertools.pairwise(rows)
    ]
    return "; ".join(steps) if steps else "one size only"


def run(quick: bool) -> str:
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    rows = [_in_child(n) for n in sizes]
    ingest = _ingest(300 if quick else 2_000)
    cli_n = 300 if quick else CLI_REPORTS
    cli = {workers: _cli_ingest(cli_n, workers) for workers in (1, 2)}
    table = "\n".join(
        f"| {int(r['claims']):,} | {r['seconds']:.2f} | {r['claims'] / r['seconds']:,.0f} | {int(r['groups']):,} "
        f"| {r['data_mib']:,.0f} | {r['peak_mib']:,.0f} |"
        for r in rows
    )
    n = ingest["articles"]
    total = ingest["extract"] + ingest["store"] + ingest["relink"]
    ledger_s = ingest["store"] + ingest["relink"]
    return (
        "## Ledger\n\n"
        f"Linking synthetic claims (blocked by place and day; each size in a fresh process; "
        f"target {LINK_TARGET_S:.0f} s and {MEMORY_TARGET_MIB:,} MiB for 1M):\n\n"
        "| claims | seconds | claims/s | incidents + tallies | MiB before linking | peak MiB (process) |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"{table}\n\n"
        f"Growth: {_growth(rows)}.\n\n"
        f"Ingest of {n:,} `benchmarks/corpus.py` reports ({PROFILE} profile, {int(ingest['claims']):,} claims) "
        f"into a fresh SQLite file, one process, split by stage:\n\n"
        "| part | seconds | articles/s |\n| --- | --- | --- |\n"
        f"| extraction + geo (`pipeline.process`) | {ingest['extract']:.2f} | {n / ingest['extract']:,.0f} |\n"
        f"| ledger store (`Ledger.add_many`, claims extracted beforehand) | {ingest['store']:.2f} "
        f"| {n / ingest['store']:,.0f} |\n"
        f"| relink | {ingest['relink']:.2f} | {n / ingest['relink']:,.0f} |\n"
        f"| ledger (store + relink) | {ledger_s:.2f} | {n / ledger_s:,.0f} |\n"
        f"| **end to end** | {total:.2f} | **{n / total:,.0f}** |\n\n"
        f"End to end as a user runs it: {cli_n:,} reports of the same profile through `harmledger ingest` "
        f"into a fresh SQLite file (process start, gazetteer load, reading, copies and the final relink "
        f"included). In one process {cli[1]:,.0f} articles/s; with `--workers 2`, the default on these 2 cores "
        f"(workers extract and prepare copy detection while this process stores), **{cli[2]:,.0f} articles/s** "
        f"(target {INGEST_TARGET}).\n"
    )
