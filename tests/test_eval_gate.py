"""The eval gate: the extractor scored on the gold files must not fall below the floors pinned in floors.json.

Scores come from harmledger.extract.evaluate (the same code as scripts/score_gold.py). The seeds'
gold.json is read in place from ../shared/seeds and skipped when that folder is absent. After a real
improvement, raise the floors: ``python scripts/score_gold.py GOLD -q`` prints the new figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harmledger.extract.evaluate import load_gold, score

HERE = Path(__file__).parent
GOLD = HERE / "fixtures" / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
SEEDS_GOLD = HERE.parent.parent / "shared" / "seeds" / "gold.json"
CEILINGS = ("false_alarms",)  # figures that may only go down
GOLD_FILES = {
    "reports.json": GOLD / "reports.json",
    "sentences.jsonl": GOLD / "sentences.jsonl",
    "seeds/gold.json": SEEDS_GOLD,
}


@pytest.mark.parametrize("name", sorted(GOLD_FILES))
def test_extraction_holds_its_floors(name: str) -> None:
    path = GOLD_FILES[name]
    if not path.exists():
        pytest.skip(f"{path} not present: the founding reports are read in place, never copied")
    figures = score(load_gold(path)).summary()
    regressions = [
        f"{key}: {figures.get(key)} (floor {floor})"
        for key, floor in FLOORS[name].items()
        if (figures.get(key, 0) > floor if key in CEILINGS else figures.get(key, 0) < floor)
    ]
    assert regressions == [], f"{name} regressed: " + "; ".join(regressions)


def test_every_gold_file_has_floors() -> None:
    assert set(FLOORS) == set(GOLD_FILES)
