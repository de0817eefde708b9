"""Linking as a stream: groups handed back as soon as they are final, exactly those of one :func:`link` call."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from harmledger.link import Evidence, Group, link
from harmledger.link.linker import Linking, Reach, parents, undated


def _canonical(item: Evidence) -> tuple[str, str]:
    return (item.claim.date or "~", item.order)


def _signature(groups: list[Group]) -> list[tuple[object, ...]]:
    ordered = sorted(groups, key=lambda g: (g.kind != "incident", g.seq))
    return [(g.kind, g.seq, g.key, [m.id for m in g.members], g.reasons) for g in ordered]


def _with_subsets(items: list[Evidence], seed: int) -> list[Evidence]:
    """``items`` and, for one claim in five, a subset in its report, dated the same, later, or not at all."""
    rng = random.Random(seed)
    out = list(items)
    for parent in rng.sample(items, len(items) // 5):
        when = rng.choice([(parent.claim.date, parent.claim.date_precision), ("2019-12-30", "day"), (None, "unknown")])
        claim = replace(
            parent.claim,
            quote="including 3 children",
            start=40,
            end=60,
            min=3,
            max=3,
            victims="children",
            subset_of=parent.claim.quote,
            date=when[0],
            date_precision=when[1],
            places=list(parent.claim.places),
        )
        out.append(Evidence.of(len(out), claim, parent.article, f"{parent.article}:00000040"))
    return out


@pytest.fixture(scope="module")
def claims() -> list[Evidence]:
    """Claims at Zipf-distributed places over five years, every date precision, tallies, subsets, undated ones."""
    from benchmarks.bench_ledger import synthetic  # noqa: PLC0415

    return sorted(_with_subsets(synthetic(12_000, seed=5), seed=5), key=_canonical)


def _stream(items: list[Evidence]) -> tuple[list[Group], int]:
    """The groups of a streamed run, and how many came back before the end."""
    run = Linking(
        parents((e.id, e.article, e.claim.quote, e.claim.subset_of) for e in items),
        Reach.of(e for e in items if undated(e)),
    )
    early: list[Group] = []
    for item in items:
        early += run.feed(item)
    return early + run.finish(), len(early)


def test_a_stream_hands_back_the_groups_of_one_link_call(claims: list[Evidence]) -> None:
    assert sum(e.claim.subset_of is not None for e in claims) > 2_000
    assert sum(undated(e) for e in claims) > 300
    streamed, early = _stream(claims)
    assert _signature(streamed) == _signature(link(claims))
    assert early > 0.7 * len(streamed), "most groups are final long before the last claim"


def test_a_stream_holds_a_few_weeks_of_groups_not_the_whole_ledger() -> None:
    from benchmarks.bench_ledger import synthetic  # noqa: PLC0415

    dated = sorted((e for e in synthetic(12_000, seed=6) if not undated(e)), key=_canonical)
    run = Linking({}, Reach())
    open_at_most = 0
    for item in dated:
        run.feed(item)
        open_at_most = max(open_at_most, len(run._open))
    assert open_at_most < len(dated) / 10


def test_a_stream_refuses_claims_out_of_canonical_order(claims: list[Evidence]) -> None:
    dated = [e for e in claims if e.claim.date and len(e.claim.date) == 10]
    run = Linking({}, Reach())
    run.feed(dated[-1])
    with pytest.raises(ValueError, match="out of canonical order"):
        run.feed(dated[0])
