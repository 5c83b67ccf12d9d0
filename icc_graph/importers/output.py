"""Write imported practice records into data/: all checks first, then the files, so that a
failed import writes nothing. Curated records are never rewritten; disagreements are reported."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportError_
from .confirmations import drafted_text
from .existing import ExistingRecord, ExistingRecords, conflicts
from .places import Vocabularies, cities_text
from .records import PracticeRecord, write_text


@dataclass
class CuratedMatch:
    record: PracticeRecord
    existing: ExistingRecord
    conflicts: list[str]


@dataclass
class WriteResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    curated: list[CuratedMatch] = field(default_factory=list)
    new_cities: list[str] = field(default_factory=list)
    kept_decisions: list[str] = field(default_factory=list)  # curators' values that replaced imported ones


def write_records(records: list[PracticeRecord], vocab: Vocabularies, data_dir: Path, origin: str) -> WriteResult:
    existing = ExistingRecords(data_dir / "practices")
    result = WriteResult()
    texts: dict[Path, str] = {}
    used_cities: set[str] = set()
    for record in records:
        match = existing.find(record)
        path = data_dir / "practices" / f"{(match.slug if match else record.slug)}.ttl"
        if match is None:
            match = next((r for r in existing.records if r.path == path), None)
        if match is not None and match.curated:
            result.curated.append(CuratedMatch(record, match, conflicts(record, match)))
            continue
        if match is not None:
            record.slug = match.slug  # a published IRI never changes
        if path in texts:
            raise ImportError_(str(path), f"two imported practices would both be written to {path.name}")
        texts[path], notes = drafted_text(record, origin, match.curator_facts if match is not None else [])
        result.kept_decisions += [f"{path}: {note}" for note in notes]
        used_cities.update(record.cities)
    cities_path = data_dir / "places" / "cities.ttl"
    new = {slug: city for slug, city in vocab.new_cities.items() if slug in used_cities}
    old_cities = cities_path.read_text(encoding="utf-8") if cities_path.exists() else ""
    new_cities_text = cities_text(old_cities, new)
    for path, text in sorted(texts.items()):
        (result.written if write_text(path, text) else result.unchanged).append(path)
    if new_cities_text != old_cities:
        write_text(cities_path, new_cities_text)
        result.new_cities = sorted(new)  # the vocabulary did not know them before this import
    return result
