"""CSV and TSV (``.csv``, ``.tsv``, gzipped ``.gz``): a header row, then one article per row, streamed.

Which column holds which field: the names of :mod:`harmledger.ingest.options` matched
against the header whatever their case (``Title``, ``CONTENT``), or the caller's mapping
(``ReadOptions(columns={"content": "body"})``). A file without a text column, or whose
mapping names a column the header lacks, is refused whole: every row would fail alike.

The delimiter is a tab for ``.tsv``; for ``.csv`` it is whichever of ``,`` ``;`` ``|``
and tab the header line holds most (spreadsheets in many locales write ``;``). Text must
be UTF-8 (a BOM is fine). A row with the wrong number of fields, bytes that are not
UTF-8, or broken quoting yields an :class:`IngestFailure` naming ``path:line`` (the line
the row starts on); the other rows still read. Rows are read one at a time, so a file of
any size streams in constant memory.

A report can be longer than the csv module's default field limit (128 KiB), so reading
a CSV raises that limit, for the whole process, to 64 MiB: a field larger than that is
an unclosed quote swallowing the file, reported as one bad row rather than read into
memory.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from harmledger.errors import UnreadableInputError
from harmledger.ingest.fields import RecordReader, record_failure
from harmledger.ingest.options import Keys
from harmledger.ingest.records import Input, Item
from harmledger.ingest.registry import register_reader
from harmledger.ingest.streams import open_lines

if TYPE_CHECKING:
    from _csv import Reader

_MAX_FIELD = 64 * 1024 * 1024
_DELIMITERS = (",", ";", "|", "\t")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8


@register_reader("csv", suffixes=(".csv", ".tsv", ".csv.gz", ".tsv.gz"))
def read_csv(source: Input) -> Iterator[Item]:
    """One article per row after the header, in file order."""
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD))
    with open_lines(source) as lines:
        text = (line.decode("utf-8", "surrogateescape") for line in lines)
        first = next(text, "").removeprefix("\ufeff")
        reader = csv.reader(itertools.chain([first], text), delimiter=_delimiter(source.name, first))
        header = [name.strip() for name in next(reader, [])]
        records = RecordReader(_header_keys(header, source), format="csv")
        yield from _read_rows(reader, header, records, source)


def _delimiter(name: str, header_line: str) -> str:
    if name.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _header_keys(header: Sequence[str], source: Input) -> Keys:
    """Each field's keys as the header spells them; refuses a header that cannot give articles."""
    spelled = {name.casefold(): name for name in reversed(header)}  # the first of duplicate names wins
    for name, column in source.options.columns.items():
        if column.casefold() not in spelled:
            raise UnreadableInputError(
                f"has no column {column!r} for {name} (columns: {', '.join(header)}); fix the column mapping",
                source=source.source,
            )
    keys = {
        name: tuple(spelled[k.casefold()] for k in tried if k.casefold() in spelled)
        for name, tried in source.options.keys().items()
    }
    if not keys["content"]:
        raise UnreadableInputError(
            f"has no text column (columns: {', '.join(header) or 'none'}); "
            "name the column that holds the text, e.g. content=body",
            source=source.source,
        )
    return keys


def _read_rows(reader: Reader, header: Sequence[str], records: RecordReader, source: Input) -> Iterator[Item]:
    while True:
        number = reader.line_num + 1  # the line this row starts on: a quoted field may span lines
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield record_failure(f"{source.source}:{number}", f"is not valid CSV ({exc}); fix its quoting or drop it")
            continue
        if row:
            yield _read_row(row, header, records, source=source, number=number)


def _read_row(row: list[str], header: Sequence[str], records: RecordReader, *, source: Input, number: int) -> Item:
    where = f"{source.source}:{number}"
    if len(row) != len(header):
        return record_failure(
            where, f"has {len(row)} fields where the header has {len(header)}; fix its quoting or drop the row"
        )
    if any(_UNDECODABLE.search(value) for value in row):
        return record_failure(where, "is not UTF-8 text; convert the file to UTF-8")
    record = dict(zip(header, row, strict=True))
    raw = json.dumps(record, ensure_ascii=False).encode("utf-8")
    return records.article(record, fallback_id=f"{source.id}:{number}", where=where, raw=raw)
