"""Where a build reads from and writes to, and whether the release in service was built from
exactly those sources (``serve --build-if-needed``). Light: no RDF library is imported."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..iris import normalise_base
from ..release import CURRENT, RELEASE_JSON
from ..settings import Defaults


@dataclass(frozen=True)
class Paths:
    """Where a build reads from and writes to."""

    data: Path = Path(Defaults.DATA_DIR)
    ontology: Path = Path(Defaults.ONTOLOGY_DIR)
    shapes: Path = Path(Defaults.SHAPES_DIR)
    dist: Path = Path(Defaults.DIST_DIR)

    @classmethod
    def under(cls, root: Path) -> Paths:
        return cls(root / Defaults.DATA_DIR, root / Defaults.ONTOLOGY_DIR, root / Defaults.SHAPES_DIR,
                   root / Defaults.DIST_DIR)

    @classmethod
    def from_settings(cls, settings: Mapping) -> Paths:
        return cls(Path(settings["DATA_DIR"]), Path(settings["ONTOLOGY_DIR"]), Path(settings["SHAPES_DIR"]),
                   Path(settings["DIST_DIR"]))


def sources_fingerprint(paths: Paths, base_iri: str) -> str:
    """A digest of everything a release is built from: the source files and the base IRI."""
    digest = hashlib.sha256(normalise_base(base_iri).encode("utf-8"))
    for root in (paths.ontology, paths.shapes, paths.data):
        for path in sorted(root.rglob("*.ttl")) if root.is_dir() else []:
            digest.update(str(path.relative_to(root.parent)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_up_to_date(paths: Paths, base_iri: str) -> bool:
    """True when dist/current was built from exactly the sources and base IRI there are now."""
    release_json = paths.dist / CURRENT / RELEASE_JSON
    try:
        built_from = json.loads(release_json.read_text(encoding="utf-8")).get("sources")
    except (OSError, ValueError):
        return False
    return built_from == sources_fingerprint(paths, base_iri)
