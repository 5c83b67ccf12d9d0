"""Workers forked from a prepared parent (a "zygote"), so each starts with costly state at no cost.

A query worker that should answer from memory needs the store copied into memory: tens of
seconds of CPU and a gigabyte at 100k practices. Made once in a zygote, the copy is shared by
every worker forked from it (copy-on-write pages), and a worker killed after a timeout is
replaced in milliseconds instead of copying the store again. (Oxigraph's in-memory store writes
to the pages it reads, so a busy worker gradually gets its own copy of them: the CPU is saved,
the memory only while a worker is idle.)

The zygote is spawned, never forked from the threaded server. It prepares the state in its only
thread, says ``"ready"``, then forks on request. Each fork gets one end of a fresh socket pair;
the other end goes back to the requester (SCM_RIGHTS), which then talks to the worker directly.
The zygote ignores SIGCHLD, so the kernel reaps the workers it forked; the requester watches
them by pid (:class:`~icc_graph.pids.WatchedProcess`). Closing the requester's connection ends the zygote.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle

from ..pids import WatchedProcess


class Zygote:
    """A spawned process that runs ``prepare(*args)`` once, then forks ``target(conn, state)``."""

    def __init__(self, prepare: Callable, args: tuple, target: Callable, name: str = "icc-zygote"):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()  # duplex, so a socket pair: it can carry descriptors
        self.process = context.Process(target=_zygote_main, args=(child, prepare, args, target),
                                       daemon=True, name=name)
        self.process.start()
        child.close()
        self._lock = threading.Lock()

    def wait_ready(self, timeout: float) -> bool:
        """True once the state is prepared; False if the zygote failed or took too long."""
        try:
            return bool(self._conn.poll(timeout)) and self._conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def fork(self) -> tuple[WatchedProcess, Connection]:
        """A new worker and the connection to it. OSError if the zygote is gone."""
        with self._lock:
            try:
                self._conn.send("fork")
                handle = recv_handle(self._conn)
                pid = self._conn.recv()
            except EOFError as exc:
                raise OSError("the zygote has stopped") from exc
        return WatchedProcess(pid), Connection(handle)

    def close(self) -> None:
        try:
            self._conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self._conn.close()


def _zygote_main(conn, prepare: Callable, args: tuple, target: Callable) -> None:
    state = prepare(*args)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the worker: only this thread exists here, and only the state is used
            try:
                conn.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                target(Connection(theirs.detach()), state)
            finally:
                os._exit(0)
        theirs.close()
        send_handle(conn, ours.fileno(), pid)
        ours.close()
        conn.send(pid)
