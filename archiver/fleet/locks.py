"""What the fleet holds in Redis: a site's lock and each host's next turn.

The site lock is redis-py's ``Lock`` (SET NX PX with a token, released and renewed only by
its holder): the worker renews it while its crawl runs, so a crawl may last any time, yet
the lock of a worker that died ends ``ttl`` seconds after its last renewal.

A host's turn is one key holding the earliest time (Redis's clock, so machines' clocks do
not matter) of the next request to that host; a Lua script takes the turn and moves it on
by the delay atomically, so across all processes two requests to one host are never sent
closer than the delay.
"""

from __future__ import annotations

import redis
from redis.exceptions import LockError

PREFIX = "archiver:fleet"
RUNNING = f"{PREFIX}:running"  # hash: site key -> JSON of the job running it

# KEYS[1] the host's key; ARGV[1] the delay in microseconds. Returns 0 when the caller has
# the turn (and the next one is now + delay), else the microseconds to wait for it.
_TAKE_TURN = """
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000000 + tonumber(now[2])
local next_turn = tonumber(redis.call('GET', KEYS[1]) or '0')
if t >= next_turn then
  local delay = tonumber(ARGV[1])
  redis.call('SET', KEYS[1], string.format('%.0f', t + delay), 'PX',
             math.max(1000, math.ceil(delay / 1000) * 2))
  return 0
end
return next_turn - t
"""


def client(url: str) -> redis.Redis:
    # Timeouts: a broker that went away must fail a call, not hang a crawl.
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5,
                                health_check_interval=30)


def site_lock_name(key: str) -> str:
    return f"{PREFIX}:site:{key}"


class SiteLock:
    """One site's lock: at most one holder across the fleet."""

    def __init__(self, connection: redis.Redis, key: str, ttl: int) -> None:
        # thread_local=False: the renewing thread is not the one that acquired it.
        self._lock = connection.lock(site_lock_name(key), timeout=ttl, blocking=False,
                                     thread_local=False)

    def acquire(self) -> bool:
        return bool(self._lock.acquire(blocking=False))

    def renew(self) -> bool:
        """Push the expiry back to ``ttl`` from now; False when the lock is no longer ours."""
        try:
            self._lock.reacquire()
        except LockError:
            return False
        return True

    def release(self) -> None:
        try:
            self._lock.release()
        except LockError:
            pass  # expired, or Redis restarted without it: nothing left to release


class HostTurns:
    """Fleet-wide politeness: take a host's turn before each request to it."""

    def __init__(self, connection: redis.Redis, delay_ms: int) -> None:
        self._script = connection.register_script(_TAKE_TURN)
        self.delay_us = delay_ms * 1000

    def take(self, host: str) -> float:
        """0 when the request may go now (the turn is taken), else seconds to wait."""
        wait = int(self._script(keys=[f"{PREFIX}:host:{host}"], args=[self.delay_us]))
        return wait / 1_000_000
