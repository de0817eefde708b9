"""Accounts for the review workbench: a name, a role and an argon2 hash of the password.

Roles widen in order: a **viewer** reads, an **analyst** also records decisions, an
**admin** also manages accounts (from the CLI). Passwords are never stored, only their
argon2id hashes (argon2-cffi's defaults), re-hashed on login when those defaults change.
Adding and removing accounts is written to the audit log like every other change.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from harmledger.errors import HarmledgerError
from harmledger.ledger.store import Ledger
from harmledger.ledger.tables import AuditRow, UserRow

logger = logging.getLogger(__name__)

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD = 8
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password anyone has")  # verified for unknown names, so timing tells nothing


class UserError(HarmledgerError):
    """An account that cannot be added, found or removed; the message says what to do."""

    code = "E503"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    created_at: datetime
    fingerprint: str  # changes with the password: sessions signed before a change stop working

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or wider."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _user(row: UserRow) -> User:
    stamp = hashlib.sha256(row.password_hash.encode()).hexdigest()[:16]
    return User(row.username, row.role, row.created_at, stamp)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise UserError(f"{name!r} cannot be a user name: use 1 to 100 characters without spaces")
    return name


class Users:
    """The accounts stored in ``ledger``."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def add(self, name: str, password: str, role: str, *, actor: str = "cli") -> User:
        name = _check_name(name)
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password is too short: use at least {MIN_PASSWORD} characters")
        with self.ledger.writing() as session:
            if session.scalar(select(UserRow).where(UserRow.username == name)) is not None:
                raise UserError(f"user {name!r} exists: remove it first with `harmledger user remove {name}`")
            row = UserRow(username=name, password_hash=_hasher.hash(password), role=role)
            session.add(row)
            session.add(_audit(actor, "user:add", name, None, {"role": role}))
            session.flush()
            return _user(row)

    def remove(self, name: str, *, actor: str = "cli") -> None:
        with self.ledger.writing() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == name))
            if row is None:
                raise UserError(f"no user {name!r}: list them with `harmledger user list`")
            session.add(_audit(actor, "user:remove", name, {"role": row.role}, None))
            session.delete(row)

    def list(self) -> list[User]:
        with self.ledger.session() as session:
            return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]

    def get(self, name: str) -> User | None:
        with self.ledger.session() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == name))
            return _user(row) if row is not None else None

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (the same work either way)."""
        with self.ledger.writing() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == name.strip()))
            try:
                _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None:
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            return _user(row)


def _audit(
    actor: str, action: str, name: str, before: dict[str, object] | None, after: dict[str, object] | None
) -> AuditRow:
    return AuditRow(actor=actor, action=action, entity="user", entity_key=name, before=before, after=after)


__all__ = ["MIN_PASSWORD", "ROLES", "User", "UserError", "Users"]
