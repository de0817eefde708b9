"""Regenerate docs/screenshots/ from examples/ in the system Chromium (run by hand; needs `make assets`).

    .venv/bin/python scripts/screenshots.py

Ingests examples/ into a throw-away ledger, serves it on 127.0.0.1, and saves the incident
page with the most claimants (incident.png), the map (map.png), the weekly timeline
(timeline.png) and that incident as an analyst sees it, with a correction and a note in
its history (review.png). Nothing is fetched from the internet.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from typer.testing import CliRunner

from harmledger.cli import app as cli
from harmledger.ledger import Ledger, queries
from harmledger.ledger.users import Users
from harmledger.web.browser import CHROMIUM_ARGS, find_chromium, serving

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots only"  # noqa: S105  # a throw-away account in a temporary ledger
VIEWPORT = {"width": 1280, "height": 900}


def _ledger(folder: Path) -> tuple[str, str]:
    """examples/ ingested into ``folder``, an analyst added; returns the URL and the most-claimed incident's key."""
    url = f"sqlite:///{folder / 'ledger.db'}"
    command = ["ingest", str(ROOT / "examples"), "--db", url]
    done = CliRunner().invoke(cli, command, env={"HARMLEDGER_HOME": str(folder)})
    if done.exit_code != 0:
        raise SystemExit(done.output)
    with Ledger(url) as ledger:
        Users(ledger).add("analyst", PASSWORD, "analyst")
        with ledger.session() as session:
            rows = queries.incidents(session, queries.IncidentFilter())
            busiest = max(rows, key=lambda row: (len({link.claim.claimant for link in row.links}), len(row.links)))
            return url, busiest.key


def _review(page: Page, base: str, key: str) -> None:
    """Sign in, correct the perpetrator and write a note, so the history has something to show."""
    page.goto(f"{base}/login?next=/incidents/{key}")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button:has-text('Sign in')")
    page.wait_for_url(f"**/incidents/{key}")
    page.click("summary:has-text('Write a note')")
    page.fill("textarea[name=note]", "Checked against the outlets' archived pages: figures as quoted.")
    page.click("form:has(input[name=action][value=note]) button")
    page.wait_for_url(f"**/incidents/{key}")
    page.click("summary:has-text('Correct the figures')")


def main() -> int:
    executable = find_chromium()
    if executable is None:
        print("no Chromium on PATH: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url, key = _ledger(Path(folder))
        with serving(url) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{base}/incidents/{key}")
            page.screenshot(path=OUT / "incident.png", full_page=True)
            page.goto(f"{base}/map")
            page.wait_for_selector("#map[data-drawn]")
            page.locator("main").screenshot(path=OUT / "map.png")
            page.goto(f"{base}/timeline")
            page.locator("main").screenshot(path=OUT / "timeline.png")
            _review(page, base, key)
            page.locator("#review").scroll_into_view_if_needed()
            page.screenshot(path=OUT / "review.png", full_page=True)
            browser.close()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
