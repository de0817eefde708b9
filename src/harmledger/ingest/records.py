"""What a reader receives (:class:`Input`) and what it yields besides articles (:class:`IngestFailure`).

Both live apart from the readers so that a third-party reader needs nothing but this
module and :mod:`harmledger.ingest.registry` to plug in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from harmledger.errors import HarmledgerError, UnreadableInputError
from harmledger.ingest.options import ReadOptions
from harmledger.models import Article


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """One input or one record that could not be read.

    Yielded in place of the article(s) it would have given, so that a batch run can name
    every failure on stderr and still read everything else.
    """

    source: str
    error: HarmledgerError


Item = Article | IngestFailure


@dataclass(frozen=True, slots=True)
class Input:
    """One file or fetched page, not yet opened: readers pull its bytes when they need them.

    ``source`` names the input in articles and errors (the path as the user gave it, or the
    URL); ``name`` is the file name that dispatch reads suffixes from; ``id`` is the article
    id of a one-article input (the file stem, or the URL); ``options`` are the caller's
    :class:`ReadOptions`, for the readers of record formats.
    """

    source: str
    name: str
    id: str
    opener: Callable[[], BinaryIO]
    url: str | None = None
    options: ReadOptions = field(default_factory=ReadOptions)

    def open(self) -> BinaryIO:
        """Open the bytes, turning an OS error into the coded error the user will read."""
        try:
            return self.opener()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UnreadableInputError(f"cannot open ({reason}); check its permissions", source=self.source) from exc

    def read_bytes(self) -> bytes:
        """All bytes at once: for inputs that are one record (a page, a text file, a feed)."""
        with self.open() as stream:
            return stream.read()

    def head(self, size: int = 2048) -> bytes:
        """The first bytes, enough to sniff the format without reading a large file."""
        with self.open() as stream:
            return stream.read(size)
