"""The allocator setting: which processes get mimalloc (icc_graph/allocator.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from icc_graph.runtime import allocator

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="LD_PRELOAD is Linux's")


def test_the_wheel_provides_the_library():
    path = allocator.library()
    assert path is not None and os.path.isfile(path) and "libmimalloc.so." in os.path.basename(path)


def test_preload_names_it_for_the_processes_started_later():
    env = {}
    assert allocator.preload(env) == allocator.library() == env["LD_PRELOAD"]
    assert env["MIMALLOC_ARENA_EAGER_COMMIT"] == "0"  # memory committed on demand
    # a process started with that environment runs with mimalloc and Oxigraph works in it
    script = ("import pyoxigraph; s = pyoxigraph.Store(); s.bulk_load(b'<x:a> <x:b> <x:c> .', "
              "format=pyoxigraph.RdfFormat.N_TRIPLES); print(len(s)); print(open('/proc/self/maps').read())")
    out = subprocess.run([sys.executable, "-c", script], env={**os.environ, **env}, capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("1\n") and "libmimalloc" in out


@pytest.mark.parametrize("env", [{"ICC_ALLOCATOR": "system"}, {"LD_PRELOAD": "/usr/lib/libother.so"}])
def test_turned_off_or_left_to_the_caller(env):
    before = dict(env)
    assert allocator.preload(env) is None and env == before
