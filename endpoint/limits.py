"""Per-client limits: how many SPARQL queries one client may run at the same time, and how many
submissions (``POST /submit``) it may send in a window of time (:class:`WindowLimiter`).

A client is the address the connection comes from (``request.remote_addr``). One query past the
limit is answered at once with ``429 Too Many Requests`` and ``Retry-After``.

The count is shared by the server's worker processes: a running query holds an exclusive
``flock`` on one of the client's *limit* slot files in a directory of the server
(``CLIENT_SLOTS_DIR``, made by ``icc-graph serve``). The kernel drops the lock when the query ends
or its process dies, so a crashed worker never leaves a slot taken. Clients are hashed into
:data:`BUCKETS` buckets, which bounds the number of files; two clients that share a bucket share a
limit (rare, and only ever stricter). An application without that setting (tests, a bare
``create_app``) gets a private directory: the count is then its own.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

BUCKETS = 4096


class ClientLimiter:
    """Lets each client hold at most *limit* query slots at once, across processes."""

    def __init__(self, limit: int, retry_after: int, directory: str | os.PathLike | None = None):
        self.limit, self.retry_after = int(limit), int(retry_after)
        if directory is None:  # a private one, removed with this limiter
            directory = tempfile.mkdtemp(prefix="icc-client-slots-")
            weakref.finalize(self, shutil.rmtree, directory, True)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        held = self._take(client)
        if held is None:
            raise TooManyRequests(
                f"This client already has {self.limit} queries running, the most allowed at once. "
                f"Wait for one to finish, then try again.", retry_after=self.retry_after)
        try:
            yield
        finally:
            os.close(held)  # closing the file releases its lock

    def _take(self, client: str) -> int | None:
        """An open descriptor holding one free slot of *client*, or None if all are taken."""
        for path in self._slot_files(client):
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            return descriptor
        return None

    def _slot_files(self, client: str) -> list[Path]:
        return [self.directory / f"{bucket(client):03x}-{k}" for k in range(self.limit)]


def bucket(client: str) -> int:
    """The bucket of *client*: bounds the files a limiter keeps, whoever calls."""
    return int.from_bytes(hashlib.sha256(client.encode()).digest()[:4], "big") % BUCKETS


class WindowLimiter:
    """Lets each client make at most *limit* requests in each window of *window* seconds, counted
    across processes: the bucket's file holds "window count", read and rewritten under ``flock``."""

    def __init__(self, limit: int, window: int, directory: str | os.PathLike):
        self.limit, self.window = int(limit), max(1, int(window))
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def take(self, client: str, what: str = "requests") -> None:
        """Count one request of *client*; 429 with Retry-After when its window is full."""
        now = time.time()
        window = int(now // self.window)
        descriptor = os.open(self.directory / f"{bucket(client):03x}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            stored = os.read(descriptor, 64).decode("ascii", "replace").split()
            count = int(stored[1]) if len(stored) == 2 and stored[0] == str(window) and stored[1].isdigit() else 0
            if count >= self.limit:
                wait = int((window + 1) * self.window - now) + 1
                raise TooManyRequests(f"This client already sent {self.limit} {what} in {self.window} s, the most "
                                      f"allowed. Try again in {wait} s.", retry_after=wait)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{window} {count + 1}".encode("ascii"))
        finally:
            os.close(descriptor)  # closing the file releases its lock


def query_slot():
    """A context manager holding one query slot of the current client (429 when none is left)."""
    config = current_app.config
    limiter = current_app.extensions.get("icc_client_limiter")
    if limiter is None:  # one per application, made on first use (setdefault: one wins a race)
        limiter = current_app.extensions.setdefault("icc_client_limiter", ClientLimiter(
            config["CLIENT_QUERIES"], config["RETRY_AFTER"], config.get("CLIENT_SLOTS_DIR")))
    return limiter.slot(request.remote_addr or "unknown")
