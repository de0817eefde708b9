"""ingest: sources (files, directories, URLs) → :class:`~harmledger.models.Article` records.

:func:`read_sources` is the entry point. Formats are readers in a registry; the built-in
ones (``text``, ``html``, ``feed``, ``jsonl``, ``csv``) register with :func:`register_reader`
exactly as a third-party format would. A source or record that cannot be read becomes an
:class:`IngestFailure` in the stream, so one bad file never stops a batch.
"""

from harmledger.ingest import delimited, feeds, html, jsonl, text  # noqa: F401  # importing registers the built-in readers
from harmledger.ingest.html import extract_page, html_to_text
from harmledger.ingest.options import ColumnsError, ReadOptions
from harmledger.ingest.records import IngestFailure, Input
from harmledger.ingest.registry import Reader, ReaderSpec, register_reader, registered_formats
from harmledger.ingest.sources import read_sources
from harmledger.ingest.text import split_header
from harmledger.ingest.watch import FeedState, Poll, WatchState, poll_feed

__all__ = [
    "ColumnsError",
    "FeedState",
    "IngestFailure",
    "Input",
    "Poll",
    "ReadOptions",
    "Reader",
    "ReaderSpec",
    "WatchState",
    "extract_page",
    "html_to_text",
    "poll_feed",
    "read_sources",
    "register_reader",
    "registered_formats",
    "split_header",
]
