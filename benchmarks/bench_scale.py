"""Scale: extraction + geo over 1, 2 and N workers, end-to-end ingest at 10k and 100k, and a spaCy baseline.

All on `benchmarks/corpus.py` reports of the *newswire* profile (realistic reports, 5%
republished by another outlet, no accidental shared passages). Throughput runs
:func:`harmledger.parallel.process_partition` over partitions of 100 through the same
:class:`~harmledger.parallel.Runner` as ``harmledger ingest --workers N`` (and through a
Dask ``LocalCluster``); its CPU time is read from the reaped workers, which no other load
on the machine changes. End to end is ``harmledger ingest --workers 2`` into a fresh
SQLite file, its own process, with that process's peak memory; 1M is extrapolated from
the growth between 10k and 100k. The baseline reads the same reports with a blank spaCy
tokenizer (no model) and runs dateparser on each date-like phrase: what a minimal
pipeline of off-the-shelf parts costs before it finds a single figure.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from benchmarks.corpus import generate, write_jsonl
from harmledger.models import Article
from harmledger.parallel import Runner, process_partition

PROFILE = "newswire"
TARGET_RATE = 1_000  # articles/s of extraction + geo on 2 cores (issue 8)
TARGET_1M_S = 30 * 60
TARGET_EFFICIENCY = 0.8
_DATE_LIKE = re.compile(
    r"\b(?:(?:on |last |next )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|last (?:week|month)"
    r"|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?:, \d{4})?"
    r"|\d{4}-\d{2}-\d{2}|(?:in|since) \d{4})\b"
)


def _partitions(articles: list[Article]) -> Iterator[list[Article]]:
    for start in range(0, len(articles), 100):
        yield articles[start : start + 100]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _throughput(articles: list[Article], workers: int) -> dict[str, float]:
    """Wall and worker-CPU seconds to extract and place ``articles`` in ``workers`` processes.

    The workers are forked from this process after it loaded the gazetteer (:func:`run`), as
    ``harmledger ingest --workers N`` forks them, so they start warm.
    """
    cpu = _children_cpu()
    with ProcessPoolExecutor(workers) as pool:
        runner = Runner(pool, lambda: 2 * workers)
        started = time.perf_counter()
        claims = sum(len(c) for _, result in runner.in_order(process_partition, _partitions(articles)) for c in result)
        wall = time.perf_counter() - started
    return {"workers": workers, "wall": wall, "cpu": _children_cpu() - cpu, "claims": claims}


def _dask_throughput(articles: list[Article], workers: int) -> float:
    """Wall seconds for the same work as Dask tasks on a ``LocalCluster`` of ``workers`` processes."""
    from distributed import Client, LocalCluster  # noqa: PLC0415

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        executor = client.get_executor(pure=False)
        list(executor.map(process_partition, [articles[:workers]] * workers))
        runner = Runner(executor, lambda: 2 * workers)
        started = time.perf_counter()
        for _ in runner.in_order(process_partition, _partitions(articles)):
            pass
        return time.perf_counter() - started


def _baseline(articles: list[Article]) -> dict[str, float]:
    """CPU seconds of a spaCy blank tokenizer over each report plus dateparser on its date-like phrases."""
    import dateparser  # noqa: PLC0415
    import spacy  # noqa: PLC0415

    nlp = spacy.blank("en")
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    started = time.process_time()
    tokens = phrases = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        tokens += len(doc)
        base = {"RELATIVE_BASE": datetime.combine(article.published, datetime.min.time())} if article.published else {}
        for match in _DATE_LIKE.finditer(article.text):
            dateparser.parse(match.group(), languages=["en"], settings={**settings, **base})
            phrases += 1
    return {"cpu": time.process_time() - started, "tokens": tokens, "phrases": phrases}


def _ingest(n: int, folder: Path) -> dict[str, float]:
    """``harmledger ingest --workers 2`` of ``n`` reports into SQLite: wall seconds and peak MiB of each process."""
    corpus = write_jsonl(folder / f"reports-{n}.jsonl", n, seed=0, profile=PROFILE)
    db = f"sqlite:///{folder / f'ledger-{n}.db'}"
    argv = ["harmledger", "ingest", str(corpus), "--workers", "2", "--db", db]
    code = f"from benchmarks.bench_scale import measured_ingest\nmeasured_ingest({argv!r})"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603  (our own code)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"harmledger ingest of {n:,} reports failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    memory = json.loads(done.stderr.strip().splitlines()[-1])
    corpus.unlink()
    return {"articles": n, "seconds": seconds, **{f"{kind}_mib": mib for kind, mib in memory.items()}}


def measured_ingest(argv: list[str]) -> None:
    """Run the CLI with ``argv`` here, then print the peak MiB of this process, its workers and its helper as JSON.

    Children are read from /proc while it runs. ``getrusage`` would not do: it counts a spawned
    child (the relink's helper) from its fork, before exec, at this process's size then.
    """
    from harmledger.cli import main  # noqa: PLC0415  (imported in the measured process only)

    peaks = {"worker": 0.0, "helper": 0.0}
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.2):
            for pid in _children():
                try:  # a child may exit between being listed and being read
                    spawned = b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                kind = "helper" if spawned else "worker"
                peaks[kind] = max(peaks[kind], _peak_mib(pid))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    sys.argv = argv
    status: int | str | None = 0
    try:
        main()
    except SystemExit as exit_:
        status = exit_.code
    stop.set()
    watcher.join()
    print(json.dumps({"main": _peak_mib("self"), **peaks}), file=sys.stderr)
    sys.exit(status)


def _children() -> list[str]:
    """This process's child pids, from each thread's list (a child belongs to the thread that started it)."""
    try:
        return [pid for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()]
    except OSError:
        return []


def _peak_mib(pid: str) -> float:
    """The peak resident memory (VmHWM) of ``pid``; 0 once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def _extrapolate(rows: list[dict[str, float]], key: str, n: int) -> tuple[float, float]:
    """``key`` at ``n`` articles from the power law through the last two sizes, and its exponent."""
    a, b = rows[-2], rows[-1]
    exponent = math.log(b[key] / a[key]) / math.log(b["articles"] / a["articles"])
    return b[key] * (n / b["articles"]) ** exponent, exponent


def run(quick: bool) -> str:
    load_before = os.getloadavg()[0]
    articles = list(generate(300 if quick else 3_000, seed=1, profile=PROFILE))
    counts = sorted({1, 2, os.cpu_count() or 2})
    process_partition(articles[:1])  # gazetteer and patterns loaded here, inherited by the forked workers
    rows = [_throughput(articles, workers) for workers in counts]
    dask_wall = _dask_throughput(articles, 2)
    baseline = _baseline(articles)
    with tempfile.TemporaryDirectory() as folder:
        ingests = [_ingest(n, Path(folder)) for n in ((500, 2_000) if quick else (10_000, 100_000))]
    load_after = os.getloadavg()[0]
    return _report(
        articles, rows=rows, dask_wall=dask_wall, baseline=baseline, ingests=ingests, load=(load_before, load_after)
    )


def _report(
    articles: list[Article],
    *,
    rows: list[dict[str, float]],
    dask_wall: float,
    baseline: dict[str, float],
    ingests: list[dict[str, float]],
    load: tuple[float, float],
) -> str:
    n = len(articles)
    one = n / rows[0]["wall"]
    table = "\n".join(
        f"| {int(r['workers'])} worker process{'es' if r['workers'] > 1 else ''} | {r['wall']:.1f} "
        f"| {n / r['wall']:,.0f} | "
        f"{n / r['wall'] / (r['workers'] * one):.0%} | {n / r['cpu']:,.0f} |"
        for r in rows
    )
    per_cpu = n / rows[0]["cpu"]
    ideal_two = 2 * per_cpu
    million_s, time_exp = _extrapolate(ingests, "seconds", 1_000_000)
    million_mib, mem_exp = _extrapolate(ingests, "main_mib", 1_000_000)
    ingest_rows = "\n".join(
        f"| {int(r['articles']):,} | {r['seconds']:,.0f} | {r['articles'] / r['seconds']:,.0f} | "
        f"{r['main_mib']:,.0f} | {r['worker_mib']:,.0f} | {r['helper_mib']:,.0f} |"
        for r in ingests
    )
    base_rate = n / baseline["cpu"]
    return (
        "## Scale (`harmledger ingest --workers N` / `--dask`)\n\n"
        f"Extraction + geolocation of {n:,} *{PROFILE}* reports ({int(rows[0]['claims']):,} claims), partitions of 100 "
        "kept in flight 2 per worker, workers forked with the gazetteer loaded; *efficiency* is articles/s per "
        "worker against one worker, on the wall clock; *per CPU-second* counts the workers' CPU time only, which "
        "the load of other programs does not change:\n\n"
        "| runner | seconds | articles/s | efficiency | per CPU-second |\n| --- | ---: | ---: | ---: | ---: |\n"
        f"{table}\n"
        f"| Dask `LocalCluster`, 2 worker processes | {dask_wall:.1f} | {n / dask_wall:,.0f} | "
        f"{n / dask_wall / (2 * one):.0%} | |\n\n"
        f"On CPU time one worker does {per_cpu:,.0f} articles/s, so two free cores would do about {ideal_two:,.0f} "
        f"(target {TARGET_RATE:,}: {'met' if ideal_two >= TARGET_RATE else 'not met'}); the wall-clock efficiency "
        f"(target {TARGET_EFFICIENCY:.0%}) is only meaningful on an idle machine.\n\n"
        f"Baseline on the same reports, one process, CPU time: a blank spaCy tokenizer (`spacy.blank('en')`, "
        f"{int(baseline['tokens']):,} tokens) and dateparser on the {int(baseline['phrases']):,} date-like phrases: "
        f"{base_rate:,.0f} articles/s. harmledger's whole extraction + geolocation runs at "
        f"**{per_cpu / base_rate:.2f}×** the baseline's speed.\n\n"
        "End to end, `harmledger ingest reports.jsonl --workers 2` into a fresh SQLite file (reading, extraction, "
        "geolocation, copy detection, storing, one relinking pass over the ledger in date order; process start "
        "included); peak memory of the "
        "main process, of the largest worker and of the helper process that reads and links the ledger for the "
        "final relink:\n\n"
        "| articles | seconds | articles/s | peak MiB (main) | peak MiB (worker) | peak MiB (helper) |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: |\n"
        f"{ingest_rows}\n"
        f"| 1,000,000 (extrapolated) | {million_s:,.0f} | {1_000_000 / million_s:,.0f} | {million_mib:,.0f} | | |\n\n"
        f"Growth from {int(ingests[0]['articles']):,} to {int(ingests[1]['articles']):,}: time ∝ n^{time_exp:.2f}, "
        f"main-process memory ∝ n^{mem_exp:.2f}; 1M extrapolated along that curve "
        f"(target {TARGET_1M_S // 60} min: {'met' if million_s <= TARGET_1M_S else 'not met'}).\n\n"
        f"Machine load (1-minute average) {load[0]:.1f} before and {load[1]:.1f} after, on {os.cpu_count()} cores "
        "shared with other work: wall-clock figures understate an idle machine.\n"
    )
