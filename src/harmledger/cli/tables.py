"""Rich tables for people reading the terminal (scripts use ``--json``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from harmledger.ledger.serialize import SummaryRow, killed_label
from harmledger.ledger.tables import TallyRow


def incident_table(rows: Sequence[SummaryRow], *, tallies: bool = False) -> Table:
    """Incidents with their killed range, or tallies with the figure of their own outcome."""
    table = Table(title=f"{len(rows)} {'tallies' if tallies else 'incidents'}", show_lines=False)
    figure = "figure" if tallies else "killed"
    for column in ("id", "date", "place", "perpetrator", figure, "grade", "claims"):
        table.add_column(column, no_wrap=column in ("id", "date"))
    for row in rows:
        date = f"{row.date or '?'} ({row.date_precision})"
        label = killed_label(row) + (f" {row.outcome.replace('_', ' ')}" if isinstance(row, TallyRow) else "")
        table.add_row(row.key, date, row.place or "—", row.perpetrator or "—", label, row.grade, str(len(row.links)))
    return table
