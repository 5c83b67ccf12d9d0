"""Workers forked from a zygote start with the state it prepared once, and are watched by pid."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from icc_graph.pids import WatchedProcess
from icc_graph.runtime.zygote import Zygote


def prepare(marker: str) -> dict:
    """Costly set-up, done once: it appends a line to *marker* each time it runs."""
    with open(marker, "a", encoding="utf-8") as out:
        out.write("prepared\n")
    return {"answer": 42, "zygote": os.getpid()}


def echo(conn, state: dict) -> None:
    conn.send("ready")
    while (message := conn.recv()) is not None:
        conn.send((message, state["answer"], state["zygote"], os.getpid()))


@pytest.fixture
def zygote(tmp_path):
    marker = tmp_path / "marker"
    zygote = Zygote(prepare, (str(marker),), echo, name="test-zygote")
    assert zygote.wait_ready(30)
    yield zygote, marker
    zygote.close()


def test_forks_share_the_state_prepared_once(zygote):
    zygote, marker = zygote
    replies = []
    for _ in range(3):
        process, conn = zygote.fork()
        assert conn.recv() == "ready"
        conn.send("hello")
        replies.append((process.pid, conn.recv()))
        conn.send(None)
    assert Path(marker).read_text(encoding="utf-8") == "prepared\n"
    pids = {pid for pid, _ in replies}
    assert len(pids) == 3
    for pid, (message, answer, parent, own) in replies:
        assert (message, answer, parent, own) == ("hello", 42, zygote.process.pid, pid)


def test_a_killed_worker_is_gone_at_once_and_others_keep_working(zygote):
    zygote, _ = zygote
    first, first_conn = zygote.fork()
    second, second_conn = zygote.fork()
    assert first_conn.recv() == second_conn.recv() == "ready"
    first.kill()
    first.join(5)
    assert not first.is_alive()  # reaped by the kernel: no zombie left to look alive
    second_conn.send("still there?")
    assert second_conn.recv()[0] == "still there?"
    second_conn.send(None)
    second.join(5)
    assert not second.is_alive()


def test_fork_after_close_is_an_os_error(tmp_path):
    zygote = Zygote(prepare, (str(tmp_path / "marker"),), echo)
    assert zygote.wait_ready(30)
    zygote.close()
    assert not zygote.process.is_alive()
    with pytest.raises(OSError):
        zygote.fork()


def test_a_failing_preparation_is_not_ready(tmp_path):
    zygote = Zygote(prepare, (str(tmp_path / "no-such-dir" / "marker"),), echo)
    started = time.monotonic()
    assert zygote.wait_ready(30) is False
    assert time.monotonic() - started < 30
    zygote.close()


def test_forked_process_of_an_unknown_pid_is_not_alive():
    assert WatchedProcess(2**22 + 12345).is_alive() is False
