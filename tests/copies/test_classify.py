"""classify: full copies, partial copies with their spans, and independent reports of the same strike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest

from harmledger.link.copies import (
    _WORD,
    FULL_SHARE,
    MIN_PASSAGE_WORDS,
    _has_run,
    _segments,
    _text,
    bitmap,
    classify,
    compare,
    copy_groups,
    earliest_order,
    may_share,
)
from harmledger.link.minhash import U8
from harmledger.models import Article


@pytest.mark.parametrize("variant", ["retitled", "new_lead", "half", "footer"])
def test_variants_are_full_copies_of_the_original(articles: dict[str, Article], variant: str) -> None:
    relation = classify(articles[variant], articles["original"])
    assert relation.kind == "full"
    assert (relation.original, relation.copy) == ("original", variant)
    assert relation.share >= FULL_SHARE


def test_words_are_found_where_they_stand_on_ascii_and_other_lines(articles: dict[str, Article]) -> None:
    """Counting a line's words without scanning it must agree with scanning it, accents and curly quotes included."""
    text = articles["quotes"].text.replace("strike", "strike\u2019s", 3).replace("traders", "Tr\u00e4der_s ", 1)
    article = Article(id="mixed", text=text)
    scanned = [(o + m.start(), o + m.end()) for o, line in _text(article).lines() for m in _WORD.finditer(line)]
    assert not text.isascii() and len(scanned) == _text(article).size
    found = _text(article).bounds(range(len(scanned)))
    assert [found[n] for n in range(len(scanned))] == scanned
    assert _text(article).bounds([len(scanned) - 1, 3]) == {3: scanned[3], len(scanned) - 1: scanned[-1]}


def test_quoting_report_is_a_partial_copy_with_the_quoted_spans(articles: dict[str, Article]) -> None:
    quotes, original = articles["quotes"], articles["original"]
    relation = classify(quotes, original)
    assert relation.kind == "partial"
    assert relation.share < FULL_SHARE
    shared = [quotes.text[p.copy[0] : p.copy[1]] for p in relation.passages]
    assert shared == [
        "the strike hit stalls where traders sell diesel in plastic jerry cans brought across the river by boat, "
        "setting fire to the stock and to two nearby houses",
        "residents said the market had moved to an open lot beside the grain silo only last month, after an "
        "earlier raid destroyed its old site near the mosque",
    ]
    for passage in relation.passages:
        in_original = original.text[passage.original[0] : passage.original[1]]
        assert in_original.casefold() == quotes.text[passage.copy[0] : passage.copy[1]].casefold()


def test_passage_contains_only_claims_inside_it(articles: dict[str, Article]) -> None:
    quotes = articles["quotes"]
    relation = classify(quotes, articles["original"])
    inside = quotes.text.index("two nearby houses")
    outside = quotes.text.index("about 4,000 people")
    assert any(p.contains(inside, inside + 17) for p in relation.passages)
    assert not any(p.contains(outside, outside + 18) for p in relation.passages)


def test_same_strike_same_figures_different_words_is_independent(articles: dict[str, Article]) -> None:
    relation = classify(articles["independent"], articles["original"])
    assert relation.kind == "independent"
    assert relation.passages == ()


def test_stock_phrases_are_shorter_than_a_passage(articles: dict[str, Article]) -> None:
    """The independent report shares a 10-word description of the monitor: below the minimum, not a copy."""
    loose = classify(articles["independent"], articles["original"], min_words=8)
    assert loose.passages
    assert max(p.words for p in loose.passages) < MIN_PASSAGE_WORDS


def test_classify_is_symmetric(articles: dict[str, Article]) -> None:
    for article in articles.values():
        assert classify(article, articles["original"]) == classify(articles["original"], article)


def test_earliest_is_by_date_then_content_hash() -> None:
    undated = Article(id="a", text="one")
    later = Article(id="b", text="two", published=date(2018, 11, 20))
    earlier = Article(id="c", text="three", published=date(2018, 11, 14))
    twin = Article(id="d", text="four", published=date(2018, 11, 14))
    ordered = sorted([undated, later, twin, earlier], key=earliest_order)
    assert ordered[2:] == [later, undated]
    assert ordered[0].content_hash < ordered[1].content_hash
    assert sorted([earlier, undated, twin, later], key=earliest_order) == ordered


def test_groups_point_to_the_original(articles: dict[str, Article]) -> None:
    relations = [classify(a, articles["original"]) for key, a in articles.items() if key != "original"]
    groups = copy_groups(articles.values(), relations)
    assert {key for key, root in groups.items() if root == "original"} == {
        "original",
        "retitled",
        "new_lead",
        "half",
        "footer",
    }
    assert groups["quotes"] == "quotes"
    assert groups["independent"] == "independent"


def test_a_bitmap_rules_out_only_reports_that_share_no_passage(articles: dict[str, Article]) -> None:
    """The independent report shares only stock phrases with the original, shorter than a passage; all others more."""
    original = bitmap(articles["original"])
    assert may_share(articles["independent"], [original]) == [False]
    for key in ("retitled", "new_lead", "half", "footer", "quotes"):
        assert may_share(articles[key], [original]) == [True], key
        assert may_share(articles["original"], [bitmap(articles[key])]) == [True], key  # a shared run runs in both
    assert may_share(articles["independent"], [None]) == [True]  # no bitmap known: it may
    mixed = [original, None, bitmap(articles["independent"]), original]
    assert may_share(articles["independent"], mixed) == [False, True, True, False]  # tested together, row by row


@pytest.mark.parametrize("need", [1, 3, 16, 40])
def test_a_run_is_found_in_each_row_as_the_stretches_find_it(need: int) -> None:
    """The stacked test of :func:`may_share` agrees with :func:`_segments` row by row, at every density."""
    rng = np.random.default_rng(need)
    rows = np.stack([rng.random(300) < density for density in np.linspace(0.0, 1.0, 41)])
    expected = [bool(_segments(row, need)) for row in rows]
    assert _has_run(rows, need).tolist() == expected
    assert 0 < sum(expected) < len(expected)  # rows with and rows without a run


def test_compare_reads_only_the_candidates_a_bitmap_leaves(articles: dict[str, Article]) -> None:
    keys = ["independent", "half", "quotes", "original"]
    read: list[str] = []

    def fetch(wanted: Sequence[str]) -> dict[str, Article]:
        read.extend(wanted)
        return {key: articles[key] for key in wanted}

    def bitmaps(wanted: Sequence[str]) -> dict[str, U8 | None]:
        return {key: None if key == "original" else bitmap(articles[key]) for key in wanted}

    found = compare(articles["retitled"], keys, fetch, bitmaps=bitmaps)
    assert read == ["half", "quotes", "original"]
    assert found == compare(articles["retitled"], keys, lambda wanted: {key: articles[key] for key in wanted})
