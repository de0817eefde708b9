"""Republications through the real ingest path, on both backends: the very text under another outlet, URL or title.

The ledger stores a text once; each other publication of it is kept as a republication,
the article always carrying the earliest, whatever order they arrived in.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace

import pytest
from sqlalchemy import select

from harmledger.ledger import Ledger, republications
from harmledger.ledger.copy_groups import groups
from harmledger.ledger.serialize import group_dict
from harmledger.ledger.tables import ArticleRow, AuditRow, Outlet, RepublicationRow, SignatureRow

from ..copies.corpus import Item, republished, store, ten_identical, variants

Publication = tuple[str, str | None, str | None]  # key, outlet, published


def _by_id(name: str) -> Item:
    return next(item for item in variants() if item[0].id == name)


def _publications(ledger: Ledger) -> tuple[list[Publication], list[Publication]]:
    """The stored articles and the republications, as (key, outlet, published), sorted."""
    with ledger.session() as session:
        articles = session.execute(
            select(ArticleRow.key, Outlet.name, ArticleRow.published).outerjoin(Outlet, ArticleRow.outlet)
        )
        copies = session.execute(
            select(RepublicationRow.key, Outlet.name, RepublicationRow.published).outerjoin(
                Outlet, RepublicationRow.outlet
            )
        )
        return sorted(_row(r) for r in articles), sorted(_row(r) for r in copies)


def _row(row: tuple[str, str | None, object]) -> Publication:
    return (row[0], row[1], str(row[2]) if row[2] else None)


def _groups(ledger: Ledger) -> list[dict[str, object]]:
    with ledger.session() as session:
        return [group_dict(group) for group in groups(session, limit=100)]


def test_a_retitled_copy_is_kept_as_a_republication(ledger: Ledger) -> None:
    store(ledger, variants())
    articles, copies = _publications(ledger)
    assert len(articles) == 6, "its text is stored once"
    assert copies == [("retitled", "Riverside Chronicle", "2018-11-15")]
    with ledger.session() as session:
        row = session.scalars(select(RepublicationRow)).one()
        assert row.raw_hash == hashlib.sha256(_by_id("retitled")[0].raw).hexdigest()
        assert row.title == "Seventeen civilians dead as fire engulfs Dhiban fuel stalls"
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "republication")).one()
        assert audit.before is None and audit.after is not None and audit.after["outlet"] == "Riverside Chronicle"
    (group,) = _groups(ledger)
    assert group["original"]["key"] == "original"  # type: ignore[index]
    (identical,) = [m for m in group["members"] if m["kind"] == "identical"]  # type: ignore[attr-defined]
    assert (identical["key"], identical["similarity"], identical["id"]) == ("retitled", 1.0, None)
    assert identical["copy_of"] == group["original"]["id"]  # type: ignore[index]


def test_an_earlier_publication_arriving_later_becomes_the_original(ledger: Ledger) -> None:
    """The retitled copy (15 Nov) arrives first with the copies of its text; the original (14 Nov) takes over."""
    later = [item for item in variants() if item[0].id not in ("original", "quotes", "independent")]
    store(ledger, later)
    assert "retitled" in [a for a, _, _ in _publications(ledger)[0]], "the only publication of its text so far"
    store(ledger, [_by_id("original")])
    articles, copies = _publications(ledger)
    assert ("original", "Eastern Desk News Agency", "2018-11-14") in articles
    assert "retitled" not in [a for a, _, _ in articles]
    assert copies == [("retitled", "Riverside Chronicle", "2018-11-15")]
    (group,) = _groups(ledger)
    assert group["original"]["key"] == "original"  # type: ignore[index]
    assert {m["key"]: m["kind"] for m in group["members"]} == {  # type: ignore[attr-defined]
        "retitled": "identical",
        "footer": "full",
        "half": "full",
        "new_lead": "full",
    }
    with ledger.session() as session:
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "republication")).one()
        assert audit.before is not None and audit.before["id"] == "retitled"
        assert audit.after is not None and audit.after["id"] == "original"
        # The text's bitmap was hashed with the former outlet's name blanked: forgotten, not trusted.
        bitmaps = dict(session.execute(select(ArticleRow.key, SignatureRow.bits).join(SignatureRow)).all())
        assert bitmaps["original"] is None
        assert all(bits is not None for key, bits in bitmaps.items() if key != "original")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_arrival_order_gives_the_same_original_and_members(ledger: Ledger, seed: int) -> None:
    outlets = [f"Outlet {n}" for n in range(10)]
    items = [*variants(), *(republished(_by_id("original"), outlet, 15 + n % 3) for n, outlet in enumerate(outlets))]
    random.Random(seed).shuffle(items)
    for item in items:  # one batch per publication
        store(ledger, [item])
    (group,) = _groups(ledger)
    original = group["original"]
    assert (original["key"], original["outlet"]) == ("original", "Eastern Desk News Agency")  # type: ignore[index]
    members = sorted((m["outlet"], m["kind"]) for m in group["members"])  # type: ignore[attr-defined]
    identical = [(outlet, "identical") for outlet in [*outlets, "Riverside Chronicle"]]
    full = [(outlet, "full") for outlet in ("Capital Brief", "Gulf Evening Post", "Northern Ledger")]
    assert members == sorted(identical + full)
    assert _publications(ledger)[0] == sorted(
        [("original", "Eastern Desk News Agency", "2018-11-14"), *_stored_copies()]
    )


def _stored_copies() -> list[Publication]:
    """The other texts of :func:`variants`, each stored as its own article."""
    return [
        ("footer", "Gulf Evening Post", "2018-11-15"),
        ("half", "Capital Brief", "2018-11-15"),
        ("independent", "Frontline Syria Monitor", "2018-11-15"),
        ("new_lead", "Northern Ledger", "2018-11-15"),
        ("quotes", "Levant Observer", "2018-11-16"),
    ]


def test_reingesting_adds_nothing_and_the_same_file_is_no_republication(ledger: Ledger) -> None:
    assert ledger.add_many(ten_identical()) == 11
    assert ledger.add_many(ten_identical()) == 0
    original = ten_identical()[0]
    same_file = replace(original[0], raw=b"read again", published=None)  # same outlet, URL and title
    assert ledger.add_many([(same_file, original[1])]) == 0
    assert len(_publications(ledger)[1]) == 10
    with ledger.session() as session:
        assert len(session.scalars(select(AuditRow).where(AuditRow.action == "republication")).all()) == 10


def test_a_publication_repeated_within_a_batch_is_stored_once(ledger: Ledger) -> None:
    original = ten_identical()[0]
    copy = republished(original, "Outlet 1", None)
    assert ledger.add_many([original, copy, copy, republished(original, "Outlet 2", None)]) == 3
    assert [o for _, o, _ in _publications(ledger)[1]] == ["Outlet 1", "Outlet 2"], "undated: after the original"


def test_ten_identical_copies_stay_single_source(ledger: Ledger) -> None:
    store(ledger, ten_identical())
    (incident,) = [i for i in ledger.incidents() if i.killed_min == 17]
    assert incident.grade == "single source"
    assert len({link.claim.article_id for link in incident.links}) == 1, "the text's claims, stored once"
    assert len(_publications(ledger)[1]) == 10


def test_a_racing_import_is_stopped_by_the_unique_constraint(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers take turns (a lock), but should two both find a republication new, only one row is stored."""
    original, copy = ten_identical()[0], ten_identical()[1]
    ledger.add_many([original, copy])

    def stale(session: object, batch: list[Item]) -> republications.Arrivals:
        return republications.Arrivals([], list(batch))  # what a racing writer saw before the other committed

    monkeypatch.setattr(republications, "sort", stale)
    assert ledger.add_many([copy]) == 0
    assert len(_publications(ledger)[1]) == 1
