"""Spotting and placing on examples/, the gold reports and synthetic reports match the reviewed golden output.

A failure means a change moved a mention or a claim's place. If it was meant (a new
rule), regenerate with ``python -m tests.geo.golden`` and review the diff; if it was a
speed change, it was not meant.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from harmledger.geo import Geocoder
from tests.geo.golden import EXPECTED, read_inputs, snapshot


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return {item["id"]: item for item in json.loads(EXPECTED.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def actual(geocoder: Geocoder) -> dict[str, Any]:
    return {item["id"]: item for item in snapshot(geocoder, read_inputs())}


def test_golden_covers_the_corpus(expected: dict[str, Any]) -> None:
    assert len(expected) >= 80
    assert sum(len(a["claims"]) for a in expected.values()) >= 300


def test_same_articles(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    assert sorted(actual) == sorted(expected)


@pytest.mark.parametrize("part", ["mentions", "claims"])
def test_same_output(expected: dict[str, Any], actual: dict[str, Any], part: str) -> None:
    changed = [key for key in expected if actual.get(key, {}).get(part) != expected[key][part]]
    first = changed[0] if changed else None
    assert not changed, (
        f"{len(changed)} articles changed {part}; first {first}:\n"
        f"expected {expected[first][part]}\nactual {actual.get(first, {}).get(part)}"
    )
