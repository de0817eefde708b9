"""Stage 5, ledger: storage, migrations and audit. The only stage that touches the database."""

from harmledger.ledger.db import DEFAULT_URL, default_url
from harmledger.ledger.rows import row_to_claim
from harmledger.ledger.store import Ledger

__all__ = ["DEFAULT_URL", "Ledger", "default_url", "row_to_claim"]
