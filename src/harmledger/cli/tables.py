"""Rich tables for people reading the terminal (scripts use ``--json``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from harmledger.ledger.serialize import SummaryRow, killed_label


def incident_table(rows: Sequence[SummaryRow]) -> Table:
    table = Table(title=f"{len(rows)} incidents", show_lines=False)
    for column in ("id", "date", "place", "perpetrator", "killed", "grade", "claims"):
        table.add_column(column, no_wrap=column in ("id", "date"))
    for row in rows:
        date = f"{row.date or '?'} ({row.date_precision})"
        table.add_row(
            row.key, date, row.place or "—", row.perpetrator or "—", killed_label(row), row.grade, str(len(row.links))
        )
    return table
