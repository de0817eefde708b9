"""Sign-in attempts, rate-limited: a password cannot be guessed at machine speed.

After five failed attempts for one user name from one address within five minutes,
further attempts are refused (E607, HTTP 429) until the oldest failure leaves the
window; a successful sign-in clears the count. The count lives in the server process:
it resets on restart, which is acceptable for a deterrent that sits in front of argon2.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from fastapi import Request

from harmledger.errors import HarmledgerError
from harmledger.ledger import Ledger
from harmledger.ledger.users import User, Users


class TooManyAttemptsError(HarmledgerError):
    code = "E607"
    status = 429


@dataclass
class LoginThrottle:
    limit: int = 5
    window: float = 300.0
    _failures: dict[tuple[str, str], deque[float]] = field(default_factory=dict)

    def check(self, key: tuple[str, str], now: float) -> None:
        failures = self._failures.get(key)
        while failures and now - failures[0] > self.window:
            failures.popleft()
        if failures is not None and len(failures) >= self.limit:
            wait = int(self.window - (now - failures[0])) + 1
            raise TooManyAttemptsError(f"too many failed sign-ins for this user; try again in {wait} s")

    def record(self, key: tuple[str, str], now: float, *, succeeded: bool) -> None:
        if succeeded:
            self._failures.pop(key, None)
        else:
            self._failures.setdefault(key, deque()).append(now)


def authenticate(request: Request, ledger: Ledger, username: str, password: str) -> User | None:
    """The user if the password is theirs; raises TooManyAttemptsError while this name is locked out here."""
    throttle: LoginThrottle = request.app.state.login_throttle
    key = (request.client.host if request.client else "unknown", username.strip().lower())
    now = time.monotonic()
    throttle.check(key, now)
    user = Users(ledger).authenticate(username, password)
    throttle.record(key, now, succeeded=user is not None)
    return user
