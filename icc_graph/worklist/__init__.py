"""The curators' worklist: what the records lack, as a sheet to fill in, and the answers back into the records.

    icc-graph worklist export FILE.xlsx|FILE.csv
    icc-graph worklist import FILE.xlsx|FILE.csv [--curator NAME] [--date YYYY-MM-DD]

``rows`` computes the rows from data/ (validated as a build validates it; the gaps are the quality
report's), with suggestions from ``suggest``; ``sheets`` writes and reads the files; ``answers``
checks every answer cell and writes the decisions into the records (through
``importers.confirmations``, so a later ``icc-graph import catalogue`` keeps them).
"""
from __future__ import annotations

from pathlib import Path

from ..build.paths import Paths
from .rows import Worklist, worklist
from .sheets import write_worklist


def export_worklist(path: Path, paths: Paths, base: str) -> Worklist:
    """Write the worklist of the records under *paths* to *path* (.xlsx or .csv) and return it."""
    found = worklist(paths, base)
    write_worklist(path, found)
    return found
