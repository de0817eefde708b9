"""Sources as the user names them (paths, directories, URLs) → articles and failures.

A directory is walked recursively in sorted order, keeping the files whose suffix a
registered reader owns (so ``gold.json`` beside ``*.txt`` reports is skipped), and no
hidden files and no folder documentation (README, LICENSE, NOTICE, CHANGELOG): a corpus
folder that explains itself must not be read as one more report. A file named directly
is read whatever its suffix: sniffed when no reader owns it. A URL is fetched when its
turn comes, so output stays in input order.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from harmledger.errors import HarmledgerError, InputNotFoundError
from harmledger.ingest.fetch import Fetched, fetch_url, is_url
from harmledger.ingest.options import ReadOptions
from harmledger.ingest.records import IngestFailure, Input, Item
from harmledger.ingest.registry import claims_suffix, reader_for
from harmledger.models import Article

logger = logging.getLogger(__name__)


def read_sources(
    sources: Iterable[str], *, published: date | None = None, options: ReadOptions | None = None
) -> Iterator[Article | IngestFailure]:
    """Every article in ``sources``, in order, with an :class:`IngestFailure` for each part that fails.

    ``published`` is the date given to articles whose own date is unknown (the CLI's
    ``--published``); ``options`` say which columns of a CSV or keys of a JSON line hold
    which field, where the default names do not fit. Nothing is read ahead: a large
    JSON-lines or CSV file streams one record at a time, and a caller that stops early
    reads no further.
    """
    for source in sources:
        for item in _read_source(source, options or ReadOptions()):
            if isinstance(item, Article) and item.published is None:
                item.published = published
            yield item


def iter_inputs(source: str, options: ReadOptions) -> Iterator[Input]:
    """The inputs one source names: itself, a directory's files, or a fetched URL."""
    if is_url(source):
        yield _url_input(source, options)
        return
    path = Path(source)
    if path.is_dir():
        yield from (_file_input(child, str(child), options) for child in _walk(path))
    elif path.exists():
        yield _file_input(path, source, options)
    else:
        raise InputNotFoundError("does not exist; check the path", source=source)


def _read_source(source: str, options: ReadOptions) -> Iterator[Item]:
    try:
        for found in iter_inputs(source, options):
            yield from _read_input(found)
    except HarmledgerError as error:  # from naming the inputs: _read_input keeps its own
        yield IngestFailure(source=error.source or source, error=error)


def _read_input(found: Input) -> Iterator[Item]:
    try:
        yield from reader_for(found).reader(found)
    except HarmledgerError as error:
        yield IngestFailure(source=error.source or found.source, error=error)


_FOLDER_DOCS = ("readme", "license", "licence", "notice", "changelog")


def _walk(directory: Path) -> Iterator[Path]:
    for child in sorted(directory.rglob("*")):
        relative = child.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or not child.is_file():
            continue
        if child.stem.lower() in _FOLDER_DOCS:
            logger.debug("%s: skipped, folder documentation", child)
            continue
        if claims_suffix(child.name):
            yield child
        else:
            logger.debug("%s: skipped, no reader for its suffix", child)


def _file_input(path: Path, source: str, options: ReadOptions) -> Input:
    return Input(source=source, name=path.name, id=path.stem, opener=lambda: path.open("rb"), options=options)


def _url_input(url: str, options: ReadOptions) -> Input:
    return fetched_input(url, fetch_url(url), options)


def fetched_input(source: str, fetched: Fetched, options: ReadOptions | None = None) -> Input:
    """A fetched body as an input, named by the file name its final URL ends with."""
    name = PurePosixPath(urlsplit(fetched.url).path).name
    opener = partial(io.BytesIO, fetched.body)
    return Input(source=source, name=name, id=source, opener=opener, url=fetched.url, options=options or ReadOptions())
