"""Real headless Chromium over a real server: the system's browser driven by Playwright, nothing downloaded.

A missing Chromium skips these tests on a workstation and fails them in CI (``CI=true``), where
``.ci/run`` installs Debian's ``chromium``. Every page a test opens records the console errors,
uncaught exceptions and dialogs it raised, so a test can assert that report text ran no script.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Response, sync_playwright
from typer.testing import CliRunner

from harmledger.cli import app as cli
from harmledger.ledger import Ledger
from harmledger.ledger.users import Users
from harmledger.web.browser import CHROMIUM_ARGS, find_chromium, serving

PASSWORD = "correct horse battery"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    if IN_CI:
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        unavailable("no Chromium on PATH (apt-get install chromium, or set $CHROMIUM)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and what it raised: console errors, uncaught exceptions, failed requests, dialogs (alert, confirm…)."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    seen = Watched(page)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    def failed(answer: Response) -> None:
        if answer.status >= 400:
            seen.errors.append(f"{answer.status} {answer.url}")

    def dismiss(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("response", failed)
    page.on("dialog", dismiss)
    yield seen
    context.close()


def ingest(paths: list[Path], url: str, home: Path) -> None:
    """Ingest ``paths`` through the CLI, as a user would, into the ledger at ``url``."""
    done = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", url], env={"HARMLEDGER_HOME": str(home)})
    assert done.exit_code == 0, done.output


@pytest.fixture(scope="session")
def seeds_ledger(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two founding reports ingested once, with an analyst 'ana'; tests serve copies of it."""
    folder = tmp_path_factory.mktemp("seeds-ledger")
    path = folder / "ledger.db"
    ingest(sorted(seeds_dir.glob("*.txt")), f"sqlite:///{path}", folder)
    with Ledger(f"sqlite:///{path}") as ledger:
        Users(ledger).add("ana", PASSWORD, "analyst")
    return path


@pytest.fixture
def seeds_site(seeds_ledger: Path, tmp_path: Path) -> Iterator[str]:
    """A server over a fresh copy of the seeds ledger (decisions never leak between tests); yields its URL."""
    copy = tmp_path / "seeds.db"
    shutil.copy(seeds_ledger, copy)
    with serving(f"sqlite:///{copy}") as base:
        yield base
