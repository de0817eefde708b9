"""Coded errors, each saying what went wrong and what to do about it.

Codes group by stage (E1xx ingest, E2xx extract, E3xx geo, E4xx link, E5xx ledger,
E6xx api/web) so that a message in a log points at the stage that raised it. The CLI
and the API translate :class:`HarmledgerError` once, at the edge.
"""

from __future__ import annotations


class HarmledgerError(Exception):
    """Base of every error harmledger raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.message}"


class InputNotFoundError(HarmledgerError):
    code = "E101"


class EmptyInputError(HarmledgerError):
    code = "E102"


class UnreadableInputError(HarmledgerError):
    """Binary data, an unknown encoding, or markup that yields no text."""

    code = "E103"


class MalformedRecordError(HarmledgerError):
    """One record (a JSON line, a feed entry) cannot be read; the rest of the file can."""

    code = "E104"


class FetchError(HarmledgerError):
    code = "E105"


class GazetteerError(HarmledgerError):
    code = "E301"


class LedgerError(HarmledgerError):
    code = "E501"


class NotFoundError(HarmledgerError):
    code = "E601"
