"""CopyIndex: candidates, the threshold measured on the variants, bytes round trip, order independence."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from harmledger.link.boilerplate import normalise
from harmledger.link.copies import CopyRelation, classify, copy_groups, prepare, relate, signature
from harmledger.link.lsh import THRESHOLD, CopyIndex, _merge, _sorted
from harmledger.link.minhash import SHINGLE, Signature
from harmledger.models import Article

FULL = ("retitled", "new_lead", "half", "footer")


def _jaccard(a: Article, b: Article) -> float:
    """Exact Jaccard similarity of the two reports' word 5-gram sets."""

    def shingles(article: Article) -> set[tuple[str, ...]]:
        words = normalise(article.text, article.outlet).split()
        return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}

    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right)


def test_threshold_separates_copies_from_other_reports(articles: dict[str, Article]) -> None:
    """The measurement behind THRESHOLD: every full copy above it, quoting and independent reports well below."""
    original = articles["original"]
    full = min(_jaccard(articles[name], original) for name in FULL)
    others = max(_jaccard(articles[name], original) for name in ("quotes", "independent"))
    assert others < THRESHOLD / 2 < THRESHOLD < full - 0.2
    banding = CopyIndex().banding
    assert banding.probability(full) > 0.999
    assert banding.probability(others) < 0.05


def test_signature_estimates_jaccard(articles: dict[str, Article]) -> None:
    original = signature(articles["original"].text)
    for article in articles.values():
        estimate = signature(article.text, article.outlet).similarity(original)
        assert estimate == pytest.approx(_jaccard(article, articles["original"]), abs=0.1)


@pytest.mark.parametrize("edit", ["ascii", "accents", "short"])
def test_a_worker_prepares_the_signature_the_ledger_would_compute(articles: dict[str, Article], edit: str) -> None:
    """Workers sign an ASCII report from the comparison's shingles: the signature must be the one signature() makes."""
    text = articles["quotes"].text
    if edit == "accents":  # "¿" is a word to the signature's folding, punctuation to the comparison's
        text = text.replace("strike", "Strike’s ¿", 3).replace("traders", "Träder_s ", 1)
    elif edit == "short":
        text = "Four words, no more."
    article = Article(id=edit, text=text, outlet="Levant Wire")
    expected, prepared = signature(text, "Levant Wire"), prepare(article).signature
    assert prepared.document.tolist() == expected.document.tolist()
    assert prepared.anchors.tolist() == expected.anchors.tolist()
    assert prepared.shingles == expected.shingles


def test_candidates_find_full_and_partial_copies_not_independent(articles: dict[str, Article]) -> None:
    index = CopyIndex()
    for key in (*FULL, "quotes", "independent"):
        index.add(key, signature(articles[key].text, articles[key].outlet))
    found = index.candidates(signature(articles["original"].text))
    assert set(found) == {*FULL, "quotes"}
    assert found[-1] == "quotes"


def test_index_round_trips_through_bytes(articles: dict[str, Article]) -> None:
    index = CopyIndex(threshold=0.4, min_anchors=3)
    signatures = {key: signature(a.text, a.outlet) for key, a in articles.items()}
    for key, sig in signatures.items():
        index.add(key, sig)
    loaded = CopyIndex.from_bytes(index.to_bytes())
    assert (loaded.banding, loaded.min_anchors, len(loaded)) == (index.banding, 3, len(articles))
    for sig in signatures.values():
        assert loaded.candidates(sig) == index.candidates(sig)
    assert loaded.to_bytes() == index.to_bytes()


def test_stale_format_is_refused() -> None:
    data = CopyIndex().to_bytes().replace(b"settings", b"settingz")
    with pytest.raises(KeyError):
        CopyIndex.from_bytes(data)


def test_adding_a_key_twice_is_a_no_op(articles: dict[str, Article]) -> None:
    index = CopyIndex()
    sig = signature(articles["original"].text)
    index.add("original", sig)
    index.add("original", sig)
    assert len(index) == 1
    assert index.candidates(sig) == ["original"]


def _batch(articles: dict[str, Article], sigs: dict[str, Signature]) -> list[CopyRelation]:
    index = CopyIndex()
    for key, sig in sigs.items():
        index.add(key, sig)
    return [
        classify(articles[key], articles[other])
        for key, sig in sigs.items()
        for other in index.candidates(sig)
        if other != key
    ]


def _fetch(articles: dict[str, Article]) -> Callable[[Sequence[str]], dict[str, Article]]:
    return lambda keys: {key: articles[key] for key in keys}


@pytest.mark.parametrize("seed", range(6))
def test_incremental_add_gives_the_batch_groups_in_any_order(articles: dict[str, Article], seed: int) -> None:
    sigs = {key: signature(a.text, a.outlet) for key, a in articles.items()}
    expected = copy_groups(articles.values(), _batch(articles, sigs))
    order = sorted(articles)
    random.Random(seed).shuffle(order)
    index = CopyIndex()
    relations = [rel for key in order for rel in relate(articles[key], index, _fetch(articles), sigs[key])]
    assert copy_groups(articles.values(), relations) == expected
    assert ("partial", "original", "quotes") in {(r.kind, r.original, r.copy) for r in relations}
    assert set(expected.values()) == {"original", "quotes", "independent"}


def test_many_small_adds_flush_and_merge_segments() -> None:
    """Enough articles to pass the buffer several times: lookups still find each one."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(5000)]
    texts = {f"k{n}": " ".join(rng.choices(vocabulary, k=300)) for n in range(400)}
    index = CopyIndex()
    for key, text in texts.items():
        index.add(key, signature(text))
    assert index.nbytes() > 0
    for key in ("k0", "k199", "k399"):
        assert index.candidates(signature(texts[key]))[0] == key


def test_add_many_indexes_as_add_does(articles: dict[str, Article]) -> None:
    """The ledger reloads its index with add_many from stored signatures: the same candidates as one add each."""
    sigs = {key: signature(a.text, a.outlet) for key, a in articles.items()}
    one_by_one, at_once = CopyIndex(), CopyIndex()
    for key, sig in sigs.items():
        one_by_one.add(key, sig)
    keys = sorted(sigs)
    at_once.add(keys[0], sigs[keys[0]])  # mixed with add, and given a key it already holds
    at_once.add_many(keys, np.stack([sigs[k].document for k in keys]), [sigs[k].anchors for k in keys])
    assert len(at_once) == len(sigs)
    for sig in sigs.values():
        assert at_once.candidates(sig) == one_by_one.candidates(sig)


@pytest.mark.parametrize("stock_anchor", [32, 2])  # 2: anchors turn to stock text within a batch, too
def test_candidates_many_finds_what_one_by_one_finds(stock_anchor: int) -> None:
    """A batch's candidates come from the index and from the batch's earlier articles, stock anchors counted in both."""
    rng = random.Random(11)
    vocabulary = [f"w{n}" for n in range(3000)]
    stock = " ".join(rng.choices(vocabulary, k=40))  # a paragraph many reports carry
    texts = [" ".join(rng.choices(vocabulary, k=250)) + (f" {stock}" if n % 3 else "") for n in range(60)]
    texts += [f"{texts[n]} {' '.join(rng.choices(vocabulary, k=30))}" for n in range(0, 60, 4)]  # copies
    rng.shuffle(texts)
    sigs = [(f"k{n:03d}", signature(text)) for n, text in enumerate(texts)]
    one_by_one, batched = CopyIndex(stock_anchor=stock_anchor), CopyIndex(stock_anchor=stock_anchor)
    expected = []
    for key, sig in sigs:
        expected.append(one_by_one.candidates(sig))
        one_by_one.add(key, sig)
    found = batched.candidates_many([k for k, _ in sigs[:30]], [s for _, s in sigs[:30]])
    found += batched.candidates_many([k for k, _ in sigs[30:]], [s for _, s in sigs[30:]])
    assert found == expected
    assert sum(map(len, found)) > 10, "the texts share enough for the test to mean something"
    assert all(batched.candidates(sig) == one_by_one.candidates(sig) for _, sig in sigs)


def test_a_limit_keeps_the_best_candidates_ties_broken_by_key() -> None:
    """Only the first ``limit`` candidates are ranked in full; a tie across the cut still goes by key, not by row."""
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(3000)]
    stock = " ".join(rng.choices(vocabulary, k=60))
    texts = [" ".join(rng.choices(vocabulary, k=200)) + f" {stock}" for _ in range(40)]
    sigs = [(f"k{99 - n}", signature(text)) for n, text in enumerate(texts)]  # keys in the reverse order of rows
    index = CopyIndex(stock_anchor=100)
    index.add_many([k for k, _ in sigs], np.stack([s.document for _, s in sigs]), [s.anchors for _, s in sigs])
    query = signature(f"{' '.join(rng.choices(vocabulary, k=200))} {stock}")
    ranked = index.candidates(query)
    shared = [int(np.isin(query.anchors, sig.anchors).sum()) for _, sig in sigs]
    assert len(ranked) == len(sigs) and max(shared) == min(shared), "every candidate ties: only keys order them"
    assert ranked == sorted(ranked)
    for limit in (1, 7, 39, 40, 41):
        assert index.candidates(query, limit) == ranked[:limit]
    batched = CopyIndex(stock_anchor=100)
    batched.add_many([k for k, _ in sigs], np.stack([s.document for _, s in sigs]), [s.anchors for _, s in sigs])
    assert batched.candidates_many(["new"], [query], 7) == [ranked[:7]]


def test_merging_segments_keeps_every_entry_in_hash_order() -> None:
    """Merged segments hold each (hash, row) pair once, sorted: equal hashes from both sides included."""
    rng = np.random.default_rng(5)
    older = _sorted(rng.integers(0, 500, 3000, dtype=np.uint64), rng.integers(0, 2**32 - 1, 3000, dtype=np.uint32))
    newer = _sorted(rng.integers(0, 500, 1200, dtype=np.uint64), rng.integers(0, 2**32 - 1, 1200, dtype=np.uint32))
    hashes, rows = _merge(older, newer)
    assert np.all(hashes[1:] >= hashes[:-1])
    pairs = sorted(zip(hashes.tolist(), rows.tolist(), strict=True))
    expected = sorted(
        zip([*older[0].tolist(), *newer[0].tolist()], [*older[1].tolist(), *newer[1].tolist()], strict=True)
    )
    assert pairs == expected
