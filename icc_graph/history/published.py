"""The history as a server reads it: the files a release carries (``history.json``,
``versions.json``, ``activities.jsonl``), read once per release."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..release import ACTIVITIES, HISTORY, VERSIONS
from . import feed
from .versions import parse_time, read_json


@dataclass(frozen=True)
class PublishedHistory:
    releases: tuple[dict, ...]   # oldest first; the release in service last
    resources: dict              # resource -> {"sha256": digest or None, "changed": [release ids]}
    activities: tuple[dict, ...]

    def release(self, release_id: str) -> dict | None:
        return next((entry for entry in self.releases if entry["release"] == release_id), None)

    def issued(self, release_id: str) -> datetime:
        return parse_time(self.release(release_id)["issued"])

    def changed(self, resource: str) -> list[str]:
        """The releases in which the document of *resource* changed (appeared, changed, went)."""
        return list(self.resources.get(resource, {}).get("changed", []))

    def modified(self, resource: str) -> datetime | None:
        """When the document of *resource* last changed (the issue time of that release)."""
        changed = self.changed(resource)
        return self.issued(changed[-1]) if changed else None


def read(release_path: Path) -> PublishedHistory | None:
    """The history a release carries, or None for a release without one."""
    if not (release_path / HISTORY).is_file():
        return None
    activities = feed.decode((release_path / ACTIVITIES).read_bytes())
    return PublishedHistory(tuple(read_json(release_path / HISTORY)["releases"]),
                            read_json(release_path / VERSIONS)["resources"], tuple(activities))
