"""Inputs read line by line (JSON lines, CSV), gunzipped on the fly, in constant memory.

One helper for every line-based format, so that each reports a truncated or corrupt
gzip stream the same way: the lines before the fault have been read, the rest is one
coded error.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from harmledger.errors import UnreadableInputError
from harmledger.ingest.records import Input
from harmledger.ingest.sniffing import is_gzip


@contextmanager
def open_lines(source: Input) -> Iterator[Iterable[bytes]]:
    """The input's lines as bytes, gunzipped when its bytes say gzip (whatever the suffix)."""
    gzipped = is_gzip(source.head(2))
    try:
        with source.open() as stream:
            if gzipped:
                with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                    yield unzipped
            else:
                yield stream
    except (OSError, EOFError) as exc:
        raise UnreadableInputError(
            f"stopped being readable ({exc}); the lines before were read, re-fetch or re-compress it",
            source=source.source,
        ) from exc
