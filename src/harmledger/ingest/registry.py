"""The registry of readers: format name → function turning one :class:`Input` into items.

Built-in formats register with the same decorator a third party uses::

    @register_reader("warc", suffixes=(".warc",), sniff=lambda head: head.startswith(b"WARC/"))
    def read_warc(source: Input) -> Iterator[Article | IngestFailure]: ...

Dispatch picks a reader by the longest registered suffix the file name ends with; a name
no reader claims (a URL such as ``/feed/``, a file without extension) is sniffed: each
reader's ``sniff`` sees the first bytes, in registration order; when none claims them the
input is read as plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from harmledger.ingest.records import Input, Item

logger = logging.getLogger(__name__)

Reader = Callable[[Input], Iterator[Item]]
Sniffer = Callable[[bytes], bool]

FALLBACK_FORMAT = "text"


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """One registered format: its name, the suffixes it owns, how to recognise its bytes."""

    name: str
    reader: Reader
    suffixes: tuple[str, ...] = ()
    sniff: Sniffer | None = None


_READERS: dict[str, ReaderSpec] = {}


def register_reader(
    name: str, *, suffixes: tuple[str, ...] = (), sniff: Sniffer | None = None
) -> Callable[[Reader], Reader]:
    """Register ``reader`` under ``name``; registering a name again replaces the reader.

    Replacement, not an error, so that a plugin can override a built-in format.
    """

    def decorate(reader: Reader) -> Reader:
        lowered = tuple(suffix.lower() for suffix in suffixes)
        _READERS[name] = ReaderSpec(name=name, reader=reader, suffixes=lowered, sniff=sniff)
        return reader

    return decorate


def registered_formats() -> dict[str, ReaderSpec]:
    """A copy of the registry, format name → spec, in registration order."""
    return dict(_READERS)


def claims_suffix(file_name: str) -> bool:
    """Whether some reader owns this file's suffix: what a directory walk keeps."""
    return _spec_by_suffix(file_name) is not None


def reader_for(source: Input) -> ReaderSpec:
    """The reader for one input: by suffix, else by sniffing its first bytes, else text."""
    spec = _spec_by_suffix(source.name)
    if spec is None:
        spec = _spec_by_sniffing(source.head())
    logger.debug("%s: read as %s", source.source, spec.name)
    return spec


def _spec_by_suffix(file_name: str) -> ReaderSpec | None:
    lowered = file_name.lower()
    matches = [
        (len(suffix), spec) for spec in _READERS.values() for suffix in spec.suffixes if lowered.endswith(suffix)
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def _spec_by_sniffing(head: bytes) -> ReaderSpec:
    for spec in _READERS.values():
        if spec.sniff is not None and spec.sniff(head):
            return spec
    return _READERS[FALLBACK_FORMAT]
