"""Reconciling an incident's figures: claimants side by side, subsets and combatants never added."""

from __future__ import annotations

from harmledger.link import Evidence, figure_range
from harmledger.models import Claim


def _evidence(index: int, claimant: str, low: int | None, high: int | None, victims: str = "civilians") -> Evidence:
    claim = Claim(
        article_id="a",
        quote=f"quote {index}",
        start=index,
        end=index + 1,
        outcome="killed",
        min=low,
        max=high,
        qualifier="exact" if low == high else "at_least",
        victims=victims,
        claimant=claimant,
    )
    return Evidence(id=index, claim=claim, article=f"hash{index}", order=f"hash{index}:{index:08d}")


def test_range_spans_claimants_from_lowest_bound_to_highest_figure() -> None:
    members = [_evidence(1, "SANA", 30, None), _evidence(2, "SOHR", 54, 54)]
    assert figure_range(members, "killed").label() == "30–54"


def test_open_highest_figure_leaves_the_range_open() -> None:
    assert figure_range([_evidence(1, "SANA", 23, None)], "killed").label() == "23+"


def test_combatants_killed_never_enter_the_civilian_range() -> None:
    members = [
        _evidence(1, "state television", 8, 8),
        _evidence(2, "US-led coalition", 30, 30, victims="fighters"),
        _evidence(3, "SOHR", 14, None, victims="people"),
    ]
    assert figure_range(members, "killed").label() == "8–14+"
