"""The founding reports, read in place from ../shared/seeds (never copied into the repo)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from harmledger.models import Article

from .conftest import read_all, read_one

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.seeds


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS


def _seed(seeds: Path, prefix: str) -> Path:
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path


def test_seed_000_header(seeds: Path) -> None:
    path = _seed(seeds, "000")
    article = read_one(path)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert article.id == path.stem
    assert article.title == first_line.removeprefix("## ")
    assert article.title.endswith("offensive in Syria")
    assert article.author == "Bill Van Auken"
    assert article.published == date(2018, 11, 16)
    assert article.raw == path.read_bytes()


def test_seed_000_text(seeds: Path) -> None:
    path = _seed(seeds, "000")
    article = read_one(path)
    assert article.text.startswith("Amid near total silence")
    assert "killing at least 23 people" in article.text
    assert "over 60 civilians dead and injured" in article.text
    assert "Bill Van Auken" not in article.text[:200]
    assert article.text in path.read_text(encoding="utf-8")


def test_seed_004_header(seeds: Path) -> None:
    path = _seed(seeds, "004")
    article = read_one(path)
    assert article.id == path.stem
    assert article.title is None
    assert article.author == "Whitney Webb"
    assert article.outlet == "Mint Press News"
    assert article.published is None


def test_seed_004_text_keeps_standfirst_and_dateline(seeds: Path) -> None:
    article = read_one(_seed(seeds, "004"))
    assert article.text.startswith("With the U.S. now unable")
    assert "\nABU KAMAL, SYRIA" in article.text
    assert "at least 30 were killed" in article.text
    assert "by Whitney Webb" not in article.text
    assert "Source: Mint Press News" not in article.text


def test_seed_folder_reads_only_the_reports(seeds: Path) -> None:
    items = read_all(seeds)
    assert all(isinstance(item, Article) for item in items)
    assert sorted(item.id for item in items if isinstance(item, Article)) == sorted(
        path.stem for path in seeds.glob("*.txt")
    )
