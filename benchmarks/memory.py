"""The memory a server uses: the proportional set size (PSS) summed over its process tree.

RSS counts a page shared by several processes once in each of them: forked query workers share
their parent's in-memory store, so a sum of RSS would count that store once per worker. PSS
splits each shared page between the processes that map it, so the sum is what the tree costs.
"""
from __future__ import annotations


def tree_memory(root) -> int:
    """Bytes used by the psutil Process *root* and all its descendants (PSS, else RSS)."""
    import psutil  # the bench extra; only the benchmarks need it

    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue  # ended while sampled
    return total
