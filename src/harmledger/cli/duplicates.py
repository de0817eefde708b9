"""``harmledger duplicates``: the copy groups, for a human to check (issue 9).

Typer wiring only; the groups come from :func:`harmledger.ledger.copy_groups.groups`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from harmledger.cli.common import DbOption, fail_on_error, out
from harmledger.ledger import Ledger, copy_groups
from harmledger.ledger.republications import IDENTICAL
from harmledger.ledger.serialize import group_dict

_PAGE = 500


@fail_on_error
def duplicates(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of groups.")] = False,
) -> None:
    """List groups of copied articles: the presumed original, then each copy with outlet, date, kind and similarity.

    A republication (the very text under another outlet, URL or title) is listed as kind `identical`.

    A wrong member is taken out of its group with `harmledger decide detach CONTENT_HASH`.
    """
    with Ledger(db) as ledger, ledger.session() as session:
        found = [group_dict(group) for group in _all_groups(session)]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    table = Table("group", "role", "article", "outlet", "published", "kind", "similarity", "content hash")
    for n, group in enumerate(found, 1):
        table.add_row(str(n), "original", *_cells(group["original"]), "", "", group["original"]["content_hash"][:16])
        for member in group["members"]:
            similarity = f"{member['similarity']:.2f}" if member["similarity"] is not None else ""
            role = "republication" if member["kind"] == IDENTICAL else "copy"
            table.add_row("", role, *_cells(member), member["kind"] or "", similarity, member["content_hash"][:16])
    out.print(table)
    members = sum(len(g["members"]) for g in found)
    out.print(f"{len(found)} copy group{'s' if len(found) != 1 else ''}, {members} cop{'ies' if members != 1 else 'y'}")


def _all_groups(session: Session) -> Iterator[copy_groups.CopyGroup]:
    after = None
    while page := copy_groups.groups(session, limit=_PAGE, after=after):
        yield from page
        after = page[-1].original.id


def _cells(article: dict[str, object]) -> tuple[str, str, str]:
    return (str(article["title"] or article["key"]), str(article["outlet"] or "—"), str(article["published"] or "—"))
