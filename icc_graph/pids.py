"""Whether a process id names a running process: how leftovers of a killed build or load are
told from the work of a process that is still running."""
from __future__ import annotations

import os


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
