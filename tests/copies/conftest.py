"""The copies fixtures: one fictional wire report and its variants, read through ingest like any report."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmledger.ingest import read_sources
from harmledger.models import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "copies"


@pytest.fixture(scope="session")
def articles() -> dict[str, Article]:
    return {a.id: a for a in read_sources([str(DATA)]) if isinstance(a, Article)}
