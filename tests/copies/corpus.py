"""Reports and their copies written for the copies tests, extracted once, and a helper storing them in a ledger.

The ten-identical case: the same report republished word for word by ten outlets, each under
its own title and address (the ledger stores the text once, and each outlet's publication as
a republication of it).

The ten-copies case: one short report whose claim sentence ten outlets republish with the
attribution rewritten, so that the extractor names another claimant for the very same
words; counted naively, they would "corroborate" the original five times over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from harmledger.ingest import read_sources
from harmledger.ledger import Ledger
from harmledger.models import Article, Claim
from harmledger.pipeline import process

DATA = Path(__file__).resolve().parents[1] / "data" / "copies"
REPORT = """An air strike tore through a crowded fuel market in the town of Dhiban on the eastern bank of the \
Euphrates on Tuesday evening, killing at least 17 civilians, among them six children, {attribution}.

The strike hit stalls where traders sell diesel in plastic jerry cans brought across the river by boat, setting fire \
to the stock and to two nearby houses. Residents said the market had moved to an open lot beside the grain silo only \
last month.

Dhiban lies in a strip of farmland that changed hands several times during the war and is now held by the Syrian \
Democratic Forces.
"""
# Republishers rewrite the attribution; the extractor then names another claimant for the very same sentence.
ATTRIBUTIONS = ("a war monitor said", "a monitoring group said", "activists said", "the monitor said")
INDEPENDENT = """Seventeen civilians, six of them children, died when warplanes bombed the fuel market of Dhiban \
in Deir ez-Zor province late on Tuesday, local activists told the Frontline Syria Monitor.

Flames from the burning fuel spread to homes on the edge of the market, and neighbours formed a chain with buckets \
to fight the blaze.
"""
QUOTING = """Thousands of people have left villages along the eastern bank of the Euphrates this week, loading \
mattresses and livestock onto pickup trucks and heading north towards camps that aid workers say are already full.

The exodus gathered pace after Tuesday's raid. According to the agency, an air strike tore through a crowded fuel \
market in the town of Dhiban on the eastern bank of the Euphrates on Tuesday evening, killing at least 17 civilians, \
among them six children, activists said.

In the village of Gharanij, a farmer said shells had landed near his house on Wednesday night, killing four of his \
neighbours.
"""

Item = tuple[Article, tuple[Claim, ...]]


@cache
def variants() -> tuple[Item, ...]:
    return tuple((a, tuple(process(a))) for a in read_sources([str(DATA)]) if isinstance(a, Article))


def item(key: str, text: str, outlet: str, day: int) -> Item:
    article = Article(id=key, text=text, title=f"{outlet} on Dhiban", outlet=outlet, published=date(2018, 11, day))
    return article, tuple(process(article))


@cache
def ten_copies() -> tuple[Item, ...]:
    original = item("original", REPORT.format(attribution="the Syrian Observatory for Human Rights said"), "EDNA", 14)
    copies = [
        item(
            f"copy-{n}",
            f"{REPORT.format(attribution=ATTRIBUTIONS[n % 4])}\n© 2018 Outlet {n}\n",
            f"Outlet {n}",
            15 + n % 3,
        )
        for n in range(10)
    ]
    return (original, *copies)


def republished(base: Item, outlet: str, day: int | None) -> Item:
    """``base``'s very text published again by ``outlet`` on ``day`` November 2018, under its own title and URL."""
    article = base[0]
    slug = outlet.lower().replace(" ", "-")
    copy = replace(
        article,
        id=f"{slug}-dhiban",
        title=f"{outlet}: {article.title}",
        outlet=outlet,
        published=date(2018, 11, day) if day else None,
        url=f"https://{slug}.example/dhiban",
        raw=f"{outlet}\n{article.text}".encode(),
    )
    return copy, tuple(process(copy))


@cache
def ten_identical() -> tuple[Item, ...]:
    """The original report and ten republications of its very text by ten outlets, a day or more later."""
    original = ten_copies()[0]
    return (original, *(republished(original, f"Outlet {n}", 15 + n % 3) for n in range(10)))


def store(ledger: Ledger, items: Sequence[Item]) -> None:
    """Store ``items`` (fresh claim objects: the ledger may alter them) and relink."""
    ledger.add_many([(a, [_fresh(c) for c in cs]) for a, cs in items])
    ledger.relink()


def _fresh(claim: Claim) -> Claim:
    return Claim(**{name: getattr(claim, name) for name in Claim.__slots__})  # type: ignore[attr-defined]
