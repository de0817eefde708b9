"""A fresh copy of the examples ledger per test, with an analyst and a viewer, and clients signed in as each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from harmledger.api import create_app
from harmledger.ledger import Ledger
from harmledger.ledger.users import Users

PASSWORD = "correct horse battery"


@pytest.fixture
def review_db(examples_db: str, tmp_path: Path) -> str:
    """examples/ ingested (once per run), copied so that decisions never leak between tests."""
    copy = tmp_path / "review.db"
    shutil.copy(examples_db.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    with Ledger(url) as ledger:
        users = Users(ledger)
        users.add("ana", PASSWORD, "analyst")
        users.add("vic", PASSWORD, "viewer")
    return url


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, name: str) -> str:
    """Sign ``name`` in through the login form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


@pytest.fixture
def analyst(review_db: str) -> tuple[TestClient, str]:
    client = TestClient(create_app(review_db))
    return client, sign_in(client, "ana")


@pytest.fixture
def viewer(review_db: str) -> tuple[TestClient, str]:
    client = TestClient(create_app(review_db))
    return client, sign_in(client, "vic")
