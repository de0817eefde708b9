"""Alembic environment: runs migrations on the connection harmledger hands it.

harmledger runs migrations itself (``ledger.db.migrate``) so that users never call
alembic by hand; this file also lets developers run ``alembic revision --autogenerate``
with ``-x url=sqlite:///dev.db``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from harmledger.ledger.tables import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///harmledger.db")
    with create_engine(url).connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
