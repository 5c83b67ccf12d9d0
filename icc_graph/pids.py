"""Process ids: whether one names a running process (how leftovers of a killed build or load are
told from the work of a process still running), and processes watched through a pidfd."""
from __future__ import annotations

import os
import select
import signal
import time
import weakref


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


class WatchedProcess:
    """A process watched through a pidfd (Linux), which keeps naming that process after it ends:
    its pid, reused by another process, is never signalled. Used for processes that are not
    ``subprocess``'s to wait for (forked by a zygote, or reaped by gunicorn's arbiter).
    Without pidfds, the pid is used as it is."""

    def __init__(self, pid: int):
        self.pid = pid
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):  # no pidfds here, or the process has already ended
            self._pidfd = None
        else:
            weakref.finalize(self, os.close, self._pidfd)

    def is_alive(self) -> bool:
        if self._pidfd is not None:  # readable once the process has ended
            return not select.select([self._pidfd], [], [], 0)[0]
        return alive(self.pid)

    def kill(self) -> None:
        try:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            elif self.is_alive():
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # already gone

    def join(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)

    def end(self, timeout: float = 10.0) -> None:
        """Kill a child of ours, wait for it to go and collect its exit status."""
        self.kill()
        self.join(timeout)
        self.reap()

    def reap(self) -> None:
        """Collect the exit status of an ended child of ours (nothing if someone else did)."""
        try:
            if self._pidfd is not None:
                os.waitid(os.P_PIDFD, self._pidfd, os.WEXITED | os.WNOHANG)
            else:
                os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            pass  # not ours, or already collected
