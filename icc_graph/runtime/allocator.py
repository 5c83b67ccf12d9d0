"""mimalloc for the processes that run Oxigraph.

Oxigraph (Rust, over RocksDB in C++) allocates and frees at a high rate, and in a Python extension
module it gets the C library's ``malloc``, which costs it a good part of its time: measured on the
benchmark machine (benchmarks/README.md), with mimalloc the bulk load of 100k practices takes
8.4-8.6 s instead of 12.3-13.7 s, and the mix's queries 9-17% less time. The ``cmeel-mimalloc``
wheel (a dependency on Linux) carries the library.

An allocator can only be swapped in a process that starts with it (``LD_PRELOAD``). So
``icc-graph serve`` calls :func:`preload` first: every process it then starts by exec (the
``--data`` loader, the query processes, query checkers and zygotes, all spawned) runs with
mimalloc; gunicorn's workers are forks of the server and keep the C library's ``malloc``.
``ICC_ALLOCATOR=system`` turns this off; an ``LD_PRELOAD`` already set is left as it is.
"""
from __future__ import annotations

import os
import sys
from importlib import metadata

SETTING = "ICC_ALLOCATOR"  # "mimalloc" (the default, when installed) or "system"


def library() -> str | None:
    """The path of the wheel's ``libmimalloc.so.N``, or None where it is not installed."""
    try:
        files = metadata.distribution("cmeel-mimalloc").files or []
    except metadata.PackageNotFoundError:
        return None
    names = sorted((f for f in files if f.name.startswith("libmimalloc.so.")), key=lambda f: len(f.name))
    for name in names:  # libmimalloc.so.3 first: the soname
        path = os.fspath(name.locate())
        if os.path.isfile(path):
            return path
    return None


def preload(environ: dict | os._Environ = os.environ) -> str | None:
    """Put mimalloc in *environ*'s ``LD_PRELOAD`` for the processes started from now on; the
    library preloaded, or None (turned off, already set by the caller, not Linux, not installed)."""
    if environ.get(SETTING, "mimalloc") == "system" or environ.get("LD_PRELOAD") or sys.platform != "linux":
        return None
    path = library()
    if path is not None:
        environ["LD_PRELOAD"] = path
        # mimalloc commits its arenas up front by default: +30 MB a process, 702 instead of 469 MB
        # for the 10k server after the mix, at the same speed, so it commits on demand here
        environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
    return path
