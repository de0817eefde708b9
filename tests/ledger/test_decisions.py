"""Analysts' decisions survive relinking and re-extraction, and every one is audited."""

from __future__ import annotations

from datetime import date

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from harmledger.cli.ledger import decide
from harmledger.extract import extract_claims
from harmledger.ledger import Ledger
from harmledger.ledger.decisions import DecisionError, parse_value
from harmledger.ledger.tables import AuditRow
from harmledger.models import Article, Claim, PlaceRef

HAJIN = PlaceRef(name="Hajin", resolved="Hajin", geonames_id=174506, lat=34.695, lon=40.831, precision="place")
REPORTS = (
    "On Thursday an airstrike killed at least 12 civilians in Hajin, SANA reported.",
    "Thursday's airstrike on Hajin killed 19 people, the Syrian Observatory for Human Rights said.",
)


def _placed(article: Article) -> list[Claim]:
    claims = extract_claims(article)
    for claim in claims:
        claim.places = [HAJIN]
    return claims


@pytest.fixture
def two_claimants(ledger: Ledger) -> Ledger:
    for n, body in enumerate(REPORTS):
        article = Article(id=f"r{n}", text=body, published=date(2018, 11, 16), raw=body.encode())
        ledger.add(article, _placed(article))
    ledger.relink()
    return ledger


def _claim_key(ledger: Ledger, claimant: str) -> str:
    (incident,) = ledger.incidents()
    claim = next(link.claim for link in incident.links if link.claim.claimant == claimant)
    return ledger.claim_key(claim.article.content_hash, claim.start, claim.end)


def test_a_rejected_claim_leaves_its_incident_and_stays_out_after_reprocessing(two_claimants: Ledger) -> None:
    ledger = two_claimants
    ledger.record_decision("reject", _claim_key(ledger, "Syrian Observatory for Human Rights"), {}, actor="jane")
    (incident,) = ledger.incidents()
    assert (incident.killed_min, incident.killed_max, incident.grade) == (12, 12, "single source")
    ledger.reprocess(_placed)
    (incident,) = ledger.incidents()
    assert incident.killed_max == 12


def test_a_corrected_grade_and_a_split_survive_reprocessing(two_claimants: Ledger) -> None:
    ledger = two_claimants
    (incident,) = ledger.incidents()
    reason = "The coalition's monthly report lists the strike."
    ledger.record_decision("correct", incident.key, {"grade": "conceded", "grade_reason": reason}, actor="jane")
    ledger.record_decision("split", incident.key, {"claims": [_claim_key(ledger, "SANA")]}, actor="omar")
    ledger.reprocess(_placed)
    rows = {row.key: row for row in ledger.incidents()}
    assert len(rows) == 2
    assert rows[incident.key].grade == "conceded"
    assert rows[incident.key].grade_reason == reason


@pytest.fixture
def two_strikes(ledger: Ledger) -> Ledger:
    """The two reports published a week apart: two strikes, two incidents."""
    for n, body in enumerate(REPORTS):
        article = Article(id=f"r{n}", text=body, published=date(2018, 11, 16 + 7 * n), raw=body.encode())
        ledger.add(article, _placed(article))
    ledger.relink()
    return ledger


def _ranges(ledger: Ledger) -> dict[str, tuple[int | None, int | None]]:
    return {row.key: (row.killed_min, row.killed_max) for row in ledger.incidents()}


def test_a_merge_and_its_audit_trail(two_strikes: Ledger) -> None:
    ledger = two_strikes
    first, second = (row.key for row in ledger.incidents())
    ledger.record_decision("merge", first, {"into": second}, actor="jane", note="same strike, late report")
    (merged,) = ledger.incidents()
    assert merged.key == second
    assert (merged.killed_min, merged.killed_max) == (12, 19)
    with ledger.session() as session:
        (entry,) = session.scalars(select(AuditRow).where(AuditRow.actor == "jane"))
        assert (entry.action, entry.before, entry.after) == ("decision:merge", None, {"into": second})


def test_withdrawing_a_merge_brings_both_incidents_back(two_strikes: Ledger) -> None:
    ledger = two_strikes
    before = _ranges(ledger)
    first, second = before
    ledger.record_decision("merge", first, {"into": second}, actor="jane")
    ledger.record_decision("merge", first, None, actor="jane")  # incremental relink only: no relink(everything=True)
    assert _ranges(ledger) == before


def test_the_newer_of_a_rejection_and_an_acceptance_is_in_force(two_claimants: Ledger) -> None:
    ledger = two_claimants
    key = _claim_key(ledger, "Syrian Observatory for Human Rights")
    killed_max = []
    for kind, value in (("reject", {}), ("accept", {}), ("reject", {}), ("accept", None), ("reject", None)):
        ledger.record_decision(kind, key, value, actor="jane")
        killed_max.append(ledger.incidents()[0].killed_max)
    # Withdrawing the acceptance leaves the newer rejection in force; withdrawing that, nothing is left.
    assert killed_max == [12, 19, 12, 12, 19]


def test_decisions_reshape_incidents_in_the_order_they_were_made(two_claimants: Ledger) -> None:
    ledger = two_claimants
    (incident,) = ledger.incidents()
    sana = _claim_key(ledger, "SANA")
    ledger.record_decision("split", incident.key, {"claims": [sana]}, actor="jane")
    assert sorted(_ranges(ledger).values()) == [(12, 12), (19, 19)]
    ledger.record_decision("move", sana, {"incident": incident.key}, actor="omar", note="the split was wrong")
    assert _ranges(ledger) == {incident.key: (12, 19)}


def test_a_note_is_filed_and_audited_but_changes_nothing(two_claimants: Ledger) -> None:
    ledger = two_claimants
    (incident,) = ledger.incidents()
    with pytest.raises(DecisionError, match="its text"):
        ledger.record_decision("note", incident.key, {}, actor="jane")
    ledger.record_decision("note", incident.key, {}, actor="jane", note="SOHR's figure checked by phone")
    (after,) = ledger.incidents()
    assert (after.key, after.killed_min, after.killed_max, after.grade) == (
        incident.key,
        incident.killed_min,
        incident.killed_max,
        incident.grade,
    )
    with ledger.session() as session:
        (entry,) = session.scalars(select(AuditRow).where(AuditRow.actor == "jane"))
        assert (entry.action, entry.entity_key) == ("decision:note", incident.key)


def test_a_bad_decision_is_refused_with_what_to_send(two_claimants: Ledger) -> None:
    with pytest.raises(DecisionError, match="grade_reason"):
        two_claimants.record_decision("correct", "k", {"grade": "conceded"}, actor="jane")
    with pytest.raises(DecisionError, match="unknown decision"):
        two_claimants.record_decision("delete", "k", {}, actor="jane")


@pytest.mark.parametrize(
    ("kind", "words", "value"),
    [
        ("reject", [], {}),
        ("note", [], {}),
        ("move", ["3f2a9c0d1e2b"], {"incident": "3f2a9c0d1e2b"}),
        ("merge", ["9a8b7c6d5e4f"], {"into": "9a8b7c6d5e4f"}),
        ("split", ["h:1:5", "h:9:20"], {"claims": ["h:1:5", "h:9:20"]}),
        (
            "correct",
            ["date=2018-11-16", "killed_max=54", "killed_max_open=true"],
            {"date": "2018-11-16", "killed_max": 54, "killed_max_open": True},
        ),
        (
            "correct",
            ['{"grade": "conceded", "grade_reason": "Listed."}'],
            {"grade": "conceded", "grade_reason": "Listed."},
        ),
    ],
)
def test_decision_values_read_from_the_command_line(kind: str, words: list[str], value: dict) -> None:
    assert parse_value(kind, words) == value


@pytest.mark.parametrize(
    ("kind", "words"), [("reject", ["x"]), ("merge", []), ("correct", ["killed_max"]), ("correct", ["{1"])]
)
def test_a_malformed_decision_value_says_what_to_send(kind: str, words: list[str]) -> None:
    with pytest.raises(DecisionError):
        parse_value(kind, words)


def test_decide_rejects_a_claim_from_the_command_line_and_audits_it(two_claimants: Ledger) -> None:
    key = _claim_key(two_claimants, "Syrian Observatory for Human Rights")
    app = typer.Typer()
    app.command()(decide)
    result = CliRunner().invoke(app, ["reject", key, "--actor", "jane", "--note", "a relay", "--db", two_claimants.url])
    assert result.exit_code == 0, result.output
    (incident,) = two_claimants.incidents()
    assert incident.killed_max == 12
    with two_claimants.session() as session:
        (entry,) = session.scalars(select(AuditRow).where(AuditRow.actor == "jane"))
        assert (entry.action, entry.entity_key) == ("decision:reject", key)
    refused = CliRunner().invoke(
        app, ["correct", incident.key, "grade=conceded", "--actor", "jane", "--db", two_claimants.url]
    )
    assert refused.exit_code == 1
    assert "grade_reason" in refused.output
