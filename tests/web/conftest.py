"""The web pages use the same two ledgers as the API tests, plus ledgers holding one report a test writes."""

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from harmledger.api import create_app
from harmledger.cli import app as cli
from tests.api.conftest import client, examples_client, examples_db, small_db

__all__ = ["client", "client_with_report", "examples_client", "examples_db", "small_db"]


def client_with_report(tmp_path: Path, db_url: str, report: str) -> TestClient:
    """A client over a new ledger into which ``report`` was ingested through the CLI."""
    path = tmp_path / "report.txt"
    path.write_text(report, encoding="utf-8")
    CliRunner().invoke(cli, ["ingest", str(path), "--db", db_url])
    return TestClient(create_app(db_url))
