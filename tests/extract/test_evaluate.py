"""The scorer's reading of the analyst's free-text actor and stance (harmledger.extract.evaluate)."""

from __future__ import annotations

import pytest

from harmledger.extract.evaluate import _field_ok, _incident_fields


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("US-led coalition (per SANA); not acknowledged", "US-led coalition", True),
        ("US-led coalition", None, False),
        ("US-led coalition", "Russia", False),
        ("unknown (fired from the eastern bank)", None, True),
        ("unknown (Islamic State cells blamed)", "ISIS", False),
        ("unknown (Islamic State cells blamed)", "Islamic State", True),
    ],
)
def test_perpetrator_is_named_or_left_unknown(gold: str, pred: str | None, ok: bool) -> None:
    assert _field_ok("perpetrator", gold, pred) is ok


@pytest.mark.parametrize(
    ("incident", "expected"),
    [
        ({"actor": "several", "belligerent_stance": None}, {"belligerent_stance": None}),
        (
            {"actor": "coalition", "belligerent_stance": "declined to comment"},
            {"belligerent_stance": "no comment"},
        ),
        (
            {"actor": "coalition", "belligerent_stance": "denied civilian deaths"},
            {"belligerent_stance": "denied"},
        ),
        ({"actor": "US-led coalition", "belligerent_stance": "aware of reports, assessing"}, {}),
    ],
)
def test_actor_and_stance_fields(incident: dict[str, object], expected: dict[str, object]) -> None:
    fields = _incident_fields(incident)
    assert {k: v for k, v in fields.items() if k == "belligerent_stance"} == expected
    assert ("perpetrator" in fields) is (incident["actor"] != "several")
