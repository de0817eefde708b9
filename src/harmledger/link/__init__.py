"""Stage 4, link: claims grouped into incidents and tallies, reconciled into ranges and grades.

Pure functions over :class:`~harmledger.link.rules.Evidence`; the ledger feeds them
stored claims and writes back what they return.
"""

from harmledger.link.linker import Group, link
from harmledger.link.reconcile import Range, Summary, figure_range, summarise
from harmledger.link.rules import Evidence, Match, compare

__all__ = ["Evidence", "Group", "Match", "Range", "Summary", "compare", "figure_range", "link", "summarise"]
