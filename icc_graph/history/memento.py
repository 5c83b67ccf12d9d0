"""Which version of a document was current at a given time (Memento, RFC 7089), from the history
a release carries. A version of a document is a release in which it changed (:mod:`.versions`);
its Memento-Datetime is that release's issue time. It can be served from any release this server
still keeps between that one and the next change, whose document is the same."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .published import PublishedHistory


@dataclass(frozen=True)
class Version:
    release: str        # the release in which the document took this state
    datetime: datetime  # its issue time
    deleted: bool       # the state is "gone": the resource was deleted in that release
    until: str | None   # the release of the next change, None: still current


def versions(history: PublishedHistory, resource: str) -> list[Version]:
    """The versions of *resource*'s document, oldest first (deletions included)."""
    changed = history.changed(resource)
    deleted = set(history.resources.get(resource, {}).get("deleted", []))
    return [Version(release, history.issued(release), release in deleted, (changed + [None])[n + 1])
            for n, release in enumerate(changed)]


def mementos(history: PublishedHistory, resource: str) -> list[Version]:
    """The versions a client can read (not the deletions)."""
    return [v for v in versions(history, resource) if not v.deleted]


def version_at(history: PublishedHistory, resource: str, when: datetime) -> Version | None:
    """The version current at *when*: the last one issued then or before (None: none yet)."""
    found = None
    for version in versions(history, resource):
        if version.datetime <= when:
            found = version
    return found


def version_of(history: PublishedHistory, resource: str, release: str) -> Version | None:
    return next((v for v in versions(history, resource) if v.release == release), None)


def serving_release(history: PublishedHistory, version: Version, kept: set[str]) -> str | None:
    """A kept release whose document of the resource is *version*'s (None: none is kept)."""
    ids = [entry["release"] for entry in history.releases]
    start = ids.index(version.release)
    end = ids.index(version.until) if version.until else len(ids)
    return next((release for release in ids[start:end] if release in kept), None)
