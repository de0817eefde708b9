"""Feeds polled on a schedule: each poll yields only the entries no earlier poll gave.

Per feed the watcher keeps the validators of its last fetch (ETag, Last-Modified), so
that an unchanged feed costs one "304 Not Modified", and the ids of the entries it has
handed on (the entry's guid, else its link; a failed entry by its ``feed#key`` name, so
that it is reported once, not every round). The state is a JSON file, replaced
atomically, so a crash or Ctrl-C leaves the previous state whole.

A poll does not change the state: the caller stores the new articles and then
:meth:`WatchState.commit` s the poll. Stopped in between, the next poll hands the same
entries on again, and the ledger, which skips what it holds, stores nothing twice.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from harmledger.errors import EmptyInputError, UnreadableInputError
from harmledger.ingest.feeds import read_feed
from harmledger.ingest.fetch import DEFAULT_TIMEOUT, fetch_url
from harmledger.ingest.records import IngestFailure, Item
from harmledger.ingest.sources import fetched_input

logger = logging.getLogger(__name__)

STATE_VERSION = 1
MAX_SEEN = 2000  # ids kept per feed: a feed carries tens of entries, so an id is forgotten long after it left


@dataclass(slots=True)
class FeedState:
    """What one feed has given so far: validators for a conditional GET, and the entry ids handed on."""

    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)

    def request_headers(self) -> dict[str, str]:
        """The conditional-GET headers that let the server answer 304 when nothing changed."""
        headers = {"If-None-Match": self.etag} if self.etag else {}
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll of one feed: the entries not seen before, and the feed's state once they are stored."""

    url: str
    items: list[Item]
    state: FeedState
    not_modified: bool = False


def poll_feed(url: str, state: FeedState, *, timeout: float = DEFAULT_TIMEOUT) -> Poll:
    """Fetch ``url`` conditionally and keep its unseen entries; a fetch or parse failure raises."""
    fetched = fetch_url(url, timeout=timeout, headers=state.request_headers())
    if fetched.status == 304:
        return Poll(url=url, items=[], state=state, not_modified=True)
    try:
        items = list(read_feed(fetched_input(url, fetched)))
    except EmptyInputError:
        items = []  # a feed with no entries yet is quiet, not broken
    seen = set(state.seen)
    new = [item for item in items if _entry_key(item) not in seen]
    kept = [*state.seen, *(_entry_key(item) for item in new)][-MAX_SEEN:]
    after = FeedState(etag=fetched.etag, last_modified=fetched.last_modified, seen=kept)
    logger.info("%s: %d entries, %d new", url, len(items), len(new))
    return Poll(url=url, items=new, state=after)


def _entry_key(item: Item) -> str:
    return item.source if isinstance(item, IngestFailure) else item.id


class WatchState:
    """Every watched feed's :class:`FeedState`, kept in one JSON file at ``path``."""

    def __init__(self, path: Path, feeds: dict[str, FeedState] | None = None) -> None:
        self.path = path
        self.feeds = feeds or {}

    @classmethod
    def load(cls, path: Path) -> WatchState:
        """The state saved at ``path``; an empty one when there is no file yet."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            feeds = {url: FeedState(**feed) for url, feed in data["feeds"].items()}
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UnreadableInputError(
                f"is not a watch state file ({exc}); delete it to start afresh (the ledger skips what it holds)",
                source=str(path),
            ) from exc
        return cls(path, feeds)

    def feed(self, url: str) -> FeedState:
        return self.feeds.get(url) or FeedState()

    def commit(self, poll: Poll) -> None:
        """Record a poll whose entries are stored, and save."""
        self.feeds[poll.url] = poll.state
        self.save()

    def save(self) -> None:
        """Write to a temporary file beside ``path`` and rename it over: never a half-written state."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": STATE_VERSION, "feeds": {url: asdict(feed) for url, feed in self.feeds.items()}}
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, indent=1, ensure_ascii=False)
                stream.flush()
                os.fsync(stream.fileno())
            Path(name).replace(self.path)
        except BaseException:  # Ctrl-C included: leave no temporary file behind
            Path(name).unlink(missing_ok=True)
            raise
