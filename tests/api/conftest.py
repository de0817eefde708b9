"""Clients over two ledgers: one written row by row (exact figures), one filled from examples/ (real text)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.cli import app as cli

from ..conftest import EXAMPLES
from .ledger_fixture import fill


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('small') / 'ledger.db'}"
    fill(url)
    return url


@pytest.fixture
def client(small_db: str) -> TestClient:
    return TestClient(create_app(small_db))


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """examples/ ingested once per run, with a private HARMLEDGER_HOME."""
    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'ledger.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARMLEDGER_HOME", str(tmp_path_factory.mktemp("home")))
        result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", url])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def examples_client(examples_db: str) -> TestClient:
    return TestClient(create_app(examples_db))
