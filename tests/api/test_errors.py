"""One error shape, pinned: every API error is exactly {"ok": false, "status", "error", "code"}."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

SHAPE = {"ok", "status", "error", "code"}


@pytest.mark.parametrize(
    ("url", "status", "code", "words"),
    [
        ("/api/v1/incidents/nope", 404, "E601", "no incident 'nope'"),
        ("/api/v1/articles/999999", 404, "E601", "no article 999999"),
        ("/api/v1/nothing-here", 404, "HTTP404", "Not Found"),
        ("/api/v1/incidents?date_from=16/11/2018", 400, "E602", "write it as YYYY-MM-DD"),
        ("/api/v1/incidents?date_from=2018-12-01&date_to=2018-01-01", 400, "E602", "swap them"),
        ("/api/v1/incidents?min_killed=many", 400, "E602", "whole number"),
        ("/api/v1/incidents?cursor=not-a-cursor", 400, "E602", "start again without it"),
        ("/api/v1/incidents?limit=0", 422, "HTTP422", "limit: Input should be greater than or equal to 1"),
        ("/api/v1/timeseries?interval=year", 422, "HTTP422", "interval:"),
        ("/api/v1/exports/incidents.xml", 422, "HTTP422", "fmt:"),
        ("/api/v1/articles/abc", 422, "HTTP422", "article_id:"),
    ],
)
def test_api_errors_have_one_shape(client: TestClient, url: str, status: int, code: str, words: str) -> None:
    response = client.get(url)
    body = response.json()
    assert response.status_code == status
    assert set(body) == SHAPE
    assert body["ok"] is False
    assert body["status"] == status
    assert body["code"] == code
    assert words in body["error"]


def test_method_not_allowed_has_the_shape(client: TestClient) -> None:
    response = client.post("/api/v1/incidents")
    assert response.status_code == 405
    assert response.json() == {"ok": False, "status": 405, "error": "Method Not Allowed", "code": "HTTP405"}


def test_pages_render_the_same_message_as_html(client: TestClient) -> None:
    page = client.get("/incidents/nope")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no incident &#39;nope&#39;" in page.text
    bad = client.get("/map?date_from=yesterday")
    assert bad.status_code == 400
    assert "write it as YYYY-MM-DD" in bad.text
