"""The chain of releases and the versions of each document (docs/history.md).

A release's id is the content digest of its files (docs/release.md) for the first release of a
``dist/``; a later one's id also holds the id of the release it follows, so the same data
released again after a change (A, B, then A) is a new version with its own history. A build whose
content equals the release in service publishes nothing.

Issue times never come from the clock: the ``RELEASE_TIME`` setting when given, else
``$SOURCE_DATE_EPOCH`` (reproducible builds), else the latest ``dcterms:modified`` date of the data
at midnight UTC; always at least one second after the previous release, so versions are ordered.

``history.json`` lists every release of the chain, oldest first: id, issue time, the release it
follows, its dumps (bytes, sha256) and its change counts. ``versions.json`` gives each resource the
sha256 of its document (:func:`icc_graph.documents.document_triples`) and the releases in which
that document changed: what ``Last-Modified``, ``dct:modified``, the TimeMaps and the history pages
say.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyoxigraph

from .. import documents
from ..errors import PublishError
from ..release import HISTORY, current_release, read_meta

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_time(text: str) -> datetime:
    """An ISO 8601 date or date-time (UTC when it names no zone)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def issue_time(setting: str | None, data_date: str | None, previous: str | None,
               environ: dict | None = None) -> str:
    """When the next release is issued (see the module docstring)."""
    environ = os.environ if environ is None else environ
    try:
        if setting:
            chosen = parse_time(str(setting))
        elif environ.get("SOURCE_DATE_EPOCH"):
            chosen = datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), UTC)
        elif data_date:
            chosen = parse_time(data_date[:10])
        else:
            chosen = datetime.fromtimestamp(0, UTC)
    except ValueError as exc:
        raise PublishError(f"the release time {setting or environ.get('SOURCE_DATE_EPOCH')!r} is not an "
                           f"ISO 8601 date-time (RELEASE_TIME) or epoch seconds (SOURCE_DATE_EPOCH): {exc}") from exc
    if previous and chosen <= parse_time(previous):
        chosen = parse_time(previous) + timedelta(seconds=1)
    return format_time(chosen)


def release_id(content_digest: str, previous_id: str | None) -> str:
    """16 hex digits: the content digest alone for a first release, else with the previous id."""
    if previous_id is None:
        return content_digest[:16]
    return hashlib.sha256(f"{content_digest}\nfollows {previous_id}".encode("ascii")).hexdigest()[:16]


def previous_release(dist_dir: Path) -> Path | None:
    """The release in service, if it has a history (a release from before histories starts anew)."""
    path = current_release(dist_dir)
    return path if path is not None and (path / HISTORY).is_file() else None


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dump_json(value) -> bytes:
    """The bytes of a history file: sorted keys, one indent, a final newline."""
    return (json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def content_of(release_path: Path) -> str | None:
    """The content digest a release was built from (its ``release.json``)."""
    return read_meta(release_path).get("content")


def document_digests(store_path: Path, resources) -> dict[str, str]:
    """Resource -> sha256 of its document in the store at *store_path*."""
    store = pyoxigraph.Store.read_only(str(store_path))
    try:
        return {resource: hashlib.sha256("".join(f"{t} .\n" for t in documents.document_triples(store, resource))
                                         .encode("utf-8")).hexdigest()
                for resource in sorted(resources)}
    finally:
        del store


def next_versions(previous: dict | None, digests: dict[str, str], release: str) -> dict:
    """``versions.json`` of *release*: each resource's document digest, the releases in which it
    changed and those that deleted it (a deleted resource keeps its lists, with a null digest)."""
    before = (previous or {}).get("resources", {})
    resources = {}
    for resource in sorted(before.keys() | digests.keys()):
        old = before.get(resource, {"sha256": None, "changed": [], "deleted": []})
        digest = digests.get(resource)
        moved = digest != old["sha256"]
        resources[resource] = {"sha256": digest, "changed": list(old["changed"]) + ([release] if moved else []),
                               "deleted": list(old["deleted"]) + ([release] if moved and digest is None else [])}
    return {"release": release, "resources": resources}


def history_entry(release: str, issued: str, previous: str | None, dumps: dict, counts: dict | None,
                  ontology: dict | None = None, coverage: dict | None = None) -> dict:
    """One release in ``history.json``: *dumps* name -> media type, size, sha256, compression;
    *counts* the change summary's counts (None for the first release); *ontology* its versions;
    *coverage* its countries and years (:func:`icc_graph.build.metadata.coverage`)."""
    return {"release": release, "issued": issued, "previous": previous, "dumps": dumps, "changes": counts,
            "ontology": ontology, "coverage": coverage}


def counts_of(summary: dict) -> dict:
    """The figures of a change summary kept in the history (not the list of resources)."""
    counted = {change: 0 for change in summary["resources"]}
    for item in summary["changed"]:
        counted[item["change"]] += 1
    return {"triples": summary["triples"], "resources": counted}
