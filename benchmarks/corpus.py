"""A seeded, reproducible generator of synthetic conflict reports for benchmarks.

Each report is about 6 KB: a dated wire-style lead over a real place in Syria or Iraq, with
varied claimants, spellings, figures in digits and words, qualifiers, subsets, a few numbers
that are not casualties (troops, percentages, distances, years) and background paragraphs, so
the extractor meets the mix of candidate and plain sentences it meets in real feeds. The same
``seed`` always gives the same corpus. Three profiles:

* ``dense`` (the default, kept for the other benchmarks): short sentences, an incident
  paragraph in one of eight, about 2.1 claims per KB (11.6 per report), 19% of sentences
  with a digit.
* ``realistic``: calibrated on the long-form reports we hold (the founding seeds, 6.6 KB,
  1.2 claims per KB, 29% of sentences with a digit, 5 sentences per KB): longer background
  sentences, more numbers that are not casualties, and about 1.2 claims per KB.
* ``newswire``: the realistic reports with their background and context paragraphs reworded (one word in
  eight), so that no two share a long passage by accident, and 5% republished by another
  outlet with a footer: the copies an ingest of real feeds meets (``harmledger.link.copies``).

    from benchmarks.corpus import generate, write_jsonl
    for article in generate(10_000, seed=0, profile="realistic"): ...
    write_jsonl("corpus.jsonl", 10_000, seed=0)   # NELA-GT layout: id, url, source, title, published, content
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from harmledger.models import Article

PLACES = (
    "Hajin", "Hajeen", "al-Baghuz Fawqani", "Abu Kamal", "Albu Kamal", "al-Mayadin", "Deir ez-Zor", "Deir Ezzor",
    "Raqqa", "al-Raqqa", "Tabqa", "al-Susah", "al-Souseh", "Gharanij", "al-Shafah", "Idlib", "Maarat al-Numan",
    "Khan Shaykhun", "Ariha", "Saraqib", "Jisr al-Shughur", "Douma", "Harasta", "Aleppo", "Manbij", "Afrin",
    "Mosul", "Tal Afar", "al-Qaim", "Rawa", "Anah", "Fallujah", "Ramadi", "Hit", "Tikrit", "Hawija", "Baiji",
)  # fmt: skip
OUTLETS = ("Euphrates Wire", "Levant Daily", "Mesopotamia Post", "Northern Desk", "River Valley News")
CLAIMANTS = (
    "the Syrian Observatory for Human Rights said", "SANA reported", "according to local activists",
    "the White Helmets said", "a local doctor told reporters", "the Iraqi defence ministry said",
    "Airwars said", "the US-led coalition said in a statement", "according to Syria's foreign ministry",
    "a military source told state television", "residents said", "UN OCHA said",
)  # fmt: skip
ATTACKS = (
    "US-led coalition airstrikes", "Russian jets", "regime barrel bombs", "a drone strike", "artillery shelling",
    "a car bomb", "mortar fire", "an airstrike", "cluster munitions",
)  # fmt: skip
NUMBER_WORDS = ("two", "three", "five", "seven", "nine", "eleven", "twelve", "seventeen", "twenty-three", "a dozen")
QUALIFIERS = ("", "", "at least ", "more than ", "nearly ", "about ", "some ", "up to ")
VAGUE = ("dozens of", "scores of", "several", "hundreds of")
WEEKDAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last Saturday", "yesterday")
FILLER = (
    "The town sits on the bank of the river, where farmers grow wheat and cotton on land irrigated by canals dug "
    "decades ago. Many families fled during the fighting and only some have returned, finding their shops looted.",
    "Aid agencies say the roads into the district remain difficult, with checkpoints run by several armed groups "
    "and long queues for fuel. Prices for bread and cooking gas have risen sharply over the winter.",
    "Local officials met on Sunday to discuss the repair of the water station and the reopening of the schools, "
    "which have been closed for most of the year. Teachers have not been paid for months.",
    "The area changed hands several times during the war. Residents describe a pattern of raids at night, "
    "followed by days of calm in which markets reopen and traders bring goods from neighbouring towns.",
    "Journalists have limited access to the region, and figures are difficult to verify independently. "
    "Monitoring groups rely on networks of contacts who report by phone and messaging applications.",
    "The bridge over the river was destroyed in an earlier offensive and a pontoon crossing now carries "
    "pedestrians and light vehicles. Heavy trucks must take a detour through the desert to the south.",
)


# Background for the realistic profile: long sentences, as in analysis and long-form reporting.
BACKGROUND = (
    "Residents who returned to the district after the fighting describe streets where almost every second house "
    "has lost a wall or a roof, and where the few shops that reopened sell goods brought across the river at "
    "prices most families cannot afford. Local councils have asked for help to clear the rubble from the main "
    "roads, but the work has barely begun and the machinery they were promised has not arrived.",
    "The offensive against the last pockets held by the group has been slower than commanders predicted, in "
    "part because of the tunnels dug beneath the villages along the river and in part because of the "
    "sandstorms that ground aircraft for days at a time. Officials of the ground forces say they expect the "
    "campaign to last into the spring, while analysts caution that the militants are likely to go underground.",
    "Humanitarian agencies have repeatedly warned that people fleeing the area are forced to walk through the "
    "desert for hours, often at night, before they reach the screening points set up by the ground forces. "
    "Those who arrive at the camps describe a shortage of tents, blankets and clean water, and the agencies "
    "say that their appeals for the region remain badly underfunded as winter approaches.",
    "The international coalition has said it takes every allegation of harm to civilians seriously and that it "
    "reviews each report against its own strike logs, imagery and other information available to it. Critics "
    "respond that these reviews are slow, that few of them involve visits to the sites, and that the results "
    "are published months later, when the attention of the public has long moved elsewhere.",
    "Journalists have little access to the front lines, and most of what is known about the fighting comes from "
    "a handful of local networks that gather testimony by telephone and messaging applications. Their accounts "
    "are difficult to verify independently, and they often differ in detail from the statements issued by the "
    "parties to the conflict, each of which has its own reasons to emphasise or play down the harm done.",
    "Before the war the town was known for its weekly livestock market, which drew traders from across the "
    "province and from the other side of the border. The market has not been held since the militants seized "
    "the area, and the square where it stood is now used as a car park by the ground forces and their allies.",
)
CONTEXT = (
    "The province had a population of about {a:,} before the war, according to the last census taken in {y}, "
    "and local officials estimate that fewer than half of them remain in their homes today.",
    "Some {a:,} families have been displaced from the villages along the river since {y}, and about {p} percent "
    "of them live in informal camps without running water, an aid agency said in a report published last month.",
    "The bridge, about {k} km north of the town, was built in {y} and carried some {a:,} vehicles a day before it "
    "was destroyed; engineers estimate that rebuilding it would cost {m} million dollars.",
    "Prices for a bag of flour have risen by {p} percent in the past {k} months, traders say, while a litre of "
    "fuel now costs about {m},000 pounds, several times what it did in {y}.",
    "In {y} the council counted {a:,} pupils in {k} schools in the district; this autumn only {p} of those "
    "schools have reopened, most of them in rented houses without heating.",
)


REWORDS = (
    "often", "still", "again", "mostly", "largely", "reportedly", "now", "also", "locally", "nearby", "later",
    "recently", "partly", "widely", "quietly", "openly", "slowly", "briefly", "rarely", "usually",
)  # fmt: skip


def _context(rng: random.Random) -> str:
    template = rng.choice(CONTEXT)
    return template.format(
        a=rng.randint(2, 90) * 1000, y=rng.randint(2004, 2017), p=rng.randint(10, 90), k=rng.randint(2, 40),
        m=rng.randint(2, 30),
    )  # fmt: skip


def _figure(rng: random.Random) -> str:
    if rng.random() < 0.1:
        low = rng.randint(3, 20)
        return f"between {low} and {low + rng.randint(2, 9)}"
    number = rng.choice(NUMBER_WORDS) if rng.random() < 0.3 else f"{rng.randint(2, 1200):,}"
    return rng.choice(QUALIFIERS) + number


def _incident(rng: random.Random, place: str) -> str:
    attack, claimant, when = rng.choice(ATTACKS), rng.choice(CLAIMANTS), rng.choice(WEEKDAYS)
    victims = rng.choice(("civilians", "people", "fighters", "members of one family"))
    lead = f"{attack.capitalize()} killed {_figure(rng)} {victims} in {place} {when}, {claimant}."
    if rng.random() < 0.5:
        lead += f" At least {rng.randint(3, 60)} others were wounded, including {rng.randint(1, 3)} children."
    if rng.random() < 0.3:
        lead += f" {rng.choice(VAGUE).capitalize()} people remain missing under the rubble."
    if rng.random() < 0.3:
        lead += f" The death toll later rose to {rng.randint(20, 90)}, {rng.choice(CLAIMANTS)}."
    return lead


def _negatives(rng: random.Random, place: str) -> str:
    return (
        f"Some {rng.randint(2, 9) * 500:,} troops were deployed {rng.randint(5, 60)} km from {place} in "
        f"{rng.randint(2011, 2019)}, and about {rng.randint(10, 90)} percent of the houses were damaged. "
        f"The ministry sent {rng.randint(2, 6)} letters to the Security Council over {rng.randint(2, 14)} days."
    )


def _dense(rng: random.Random, place: str) -> list[str]:
    paragraphs = [_incident(rng, place)]
    while sum(len(p) for p in paragraphs) < 5600:
        kind = rng.random()
        paragraphs.append(
            _incident(rng, rng.choice(PLACES)) if kind < 0.12 else _negatives(rng, place) if kind < 0.2 else
            rng.choice(FILLER)
        )  # fmt: skip
    return paragraphs


def _realistic(rng: random.Random, place: str, *, reword: bool = False) -> list[str]:
    paragraphs = [_incident(rng, place)]
    while sum(len(p) for p in paragraphs) < 6400:
        kind = rng.random()
        paragraphs.append(
            _incident(rng, rng.choice(PLACES)) if kind < 0.09 else _reworded(rng, _context(rng), reword) if kind < 0.33
            else _negatives(rng, place) if kind < 0.39 else _reworded(rng, rng.choice(BACKGROUND), reword)
        )  # fmt: skip
    return paragraphs


def _reworded(rng: random.Random, paragraph: str, reword: bool) -> str:
    """``paragraph``, or with one word in eight replaced, so that reports share no long passage by accident."""
    if not reword:
        return paragraph
    words = paragraph.split(" ")
    for i in range(rng.randrange(4), len(words), 4):
        words[i] = rng.choice(REWORDS)
    return " ".join(words)


def _newswire(rng: random.Random, place: str) -> list[str]:
    return _realistic(rng, place, reword=True)


PROFILES = {"dense": _dense, "realistic": _realistic, "newswire": _newswire}
SYNDICATED = 0.05  # newswire: share of reports that republish an earlier one under another outlet


def _article(rng: random.Random, number: int, start: date, profile: str) -> Article:
    place = rng.choice(PLACES)
    published = start + timedelta(days=rng.randint(0, 1500))
    paragraphs = PROFILES[profile](rng, place)
    return Article(
        id=f"synthetic-{number:07d}",
        text="\n\n".join(paragraphs),
        title=f"Strikes reported near {place}",
        outlet=rng.choice(OUTLETS),
        published=published,
        url=f"https://example.org/synthetic/{number}",
        source="synthetic",
    )


def _syndicated(rng: random.Random, number: int, original: Article) -> Article:
    """``original`` republished a day or two later by another outlet, with its own footer."""
    outlet = rng.choice([o for o in OUTLETS if o != original.outlet])
    published = original.published + timedelta(days=rng.randint(0, 2)) if original.published else None
    footer = f"This report was first published by {original.outlet}; additional reporting by {outlet} staff."
    return replace(
        original,
        id=f"synthetic-{number:07d}",
        text=f"{original.text}\n\n{footer}",
        outlet=outlet,
        published=published,
        url=f"https://example.org/synthetic/{number}",
    )


def generate(n: int, seed: int = 0, profile: str = "dense") -> Iterator[Article]:
    """``n`` synthetic reports of ``profile`` (see the module docstring), the same ones for the same ``seed``."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    recent: deque[Article] = deque(maxlen=200)
    for number in range(n):
        if profile == "newswire" and recent and rng.random() < SYNDICATED:
            yield _syndicated(rng, number, rng.choice(recent))
            continue
        article = _article(rng, number, start, profile)
        recent.append(article)
        yield article


def write_jsonl(path: str | Path, n: int, seed: int = 0, profile: str = "dense") -> Path:
    """Write ``n`` reports as JSON Lines in the NELA-GT layout that ``harmledger ingest`` reads."""
    target = Path(path)
    with target.open("w", encoding="utf-8") as out:
        for article in generate(n, seed, profile):
            record = {
                "id": article.id,
                "url": article.url,
                "source": article.outlet,
                "title": article.title,
                "published": article.published.isoformat() if article.published else None,
                "content": article.text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target
