"""Per-client limits: how many SPARQL queries one client may run at the same time.

A client is the address the connection comes from (``request.remote_addr``). The count is kept
per server worker process, so with W gunicorn workers a client may run up to W times the limit
in total; the point is that no single client can take every query slot. One query past the limit
is answered at once with ``429 Too Many Requests`` and ``Retry-After``.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests


class ClientLimiter:
    """Counts the queries each client has running; refuses one more than *limit*."""

    def __init__(self, limit: int, retry_after: int):
        self.limit, self.retry_after = int(limit), int(retry_after)
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        with self._lock:
            if self._running[client] >= self.limit:
                raise TooManyRequests(
                    f"This client already has {self.limit} queries running, the most allowed at once. "
                    f"Wait for one to finish, then try again.", retry_after=self.retry_after)
            self._running[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]

    def running(self, client: str) -> int:
        with self._lock:
            return self._running[client]


def query_slot():
    """A context manager holding one query slot of the current client (429 when none is left)."""
    config = current_app.config
    limiter = current_app.extensions.get("icc_client_limiter")
    if limiter is None:  # one per application, made on first use (setdefault: one wins a race)
        limiter = current_app.extensions.setdefault(
            "icc_client_limiter", ClientLimiter(config["CLIENT_QUERIES"], config["RETRY_AFTER"]))
    return limiter.slot(request.remote_addr or "unknown")
