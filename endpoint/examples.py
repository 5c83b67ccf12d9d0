"""The example SPARQL queries shipped in ``endpoint/queries/*.rq``.

Each file opens with comment lines: the first is the title, the following ones the description.
The queries use relative IRIs (``PREFIX icc: <ontology#>``), like the Turtle in ``data/``; :func:`Example.text`
puts a ``BASE`` line in front so they run unchanged on any deployment.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from icc_graph.iris import normalise_base

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Example:
    name: str          # the file name without .rq, used in ?example=
    title: str
    description: str
    body: str          # the query after its comment header

    def text(self, base: str) -> str:
        """The query as a user runs it: its header, then BASE, then the body."""
        header = f"# {self.title}\n" + "".join(f"# {line}\n" for line in self.description.splitlines())
        return f"{header}BASE <{normalise_base(base)}/>\n{self.body}"


def parse_example(name: str, source: str) -> Example:
    lines = source.splitlines()
    header = []
    while lines and lines[0].startswith("#"):
        header.append(lines.pop(0).lstrip("#").strip())
    if not header or not header[0]:
        raise ValueError(f"{name}.rq: the first line must be a '# title' comment")
    description = " ".join(line for line in header[1:] if line)
    return Example(name, header[0], description, "\n".join(lines).strip() + "\n")


def load_examples(directory: Path = QUERIES_DIR) -> list[Example]:
    """Every example, in file-name order (the files are numbered to set the order)."""
    return [parse_example(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(directory.glob("*.rq"))]
