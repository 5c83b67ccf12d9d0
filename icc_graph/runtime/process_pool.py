"""A few persistent worker processes, each call limited in time: the one mechanism behind
stoppable query checks (query_check.Checker) and stoppable queries (query_runner.QueryRunner).

A call sends one message to an idle worker and waits at most the pool's timeout. Past it, the
worker is killed (SIGKILL frees the CPU at once) and CallTimeout is raised; a worker that dies
during a call raises WorkerDied. Either way its successor is started off the request path. All
workers start on first use, so a stopped call finds a spare ready. Processes are spawned, never
forked: the server that owns the pool is threaded. :meth:`ProcessPool.renew` switches the pool to
another way of starting workers (e.g. forking them from a :class:`~icc_graph.runtime.zygote.Zygote`) and
retires the workers started the old way as they become idle.

A worker's target is ``target(conn, *args)``: it sends ``"ready"`` once, then answers each
message it receives, and returns on ``None`` (:func:`answer_messages` is that loop).
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import QueryRefused, QueryTimeout, StoreUnavailable


class PoolError(Exception):
    """Base of the pool's own failures; :func:`call` turns them into the project's errors."""


class PoolBusy(PoolError):
    """No worker became free within the timeout."""


class CallTimeout(PoolError):
    """The call ran past the timeout; its worker was killed."""


class WorkerDied(PoolError):
    """The worker died during the call."""


class StartFailed(PoolError):
    """A new worker did not say it was ready in time."""


@dataclass
class Worker:
    process: object  # a multiprocessing Process, or anything with is_alive(), kill() and join()
    conn: object  # multiprocessing Connection
    generation: int = 0  # which launcher started it (see ProcessPool.renew)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class ProcessPool:
    def __init__(self, target: Callable, name: str, size: int, timeout: float, boot_timeout: float = 60.0,
                 args: Callable[[], tuple] = tuple):
        self.target, self.name, self.size = target, name, max(1, int(size))
        self.timeout, self.boot_timeout = float(timeout), float(boot_timeout)
        self.args = args  # called at each start: what a new worker is given (e.g. the store to open)
        self._context = multiprocessing.get_context("spawn")
        self._launch: Callable[[], tuple] = self._spawn_process
        self._generation = 0
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._closed = False
        self._closing = threading.Lock()  # a worker is put back, or the pool closed, never both at once
        self._warm = threading.Event()

    def call(self, message):
        """Send *message* to a worker and return its reply, within the timeout."""
        if not self._slots.acquire(timeout=self.timeout):
            raise PoolBusy()
        try:
            worker = self._take()
            try:
                worker.conn.send(message)
                if not worker.conn.poll(self.timeout):
                    self._replace(worker)
                    raise CallTimeout()
                reply = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self._replace(worker)
                raise WorkerDied() from exc
            self._put_back(worker)
            return reply
        finally:
            self._slots.release()

    def renew(self, launch: Callable[[], tuple]) -> None:
        """Start workers with *launch* (returning a process and the connection to it) from now on;
        the idle workers started before are replaced at once, the busy ones when their call ends."""
        self._launch = launch
        self._generation += 1
        while True:
            try:
                old = self._idle.get_nowait()
            except queue.Empty:
                break
            self._replace(old)

    def idle_processes(self) -> list:
        """The processes of the idle workers (for tests and diagnostics)."""
        return [worker.process for worker in list(self._idle.queue)]

    def close(self) -> None:
        with self._closing:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.kill()

    def _take(self) -> Worker:
        if not self._warm.is_set():  # start the others now, so a stopped call finds a spare ready
            self._warm.set()
            for _ in range(self.size - 1):
                threading.Thread(target=self._refill, daemon=True).start()
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._spawn()

    def _spawn(self) -> Worker:
        generation = self._generation
        try:
            process, parent = self._launch()
        except OSError as exc:
            raise StartFailed() from exc
        worker = Worker(process, parent, generation)
        try:
            ready = parent.poll(self.boot_timeout) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.kill()
            raise StartFailed()
        return worker

    def _spawn_process(self) -> tuple:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=self.target, args=(child, *self.args()), daemon=True,
                                        name=self.name)
        process.start()
        child.close()
        return process, parent

    def _put_back(self, worker: Worker) -> None:
        with self._closing:
            if not self._closed and worker.generation == self._generation:
                self._idle.put(worker)
                return
        if self._closed:
            worker.kill()  # started while the pool closed (a successor after a timeout)
        else:
            self._replace(worker)  # started the old way: retire it

    def _replace(self, worker: Worker) -> None:
        """Kill *worker* now; start its successor off the request path."""
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._refill, daemon=True).start()

    def _refill(self) -> None:
        try:
            self._put_back(self._spawn())
        except StartFailed:
            pass  # the next call starts one itself


def answer_messages(conn, answer: Callable) -> None:
    """Inside a worker: say ready, then send ``answer(message)`` for each message until ``None``
    or until the parent is gone."""
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:  # the pool is closing
            return
        conn.send(answer(message))


def call(pool: ProcessPool, message, *, timed_out: str, died: str):
    """``pool.call(message)``, its failures as the project's errors: no free worker in time and a
    call past the time limit are timeouts (503, *timed_out* says which), a worker that died on the
    message refuses it (*died* says why), a worker that cannot start leaves the store unavailable."""
    try:
        return pool.call(message)
    except PoolBusy as exc:
        raise QueryTimeout(f"The server is busy: no query slot became free within {pool.timeout:g} s.") from exc
    except CallTimeout as exc:
        raise QueryTimeout(timed_out) from exc
    except WorkerDied as exc:
        raise QueryRefused(died) from exc
    except StartFailed as exc:
        raise StoreUnavailable("A query process could not be started. Try again shortly.") from exc
