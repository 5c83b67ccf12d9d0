"""icc_graph.runtime.process_pool: persistent worker processes, each call limited in time.

The workers are real spawned processes running the functions below (module level, so that a
spawned process can import them).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from icc_graph import pids
from icc_graph.errors import QueryRefused, QueryTimeout, StoreUnavailable
from icc_graph.runtime.process_pool import (
    CallTimeout,
    PoolBusy,
    ProcessPool,
    StartFailed,
    WorkerDied,
    answer_messages,
    call,
)

NAME = "icc-test-pool"


# --- what the workers run -------------------------------------------------------------------------

def _answer(message):
    op, value = message
    if op == "sleep":
        time.sleep(value)
        return "slept"
    if op == "exit":
        os._exit(value)
    return value  # "echo"


def echo_worker(conn, tag: str = "first") -> None:
    answer_messages(conn, lambda message: (tag, os.getpid(), _answer(message)))


def slow_start_worker(conn, delay: float) -> None:
    time.sleep(delay)
    echo_worker(conn)


def broken_worker(conn) -> None:
    """Ends before it says ready."""


def mute_worker(conn) -> None:
    """Never says ready."""
    time.sleep(30)


def _spawn_new(tag: str):
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=echo_worker, args=(child, tag), daemon=True, name=NAME)
    process.start()
    child.close()
    return process, parent


# --- fixtures -------------------------------------------------------------------------------------

def _refills() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.endswith("(_refill)")]


def _our_processes() -> list:
    return [p for p in multiprocessing.active_children() if p.name == NAME]


@pytest.fixture
def make_pool():
    """Pools of real workers; afterwards every pool is closed and every worker of ours ended."""
    pools: list[ProcessPool] = []

    def make(target=echo_worker, size=1, timeout=0.5, boot_timeout=20.0, args=tuple) -> ProcessPool:
        pool = ProcessPool(target, NAME, size, timeout, boot_timeout, args=args)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()
    for thread in _refills():  # a successor being started as the test ended
        thread.join(30)
    for pool in pools:
        pool.close()
    for process in _our_processes():
        process.kill()
        process.join(5)


@pytest.fixture
def pool(make_pool) -> ProcessPool:
    return make_pool()


def _wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


# --- calls ----------------------------------------------------------------------------------------

def test_a_call_returns_the_workers_reply(pool):
    tag, pid, reply = pool.call(("echo", {"x": [1, 2]}))
    assert (tag, reply) == ("first", {"x": [1, 2]})
    assert pid != os.getpid() and pids.alive(pid)
    assert pool.call(("echo", "again"))[1] == pid  # the same worker answers the next call


def test_a_call_past_the_timeout_raises_call_timeout_and_the_next_call_works(pool):
    _, first, _ = pool.call(("echo", 0))
    started = time.monotonic()
    with pytest.raises(CallTimeout):
        pool.call(("sleep", 10))
    assert time.monotonic() - started < 3
    assert not pids.alive(first)  # killed at once, not left to finish its work
    _, second, reply = pool.call(("echo", "after"))
    assert reply == "after" and second != first


def test_a_worker_that_exits_raises_worker_died_and_the_next_call_works(pool):
    _, first, _ = pool.call(("echo", 0))
    with pytest.raises(WorkerDied):
        pool.call(("exit", 3))
    assert not pids.alive(first)
    _, second, reply = pool.call(("echo", "after"))
    assert reply == "after" and second != first


def test_a_worker_that_ends_before_ready_is_start_failed(make_pool):
    pool = make_pool(broken_worker)
    with pytest.raises(StartFailed):
        pool.call(("echo", 1))


def test_a_worker_that_never_says_ready_is_start_failed_after_the_boot_timeout(make_pool):
    pool = make_pool(mute_worker, boot_timeout=0.7)
    started = time.monotonic()
    with pytest.raises(StartFailed):
        pool.call(("echo", 1))
    assert time.monotonic() - started < 5
    assert _our_processes() == []  # the mute one was killed


def test_pool_busy_when_every_slot_is_taken(make_pool):
    # the only slot is held while its worker takes 2.5 s to start; the pool's timeout is 0.5 s
    pool = make_pool(slow_start_worker, size=1, timeout=0.5, args=lambda: (2.5,))
    results = []
    holder = threading.Thread(target=lambda: results.append(pool.call(("echo", "held"))))
    holder.start()
    time.sleep(0.3)
    started = time.monotonic()
    with pytest.raises(PoolBusy):
        pool.call(("echo", "waits"))
    assert 0.4 < time.monotonic() - started < 2
    with pytest.raises(QueryTimeout, match="busy"):
        call(pool, ("echo", "waits"), timed_out="slow", died="dead")
    holder.join(30)
    assert results and results[0][2] == "held"


# --- call(): the project's errors -----------------------------------------------------------------

def test_call_gives_the_reply(pool):
    assert call(pool, ("echo", 5), timed_out="slow", died="dead")[2] == 5


def test_call_maps_a_timeout_to_query_timeout_with_the_given_message(pool):
    with pytest.raises(QueryTimeout, match="^too slow$") as caught:
        call(pool, ("sleep", 10), timed_out="too slow", died="dead")
    assert isinstance(caught.value.__cause__, CallTimeout)


def test_call_maps_a_dead_worker_to_query_refused_with_the_given_message(pool):
    with pytest.raises(QueryRefused, match="^too complex$") as caught:
        call(pool, ("exit", 1), timed_out="slow", died="too complex")
    assert isinstance(caught.value.__cause__, WorkerDied)


def test_call_maps_start_failed_to_store_unavailable(make_pool):
    with pytest.raises(StoreUnavailable, match="could not be started") as caught:
        call(make_pool(broken_worker), ("echo", 1), timed_out="slow", died="dead")
    assert isinstance(caught.value.__cause__, StartFailed)


# --- renew and close ------------------------------------------------------------------------------

def test_renew_retires_the_idle_workers_and_starts_new_ones_the_new_way(make_pool):
    pool = make_pool(timeout=2.0, args=lambda: ("old",))
    tag, old_pid, _ = pool.call(("echo", 1))
    assert tag == "old"
    old_processes = pool.idle_processes()
    assert [p.pid for p in old_processes] == [old_pid]
    pool.renew(lambda: _spawn_new("new"))
    assert not any(p.is_alive() for p in old_processes)
    tag, new_pid, reply = pool.call(("echo", 2))
    assert (tag, reply) == ("new", 2) and new_pid != old_pid


def test_renew_retires_a_busy_worker_when_its_call_ends(make_pool):
    pool = make_pool(timeout=5.0, args=lambda: ("old",))
    pool.call(("echo", 0))
    results = []
    busy = threading.Thread(target=lambda: results.append(pool.call(("sleep", 0.8))))
    busy.start()
    time.sleep(0.2)
    pool.renew(lambda: _spawn_new("new"))
    busy.join(10)
    tag, old_pid, reply = results[0]
    assert (tag, reply) == ("old", "slept")  # the call it was in finished
    assert not pids.alive(old_pid)  # and then it was retired, not put back
    assert _wait_for(lambda: pool.call(("echo", 1))[0] == "new", timeout=10)


def test_close_ends_the_idle_workers(make_pool):
    pool = make_pool(size=2, timeout=2.0)
    pool.call(("echo", 1))
    assert _wait_for(lambda: len(pool.idle_processes()) == 2)  # the spare started on first use
    processes = pool.idle_processes()
    assert all(p.is_alive() for p in processes)
    pool.close()
    assert not any(p.is_alive() for p in processes)
    assert pool.idle_processes() == []


def test_close_right_after_a_timeout_leaves_no_worker_running(pool):
    pool.call(("echo", 1))
    with pytest.raises(CallTimeout):
        pool.call(("sleep", 10))
    pool.close()  # its successor is being started off the request path
    for thread in _refills():
        thread.join(30)
    assert _our_processes() == []
