"""Feeds polled on a schedule: conditional GET, only new entries, state across restarts, failing feeds."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from harmledger.cli import app
from harmledger.errors import FetchError, UnreadableInputError
from harmledger.ingest.watch import FeedState, WatchState, poll_feed
from harmledger.ledger import Ledger
from harmledger.models import Article

from .conftest import Respond, send

ENTRY = (
    "<item><guid>{guid}</guid><title>Report {guid}</title><link>https://monitor.example/{guid}</link>"
    "<description>An airstrike on the fictional village of {guid} killed {n} civilians, residents said."
    "</description></item>"
)
# the module, not the command function of the same name that harmledger.cli re-binds
watch_cli = importlib.import_module("harmledger.cli.watch")


@dataclass
class FeedSite:
    """One feed as a real server serves it: validators on every answer, 304 when they still match."""

    guids: list[str]
    version: int = 1
    status: int = 200
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def publish(self, guid: str) -> None:
        self.guids.insert(0, guid)
        self.version += 1

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(dict(handler.headers))
        if self.status != 200:
            send(handler, self.status, b"down", {"Content-Type": "text/plain"})
            return
        validators = {"ETag": self.etag, "Last-Modified": f"Sat, 0{self.version} Feb 2020 10:00:00 GMT"}
        if handler.headers.get("If-None-Match") == self.etag:
            send(handler, 304, b"", validators)
            return
        send(handler, 200, self._body(), {"Content-Type": "application/rss+xml", **validators})

    def _body(self) -> bytes:
        items = "".join(ENTRY.format(guid=guid, n=n + 2) for n, guid in enumerate(self.guids))
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>{items}</channel></rss>'.encode()
        )


@pytest.fixture
def site() -> FeedSite:
    return FeedSite(guids=["Pellow", "Crane"])


@pytest.fixture
def feed_url(site: FeedSite, servers: Callable[[Respond], str]) -> str:
    return servers(site.respond) + "/feed.xml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HARMLEDGER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _ids(items: object) -> list[str]:
    assert isinstance(items, list)
    return [item.id for item in items if isinstance(item, Article)]


def test_unchanged_feed_is_a_304_and_gives_nothing(site: FeedSite, feed_url: str) -> None:
    first = poll_feed(feed_url, FeedState())
    assert _ids(first.items) == ["Pellow", "Crane"]
    assert first.state.etag == '"v1"'
    assert first.state.last_modified == "Sat, 01 Feb 2020 10:00:00 GMT"
    second = poll_feed(feed_url, first.state)
    assert second.not_modified
    assert second.items == []
    assert site.requests[1]["If-None-Match"] == '"v1"'
    assert site.requests[1]["If-Modified-Since"] == "Sat, 01 Feb 2020 10:00:00 GMT"


def test_second_poll_gives_only_new_entries(site: FeedSite, feed_url: str) -> None:
    first = poll_feed(feed_url, FeedState())
    site.publish("Merrow")
    second = poll_feed(feed_url, first.state)
    assert _ids(second.items) == ["Merrow"]
    assert second.state.seen == ["Pellow", "Crane", "Merrow"]
    assert second.state.etag == '"v2"'


def test_a_poll_changes_no_state_until_committed(feed_url: str, tmp_path: Path) -> None:
    state = WatchState(tmp_path / "state.json")
    poll_feed(feed_url, state.feed(feed_url))
    assert _ids(poll_feed(feed_url, state.feed(feed_url)).items) == ["Pellow", "Crane"]


def test_state_survives_a_restart(site: FeedSite, feed_url: str, tmp_path: Path) -> None:
    path = tmp_path / "watch" / "state.json"
    state = WatchState.load(path)
    state.commit(poll_feed(feed_url, state.feed(feed_url)))
    restarted = WatchState.load(path)
    assert restarted.feed(feed_url).seen == ["Pellow", "Crane"]
    site.version += 1  # the validators change, the entries do not: a 200 with nothing new
    assert poll_feed(feed_url, restarted.feed(feed_url)).items == []
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary file left behind


def test_corrupt_state_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="delete it to start afresh"):
        WatchState.load(path)


def test_failing_feed_raises_fetch_error(site: FeedSite, feed_url: str) -> None:
    site.status = 503
    with pytest.raises(FetchError, match="HTTP 503"):
        poll_feed(feed_url, FeedState())


@pytest.mark.parametrize(("value", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400)])
def test_every_accepts_durations(value: str, seconds: float) -> None:
    assert watch_cli.parse_every(value) == seconds


@pytest.mark.parametrize("value", ["", "15", "0m", "15 minutes", "m15", "-5m"])
def test_every_refuses_other_text(value: str) -> None:
    with pytest.raises(typer.BadParameter):
        watch_cli.parse_every(value)


def test_watch_once_stores_new_entries_and_remembers(
    runner: CliRunner, site: FeedSite, feed_url: str, db_url: str, home: Path
) -> None:
    first = runner.invoke(app, ["watch", feed_url, "--once", "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "2 new entries; 2 stored" in first.output
    assert (home / "watch" / "state.json").exists()
    again = runner.invoke(app, ["watch", feed_url, "--once", "--db", db_url])
    assert "not modified" in again.output
    site.publish("Merrow")
    third = runner.invoke(app, ["watch", feed_url, "--once", "--db", db_url])
    assert "1 new entries; 1 stored" in third.output
    with Ledger(db_url) as ledger:
        assert ledger.counts()["articles"] == 3
        assert ledger.counts()["incidents"] >= 1


def test_a_failing_feed_does_not_stop_the_others(
    runner: CliRunner, site: FeedSite, feed_url: str, servers: Callable[[Respond], str], db_url: str, home: Path
) -> None:
    broken = FeedSite(guids=["Teller"], status=500)
    broken_url = servers(broken.respond) + "/feed.xml"
    result = runner.invoke(app, ["watch", broken_url, feed_url, "--once", "--db", db_url])
    assert result.exit_code == 1
    assert f"[E105] {broken_url}: HTTP 500" in result.output
    assert "2 new entries; 2 stored" in result.output
    broken.status = 200  # retried on the next round, and now it answers
    retried = runner.invoke(app, ["watch", broken_url, feed_url, "--once", "--db", db_url])
    assert retried.exit_code == 0, retried.output
    assert "1 new entries; 1 stored" in retried.output


def test_ctrl_c_stops_cleanly_between_rounds(
    runner: CliRunner, feed_url: str, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def interrupt(seconds: float) -> None:
        waits.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(watch_cli, "_sleep", interrupt)
    result = runner.invoke(app, ["watch", feed_url, "--every", "30s", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "stopped" in result.output
    assert 29 < waits[0] <= 30
    assert WatchState.load(home / "watch" / "state.json").feed(feed_url).seen == ["Pellow", "Crane"]


def test_watch_refuses_bad_usage(runner: CliRunner, home: Path) -> None:
    assert runner.invoke(app, ["watch", "feeds/wire.xml", "--once"]).exit_code == 2
    assert runner.invoke(app, ["watch", "http://127.0.0.1:9/feed", "--every", "soon"]).exit_code == 2
