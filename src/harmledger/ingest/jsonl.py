"""JSON lines (``.jsonl``, ``.ndjson``, gzipped ``.gz``): each line one article, streamed.

The layout is NELA-GT's: ``{"id", "url", "source", "title", "published", "content"}``;
the other names common dumps use are read too, and a mapping can name any other key
(:mod:`harmledger.ingest.options`). A line that is not a JSON object, or has no text,
yields an :class:`IngestFailure` naming ``path:line``; the other lines still read.
Lines are read one at a time, so a file of any size streams in constant memory.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from harmledger.ingest.fields import RecordReader, record_failure
from harmledger.ingest.records import Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.ingest.sniffing import is_gzip, starts_with_json_object
from harmledger.ingest.streams import open_lines

logger = logging.getLogger(__name__)

_decode = json.JSONDecoder().decode  # on str: json.loads would sniff each line's encoding again


@register_reader(
    "jsonl",
    suffixes=(".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"),
    sniff=lambda head: is_gzip(head) or starts_with_json_object(head),
)
def read_jsonl(source: Input) -> Iterator[Item]:
    """One article per non-blank line, in file order."""
    records = RecordReader(source.options.keys(), format="jsonl")
    with open_lines(source) as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield _read_line(line.rstrip(b"\r\n"), source=source, number=number, records=records)


def _read_line(line: bytes, *, source: Input, number: int, records: RecordReader) -> Item:
    where = f"{source.source}:{number}"
    try:
        record = _decode(line.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = f"{exc.msg}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        return record_failure(where, f"is not valid JSON ({reason}); fix or drop this line")
    if not isinstance(record, dict):
        return record_failure(where, f"is a JSON {type(record).__name__}, not an object; each line must be one article")
    return records.article(record, fallback_id=f"{source.id}:{number}", where=where, raw=line)
