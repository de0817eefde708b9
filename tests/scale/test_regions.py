"""Linking by region: the same groups as one :func:`link` call, from parts that really are apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

import pytest

from harmledger.link import Evidence, Group, link
from harmledger.link.regions import link_by_region, pack, regions
from harmledger.models import Claim, PlaceRef

HAJIN = PlaceRef(name="Hajin", resolved="Hajin", geonames_id=174506, lat=34.695, lon=40.831, precision="place")


def _signature(groups: list[Group]) -> list[tuple[object, ...]]:
    return [(g.kind, g.key, g.seq, [m.id for m in g.members], g.reasons) for g in groups]


def _serial(fn: Callable[[list[Evidence]], list[Group]], parts: Iterable[list[Evidence]]) -> list[list[Group]]:
    return [fn(part) for part in parts]


def _claim(
    number: int, when: str | None, precision: str = "day", *, claimant: str = "SOHR", killed: int = 4
) -> Evidence:
    claim = Claim(
        article_id=f"a{number}",
        quote=f"killed {killed} civilians",
        start=0,
        end=20,
        outcome="killed",
        min=killed,
        max=killed,
        qualifier="exact",
        claimant=claimant,
        attack="airstrike",
        date=when,
        date_precision=precision,
        places=[HAJIN],
    )
    return Evidence.of(number, claim, f"a{number}", f"a{number}:0")


def test_claims_of_one_place_are_apart_when_their_dates_cannot_meet() -> None:
    items = [_claim(1, "2018-11-01"), _claim(2, "2018-11-02"), _claim(3, "2019-03-01"), _claim(4, "2019-03-10")]
    assert sorted(sorted(e.id for e in region) for region in regions(items)) == [[1, 2], [3], [4]]


@pytest.mark.parametrize(
    ("bridge", "joined"),
    [
        (_claim(5, "2019-03-05", "on_or_before"), [[1, 2], [3, 4, 5]]),  # a week's window reaches both
        (_claim(5, "2019-03", "month"), [[1, 2], [3, 4, 5]]),  # a month meets every day in it
        (_claim(5, None, "unknown"), [[1, 2, 3, 4, 5]]),  # the same claimant's figure, whatever the date
        (_claim(5, None, "unknown", claimant="UN OCHA", killed=9), [[1, 2], [3], [4], [5]]),  # nothing ties it
    ],
)
def test_a_claim_whose_window_reaches_two_regions_joins_them(bridge: Evidence, joined: list[list[int]]) -> None:
    items = [_claim(1, "2018-11-01"), _claim(2, "2018-11-02"), _claim(3, "2019-03-01"), _claim(4, "2019-03-10")]
    found = regions([*items, bridge])
    assert sorted(sorted(e.id for e in region) for region in found) == joined


@pytest.fixture(scope="module")
def synthetic() -> list[Evidence]:
    """Claims at ~3,000 places over five years, with every date precision and a few tallies."""
    from benchmarks.bench_ledger import synthetic  # noqa: PLC0415

    return synthetic(8_000, seed=3)


def test_regions_split_a_realistic_ledger_into_parts_of_similar_size(synthetic: list[Evidence]) -> None:
    found = regions(synthetic)
    assert sum(map(len, found)) == len(synthetic)
    assert len(found) > 1_000 and max(map(len, found)) < len(synthetic) / 10
    sizes = [len(part) for part in pack(found, 4)]
    assert len(sizes) == 4 and max(sizes) - min(sizes) <= max(map(len, found))


def test_linking_by_region_gives_the_groups_of_one_call(synthetic: list[Evidence]) -> None:
    assert _signature(link_by_region(synthetic, _serial, 4)) == _signature(link(synthetic))


def test_linking_by_region_in_worker_processes_gives_the_same_groups(synthetic: list[Evidence]) -> None:
    with ProcessPoolExecutor(2) as pool:
        assert _signature(link_by_region(synthetic[:3_000], pool.map, 3)) == _signature(link(synthetic[:3_000]))
