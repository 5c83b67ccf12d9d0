"""The history step of a build: which release comes next, and the history files it carries.

:func:`plan` runs before anything is written: it reads the release in service, decides whether
the new content is a new version at all, and gives the next id and issue time. The plan's
:meth:`Plan.files` then writes ``changes-*.nt.gz``, ``changes.json``, ``history.json``,
``versions.json`` and ``activities.jsonl`` once the release's store is loaded.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

from ..iris import release_file_url
from ..release import ACTIVITIES, CHANGES, DUMP_NT_GZ, HISTORY, RELEASE_JSON, VERSIONS, releases_dir
from . import diff, feed, versions


@dataclass(frozen=True)
class Plan:
    previous: Path | None  # the release in service, when it has a history
    content: str           # the content digest of the new release
    release: str           # the new release's id
    issued: str            # its issue time (ISO 8601, UTC)

    @property
    def unchanged(self) -> bool:
        """True when the release in service already holds this content: nothing is published."""
        return self.previous is not None and versions.content_of(self.previous) == self.content

    @property
    def previous_id(self) -> str | None:
        return self.previous.name if self.previous is not None else None

    def changes(self, ntriples: bytes) -> diff.Diff | None:
        """The diff from the release in service (None for the first release of a history)."""
        return _compare(self.previous, ntriples) if self.previous is not None else None

    @property
    def previous_ontology(self) -> dict | None:
        """What the previous release kept of the ontology's versions (:mod:`.ontology`)."""
        if self.previous is None:
            return None
        return versions.read_json(self.previous / HISTORY)["releases"][-1].get("ontology")

    def history(self, ntriples: bytes, ontology: dict, dumps: dict, coverage: dict | None = None) -> list[dict]:
        """Every release of the chain, oldest first, this one last; *ontology*: its versions
        (:mod:`.ontology`); *dumps*: name -> media type, size, sha256, compression; *coverage*: its
        countries and years."""
        before = versions.read_json(self.previous / HISTORY)["releases"] if self.previous else []
        changed = self.changes(ntriples)
        counts = versions.counts_of(changed.summary()) if changed is not None else None
        return before + [versions.history_entry(self.release, self.issued, self.previous_id, dumps, counts, ontology,
                                                  coverage)]

    def files(self, base: str, ntriples: bytes, store_path: Path, history: list[dict]) -> dict[str, bytes]:
        """The history files of the new release (its store already written at *store_path*)."""
        changed = self.changes(ntriples)
        previous_versions = versions.read_json(self.previous / VERSIONS) if self.previous else None
        resources = {diff.resource_of(t.subject.value) for t in diff.triples(ntriples).values()}
        digests = versions.document_digests(store_path, resources)
        files = {HISTORY: versions.dump_json({"releases": history}),
                 VERSIONS: versions.dump_json(versions.next_versions(previous_versions, digests, self.release))}
        before = feed.decode((self.previous / ACTIVITIES).read_bytes()) if self.previous else []
        summary = None
        if changed is not None:
            summary = changed.summary(self.release, self.previous_id)
            files.update(changed.files())
            files[CHANGES] = versions.dump_json(summary)
        dump = release_file_url(base, self.release, DUMP_NT_GZ)
        files[ACTIVITIES] = feed.encode(before + feed.new_activities(base, self.release, self.issued, len(before),
                                                                     summary, dump))
        return files


def plan(dist_dir: Path, content: str, release_time: str | None, data_date: str | None) -> Plan:
    """The next release of *dist_dir* for content digest *content* (see :mod:`.versions`)."""
    previous = versions.previous_release(dist_dir)
    previous_issued = None
    if previous is not None:
        previous_issued = versions.read_json(previous / HISTORY)["releases"][-1]["issued"]
    issued = versions.issue_time(release_time, data_date, previous_issued)
    release = versions.release_id(content, previous.name if previous is not None else None)
    legacy = releases_dir(dist_dir) / release
    if previous is None and (legacy / RELEASE_JSON).is_file() and not (legacy / HISTORY).is_file():
        # the same content released before histories existed: a new directory, never that one rewritten
        release = versions.release_id(content, release)
    return Plan(previous, content, release, issued)


@functools.lru_cache(maxsize=1)  # a build asks twice (the history entry, then the files)
def _compare(previous: Path, ntriples: bytes) -> diff.Diff:
    return diff.compare(gzip.decompress((previous / DUMP_NT_GZ).read_bytes()), ntriples)

