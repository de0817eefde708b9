"""The founding reports against the analyst's reading in gold.json, claim by claim and field by field.

The reports are read in place from ../shared/seeds; these tests skip when it is absent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from harmledger.extract import extract_claims
from harmledger.ingest import IngestFailure, read_sources
from harmledger.models import Article, Claim

pytestmark = pytest.mark.seeds
FIELDS = ("outcome", "min", "max", "qualifier", "victims", "claimant")


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _article(seeds_dir: Path, name: str) -> Article:
    (item,) = read_sources([str(seeds_dir / name)])
    assert not isinstance(item, IngestFailure)
    return item


def _match(claims: list[Claim], quote: str) -> Claim | None:
    q = _norm(quote)
    return next((c for c in claims if q in _norm(c.quote) or _norm(c.quote) in q), None)


def test_every_gold_claim_is_found_with_its_fields(seeds_dir: Path, seed_gold: dict[str, Any]) -> None:
    wrong = []
    for doc in seed_gold["documents"]:
        claims = extract_claims(_article(seeds_dir, doc["file"]))
        for gold in doc["claims"]:
            found = _match(claims, gold["quote"])
            if found is None:
                wrong.append(f"missed {gold['quote']!r}")
                continue
            for field in ("outcome", "min", "max", "qualifier"):
                if getattr(found, field) != gold[field]:
                    wrong.append(f"{gold['quote']!r}: {field} {getattr(found, field)!r} != {gold[field]!r}")
            if gold["claimant"] and _norm(gold["claimant"]) not in _norm(found.claimant):
                wrong.append(f"{gold['quote']!r}: claimant {found.claimant!r} != {gold['claimant']!r}")
            parent = _match(claims, gold["subset_of"]) if gold.get("subset_of") else None
            if gold.get("subset_of") and (parent is None or found.subset_of != parent.quote):
                wrong.append(f"{gold['quote']!r}: subset_of {found.subset_of!r}")
    assert wrong == []


def test_no_non_casualty_number_is_read_as_a_claim(seeds_dir: Path, seed_gold: dict[str, Any]) -> None:
    for doc in seed_gold["documents"]:
        quotes = [_norm(c.quote) for c in extract_claims(_article(seeds_dir, doc["file"]))]
        for phrase in doc["not_casualties"]:
            assert not any(_norm(phrase) in q for q in quotes), phrase


def test_vague_claims_are_vague(seeds_dir: Path, seed_gold: dict[str, Any]) -> None:
    for doc in seed_gold["documents"]:
        claims = extract_claims(_article(seeds_dir, doc["file"]))
        for gold in doc.get("vague_claims", []):
            found = _match(claims, gold["quote"])
            assert found is not None, gold["quote"]
            assert (found.qualifier, found.vague_term, found.min, found.max) == ("vague", gold["vague"], None, None)


def test_incident_dates_and_precision(seeds_dir: Path, seed_gold: dict[str, Any]) -> None:
    for doc in seed_gold["documents"]:
        claims = extract_claims(_article(seeds_dir, doc["file"]))
        incidents = {i["id"]: i for i in doc["incidents"]}
        for gold in doc["claims"]:
            found = _match(claims, gold["quote"])
            assert found is not None
            expected = incidents[gold["incident"]]
            precision = "relative_unresolved" if expected["date_precision"] == "relative_unresolved" else None
            assert found.date == expected["date"], gold["quote"]
            assert found.date_precision == (precision or expected["date_precision"]), gold["quote"]
            assert found.cumulative == bool(expected.get("cumulative")), gold["quote"]


def test_published_option_resolves_the_undated_report(seeds_dir: Path) -> None:
    article = _article(seeds_dir, "004_efab3754b339de57.txt")
    assert article.published is None
    claims = extract_claims(article, published=date(2018, 6, 2))
    sana = _match(claims, "at least 30 were killed")
    assert sana is not None
    assert sana.date_precision == "day"
