"""Copies (issue 9): signature speed on one and two cores, index memory and lookup time by size.

Signatures are timed on ~6 KB texts recombined from the example and gold reports (or
``benchmarks/corpus.py`` when present), with one word in twenty replaced so no two are
alike. The index is filled with synthetic signatures (uniform minima, ~110 anchors, as
a 900-word article has): every article distinct, the worst case for memory, so a million
of them need no million texts. Quick: up to 20k indexed, extrapolated; full: 100k and 1M.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import random
import re
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from harmledger.ingest import IngestFailure, read_sources
from harmledger.ledger import Ledger
from harmledger.ledger import copies as ledger_copies
from harmledger.ledger.copies import MAX_CANDIDATES
from harmledger.ledger.tables import ArticleRow, SignatureRow
from harmledger.link.copies import classify, signature
from harmledger.link.lsh import CopyIndex
from harmledger.link.minhash import ANCHOR_BITS, NUM_PERM, SHINGLE, Signature
from harmledger.models import Article

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "examples" / "text", ROOT / "tests" / "fixtures" / "gold" / "reports")
ANCHORS_PER_ARTICLE = 110
QUERIES = 1000


def _texts(n: int, seed: int) -> list[str]:
    try:
        from benchmarks import corpus  # noqa: PLC0415  # written by another engineer

        return [article.text for article in corpus.generate(n, seed)]
    except ImportError:
        return list(_recombined(n, seed))


def _recombined(n: int, seed: int) -> Iterator[str]:
    articles = [a for a in read_sources([str(s) for s in SOURCES]) if not isinstance(a, IngestFailure)]
    paragraphs = [p for a in articles for p in a.text.split("\n\n") if len(p.split()) > 15]
    vocabulary = sorted({w for p in paragraphs for w in p.split()})
    rng = random.Random(seed)
    for _ in range(n):
        chosen: list[str] = []
        while sum(len(p) for p in chosen) < 6000:
            words = rng.choice(paragraphs).split()
            chosen.append(" ".join(rng.choice(vocabulary) if rng.random() < 0.05 else w for w in words))
        yield "\n\n".join(chosen)


def _signatures_per_second(texts: list[str]) -> float:
    gc.collect()
    started = time.process_time()
    for text in texts:
        signature(text)
    return len(texts) / (time.process_time() - started)


def _two_cores(texts: list[str]) -> float:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(signature, texts[:50])
        started = time.perf_counter()
        pool.map(signature, texts, chunksize=64)
        return len(texts) / (time.perf_counter() - started)


def _string_shingles_per_second(texts: list[str]) -> float:
    """The usual way (one string per shingle), the input datasketch and rensa need: for comparison."""
    word = re.compile(r"\w+")
    started = time.process_time()
    for text in texts:
        words = word.findall(text.casefold())
        _ = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    return len(texts) / (time.process_time() - started)


def _synthetic(rng: np.random.Generator) -> Signature:
    document = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
    anchors = np.unique(rng.integers(0, 2 ** (64 - ANCHOR_BITS), size=ANCHORS_PER_ARTICLE, dtype=np.uint64))
    return Signature(document, anchors, 900)


def _index_at(size: int, seed: int = 9) -> tuple[float, float, float, float]:
    """Seconds to add ``size`` signatures, band-array MiB, peak RSS MiB, ms per lookup."""
    rng = np.random.default_rng(seed)
    index = CopyIndex()
    kept: list[Signature] = []
    started = time.perf_counter()
    for n in range(size):
        sig = _synthetic(rng)
        index.add(f"article-{n:08d}", sig)
        if n % max(1, size // (QUERIES // 2)) == 0:
            kept.append(sig)
    added = time.perf_counter() - started
    queries = kept[: QUERIES // 2] + [_synthetic(rng) for _ in range(QUERIES // 2)]
    started = time.perf_counter()
    for sig in queries:
        index.candidates(sig)
    lookup = (time.perf_counter() - started) / len(queries) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return added, index.nbytes() / 2**20, peak, lookup


@dataclass(frozen=True, slots=True)
class Ingest:
    """Copy detection inside ``Ledger.add_many`` over a ledger already holding ``stored`` signed articles."""

    stored: int
    rebuild: float  # CPU seconds of the first batch's catch-up: the index loaded from the stored signatures
    per_article: float  # CPU ms of copy detection per new article, index warm
    store_per_article: float  # CPU ms of the whole store path per new article (no claims), for scale
    signature_bytes: float  # mean bytes of one stored signature row (minhash + anchors)
    classify: float  # CPU ms to compare one candidate pair of ~6 KB texts exactly


def _distinct(texts: list[str], seed: int = 4) -> list[str]:
    """Each text's words shuffled: reports that share no passage, as most new reports share none."""
    rng = random.Random(seed)
    shuffled = []
    for text in texts:
        words = text.split()
        rng.shuffle(words)
        shuffled.append(" ".join(words))
    return shuffled


def _classify_ms(texts: list[str]) -> float:
    """Exact comparison of neighbouring recombined texts (they share paragraphs), caches cold."""
    pairs = [
        (Article(id=f"a{n}", text=a), Article(id=f"b{n}", text=b)) for n, (a, b) in enumerate(itertools.pairwise(texts))
    ]
    started = time.process_time()
    for a, b in pairs:
        classify(a, b)
    return (time.process_time() - started) / len(pairs) * 1000


def _timed(module: object, name: str, spent: list[float]) -> None:
    """Wrap ``module.name`` so that each call's CPU time is appended to ``spent``."""
    inner = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent.append(time.process_time() - started)

    setattr(module, name, wrapper)


def _fill(url: str, stored: int, seed: int = 5) -> None:
    """``stored`` placeholder articles with synthetic signatures, written straight into the tables."""
    rng = np.random.default_rng(seed)
    with Ledger(url) as ledger, ledger.writing() as session:
        for start in range(0, stored, 10_000):
            ids = range(start + 1, min(start + 10_000, stored) + 1)
            articles = [
                {"id": i, "key": f"stored-{i}", "content_hash": f"{i:064x}", "format": "text", "raw": b"", "text": ""}
                for i in ids
            ]
            session.execute(insert(ArticleRow.__table__), articles)  # type: ignore[arg-type]
            signatures = []
            for i in ids:
                sig = _synthetic(rng)
                signatures.append(
                    {
                        "article_id": i,
                        "minhash": sig.document.tobytes(),
                        "anchors": sig.anchors.tobytes(),
                        "shingles": sig.shingles,
                    }
                )
            session.execute(insert(SignatureRow.__table__), signatures)  # type: ignore[arg-type]


def _ingest_at(stored: int, texts: list[str], similar: list[str]) -> Ingest:
    """Store ``texts`` (100 to a batch, no claims) into a ledger of ``stored`` articles, timing copy detection."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/ledger.db"
        _fill(url, stored)
        caught: list[float] = []
        updated: list[float] = []
        _timed(ledger_copies, "catch_up", caught)
        _timed(ledger_copies, "update", updated)
        with Ledger(url) as ledger:
            batches = [[(Article(id=f"new-{n}", text=t), ())] for n, t in enumerate(texts)]
            ledger.add_many(batches[0][:1])  # the first batch rebuilds the index
            started = time.process_time()
            ledger.add_many([item for batch in batches[1:] for item in batch])
            total = time.process_time() - started
            with ledger.session() as session:
                rows = session.execute(
                    select(SignatureRow.minhash, SignatureRow.anchors).where(SignatureRow.article_id > stored)
                )
                sizes = [len(m) + len(a) for m, a in rows]
        copy_time = sum(caught[1:]) + sum(updated[1:])
        new = len(texts) - 1
        per = copy_time / new * 1000, total / new * 1000
        return Ingest(stored, caught[0], *per, sum(sizes) / len(sizes), _classify_ms(similar))


def run(quick: bool) -> str:
    """The Markdown section for docs/benchmarks.md."""
    texts = _texts(1000 if quick else 10_000, seed=3)
    one, two, strings = _signatures_per_second(texts), _two_cores(texts), _string_shingles_per_second(texts)
    ingest = _ingest_at(20_000 if quick else 100_000, _distinct(texts[:501]), texts[:101])
    sizes = [5_000, 10_000, 20_000] if quick else [100_000, 1_000_000]
    rows = [(size, *_index_at(size)) for size in sizes]
    per_article = (rows[-1][2] - rows[0][2]) * 2**20 / (rows[-1][0] - rows[0][0]) if len(rows) > 1 else 0.0
    lines = [
        "## Copies: signatures and the copy index",
        "",
        f"Signatures of {len(texts):,} texts of ~6 KB (chrome stripped, folded, MinHash of {NUM_PERM} and anchors):",
        "",
        "| what | articles/s |",
        "| --- | ---: |",
        f"| signature, one core (CPU time) | {one:,.0f} |",
        f"| signature, two processes (wall time) | {two:,.0f} |",
        f"| baseline: Python word {SHINGLE}-gram strings only, no hashing | {strings:,.0f} |",
        "",
        "Index of synthetic distinct signatures (42 bands + ~110 anchors each); lookups average "
        f"{QUERIES:,} queries, half of them indexed:",
        "",
        "| articles | add all (s) | band arrays (MiB) | peak RSS (MiB) | lookup (ms) |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *(f"| {s:,} | {a:.1f} | {m:,.0f} | {p:,.0f} | {q:.3f} |" for s, a, m, p, q in rows),
        "",
        f"Band arrays grow by {per_article:,.0f} bytes per article: {per_article * 1e6 / 2**30:.2f} GiB at 1M "
        "articles, plus the key strings. A lookup is one binary search per entry per segment (O(log n)).",
        "",
        f"In the ledger (SQLite), over {ingest.stored:,} stored articles with signatures, 500 new ~6 KB reports "
        "that copy none of them, stored 100 to a batch without claims (CPU time). A report with copies adds one "
        f"exact comparison per candidate, at most {MAX_CANDIDATES}:",
        "",
        "| what | value |",
        "| --- | ---: |",
        f"| index rebuilt from the stored signatures, once per process (s) | {ingest.rebuild:.2f} |",
        f"| copy detection per new article: sign, look up, classify, store, group (ms) | {ingest.per_article:.2f} |",
        f"| whole store path per new article, for scale (ms) | {ingest.store_per_article:.2f} |",
        f"| each candidate confirmed or refused by exact comparison (ms) | {ingest.classify:.2f} |",
        f"| stored signature per article (bytes) | {ingest.signature_bytes:,.0f} |",
        "",
        f"One million signatures take {ingest.signature_bytes * 1e6 / 2**30:.2f} GiB in the ledger and "
        f"{per_article * 1e6 / 2**30:.2f} GiB of band arrays in memory once the index is loaded.",
    ]
    return "\n".join(lines)
