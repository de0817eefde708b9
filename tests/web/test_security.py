"""Report text is untrusted: it is escaped on every page, and the browser is told to run only our own scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from harmledger.api.headers import content_security_policy

from .conftest import client_with_report

HOSTILE = """## <script>alert('title')</script> Strike on Hajin

16 November 2018

On Thursday an airstrike killed 12 civilians in the town of Hajin, SANA reported.
<img src=x onerror=alert(1)> The agency's <script>document.cookie</script> report was quoted widely.
"""


@pytest.fixture
def hostile_client(tmp_path: Path, db_url: str) -> TestClient:
    return client_with_report(tmp_path, db_url, HOSTILE)


def test_hostile_markup_in_a_report_is_escaped_on_every_page(hostile_client: TestClient) -> None:
    incident = hostile_client.get("/api/v1/incidents").json()["incidents"][0]["id"]
    claims = hostile_client.get(f"/api/v1/incidents/{incident}").json()["incident"]["claims"]
    pages = ["/", "/map", "/timeline", f"/incidents/{incident}", f"/articles/{claims[0]['article']['id']}"]
    for path in pages:
        page = hostile_client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<script>document.cookie" not in page.text, path
        assert "<img src=x onerror" not in page.text, path
    article = hostile_client.get(pages[-1]).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in article


def test_every_page_carries_a_content_security_policy(hostile_client: TestClient) -> None:
    for path in ("/", "/map", "/api/v1/incidents", "/nothing-here"):
        headers = hostile_client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "'unsafe-inline'" not in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"


def test_only_swagger_ui_may_run_its_inline_start_script() -> None:
    assert "script-src 'self' 'unsafe-inline'" in content_security_policy("/docs")


def test_a_configured_tile_server_is_the_one_foreign_image_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARMLEDGER_TILE_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tiles.example.org" in content_security_policy("/map")
