"""Failed-login throttling (R19): per account and per client address, in memory.

After 5 failed logins for one account, or 20 from one address, within 15 minutes,
every further try for it is refused for 15 minutes. The account key is whatever
was typed (e-mail or login, case-blind), known or not, so the throttle itself
never tells whether an account exists. A try counts from the moment it starts
(``begin``), not when its password check ends: tries sent all at once cannot
outrun the count. State lives in this process: one portal server process per
firm (the README says so); a restart forgets it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW = 15 * 60.0
LOCKOUT = 15 * 60.0
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
BUSY_WAIT = 60.0  # refused while as many tries as could reach a limit are being checked
_MAX_KEYS = 100_000  # a flood of made-up names must not grow memory without end


@dataclass
class _Counter:
    limit: int
    failures: dict[str, deque[float]] = field(default_factory=dict)
    locked_until: dict[str, float] = field(default_factory=dict)
    checking: dict[str, int] = field(default_factory=dict)  # tries whose password is being checked

    def full(self, key: str, now: float) -> bool:
        """Whether the tries being checked could bring the failures to the limit."""
        recent = sum(1 for at in self.failures.get(key, ()) if at > now - WINDOW)
        return recent + self.checking.get(key, 0) >= self.limit

    def start(self, key: str) -> None:
        self.checking[key] = self.checking.get(key, 0) + 1

    def stop(self, key: str) -> None:
        left = self.checking.get(key, 0) - 1
        if left > 0:
            self.checking[key] = left
        else:
            self.checking.pop(key, None)

    def locked(self, key: str, now: float) -> float:
        until = self.locked_until.get(key, 0.0)
        if until <= now:
            self.locked_until.pop(key, None)
            return 0.0
        return until - now

    def fail(self, key: str, now: float) -> None:
        if len(self.failures) >= _MAX_KEYS:
            self.prune(now)
        recent = self.failures.setdefault(key, deque())
        recent.append(now)
        while recent and recent[0] <= now - WINDOW:
            recent.popleft()
        if len(recent) >= self.limit:
            self.locked_until[key] = now + LOCKOUT
            recent.clear()

    def prune(self, now: float) -> None:
        for key in [key for key, recent in self.failures.items() if not recent or recent[-1] <= now - WINDOW]:
            del self.failures[key]
        if len(self.failures) >= _MAX_KEYS:
            self.failures.clear()


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.accounts = _Counter(ACCOUNT_LIMIT)
        self.addresses = _Counter(ADDRESS_LIMIT)

    def wait_seconds(self, account: str, address: str) -> float:
        """How long tries for ``account`` or from ``address`` are still refused (0: not refused)."""
        now = self.clock()
        return max(self.accounts.locked(_key(account), now), self.addresses.locked(address, now))

    def begin(self, account: str, address: str) -> float:
        """Start a try: how long it is refused (0: go on, and call ``end`` once its password is checked).

        While as many tries are being checked as could reach the limit, more are refused for a
        minute: those end within a second, and if they fail, the next try meets the lock."""
        now = self.clock()
        wait = self.wait_seconds(account, address)
        if wait:
            return wait
        if self.accounts.full(_key(account), now) or self.addresses.full(address, now):
            return BUSY_WAIT
        self.accounts.start(_key(account))
        self.addresses.start(address)
        return 0.0

    def end(self, account: str, address: str, *, succeeded: bool) -> None:
        self.accounts.stop(_key(account))
        self.addresses.stop(address)
        if succeeded:
            self.succeeded(account)
        else:
            self.failed(account, address)

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        self.accounts.fail(_key(account), now)
        self.addresses.fail(address, now)

    def succeeded(self, account: str) -> None:
        self.accounts.failures.pop(_key(account), None)


def _key(account: str) -> str:
    return account.strip().casefold()[:254]
