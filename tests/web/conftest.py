"""The web pages use the same two ledgers as the API tests."""

from tests.api.conftest import client, examples_client, examples_db, small_db

__all__ = ["client", "examples_client", "examples_db", "small_db"]
