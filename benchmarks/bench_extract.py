"""Extraction throughput on synthetic ~6 KB reports, on one process and on two, with peak memory and a profile."""

from __future__ import annotations

import cProfile
import io
import multiprocessing
import os
import pstats
import resource
import time

from benchmarks.corpus import generate
from harmledger.extract import extract_claims
from harmledger.models import Article

TARGET = 1000  # articles per second on two cores (issue 4)
PROCESSES = 2
_CHUNK = 64  # articles sent to a worker at a time


def _count(articles: list[Article]) -> tuple[int, float]:
    """Claims in ``articles`` and the CPU seconds this process spent finding them."""
    started = time.process_time()
    claims = sum(len(extract_claims(article)) for article in articles)
    return claims, time.process_time() - started


def _one_process(articles: list[Article]) -> tuple[int, float, float]:
    extract_claims(articles[0])  # compile the patterns and load the lexicon before the clock starts
    started = time.perf_counter()
    claims, cpu = _count(articles)
    return claims, time.perf_counter() - started, cpu


def _many_processes(articles: list[Article], processes: int) -> tuple[int, float, float]:
    chunks = [articles[i : i + _CHUNK] for i in range(0, len(articles), _CHUNK)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_count, [articles[:1]] * processes)  # warm every worker
        started = time.perf_counter()
        results = list(pool.imap(_count, chunks))
        seconds = time.perf_counter() - started
    return sum(c for c, _ in results), seconds, sum(cpu for _, cpu in results)


def _profile(articles: list[Article]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        extract_claims(article)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
    rows = [line for line in out.getvalue().splitlines() if ("(" in line and "/" in line) or "{" in line]
    return "\n".join(f"    {row.strip()}" for row in rows[:8])


def _rows(profile: str, n: int) -> tuple[list[str], float, float]:
    articles = list(generate(n, seed=0, profile=profile))
    size = sum(len(a.text) for a in articles) / n
    rows, best, per_cpu = [], 0.0, 0.0
    for processes in (1, PROCESSES):
        claims, seconds, cpu = _one_process(articles) if processes == 1 else _many_processes(articles, processes)
        rate = n / seconds
        best = max(best, rate)
        per_cpu = per_cpu or n / cpu  # the one-process figure
        rows.append(
            f"| {profile} | {processes} | {n:,} | {size / 1024:.1f} KB | {claims / n:.1f} | {seconds:.1f} | "
            f"{rate:,.0f} | {rate * size / 1e6:.2f} | {n / cpu:,.0f} |"
        )
    return rows, best, per_cpu


def run(quick: bool) -> str:
    n = 500 if quick else 10_000
    lines = [
        "## Extraction",
        "",
        f"{n:,} generated reports per profile (`benchmarks/corpus.py`, seed 0) read by `extract_claims`, on one "
        f"process and on {PROCESSES} (`multiprocessing`, chunks of {_CHUNK}). The *realistic* profile is calibrated "
        "on the long-form reports we hold (the founding seeds: 1.2 claims per KB, 29% of sentences with a digit, "
        "5 sentences per KB; the generated ones: 1.2, 31%, 6.1); the *dense* one packs about twice the claims into "
        "shorter sentences, as a worst case.",
        "",
        "| profile | processes | articles | size | claims/article | seconds | articles/s | MB/s | per CPU-second |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rates, per_cpu = {}, {}
    for profile in ("realistic", "dense"):
        rows, rates[profile], per_cpu[profile] = _rows(profile, n)
        lines += rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    met = rates["realistic"] >= TARGET
    lines += [
        "",
        f"Machine load when measured (1-minute average): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        "figures taken on a busy machine understate the two-process rate most. *Per CPU-second* (articles per "
        "second of CPU time in the extracting processes) does not depend on load: two free cores give about "
        "twice the one-process figure.",
        "No spaCy-tokenizer + dateparser baseline is measured yet.",
        "",
        f"Peak RSS of the measuring process: {peak:,.0f} MiB. Target: {TARGET:,} articles/s on {PROCESSES} cores "
        f"on the realistic profile: " + ("met." if met else "not met on the wall clock at this load."),
        f"On CPU time, one process reads {per_cpu['realistic']:,.0f} realistic and {per_cpu['dense']:,.0f} dense "
        f"articles per second, about {PROCESSES * per_cpu['realistic']:,.0f} and "
        f"{PROCESSES * per_cpu['dense']:,.0f} on {PROCESSES} free cores. Where the time goes (dense profile):",
    ]
    lines += ["", _profile(list(generate(200, seed=0, profile="dense")))]
    return "\n".join(lines)
