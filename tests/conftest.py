"""Shared fixtures: the founding reports (read in place, never copied), a throw-away ledger, the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "gold.json").exists():
        pytest.skip("../shared/seeds not present: the founding reports are read in place, never copied")
    return SEEDS


@pytest.fixture(scope="session")
def seed_gold(seeds_dir: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((seeds_dir / "gold.json").read_text(encoding="utf-8"))
    return gold


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the user's own gazetteer overlay or default ledger."""
    monkeypatch.setenv("HARMLEDGER_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("HARMLEDGER_DB", raising=False)
    yield
