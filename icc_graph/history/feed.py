"""The change feed: Activity Streams 2.0 in the shape of IIIF Change Discovery 1.0, level 2.

The feed is one list of activities, oldest first, that every build extends: a ``Refresh`` for a
release that starts a history (read its dump), then, for each later release, one ``Create``,
``Update`` or ``Delete`` per resource whose own triples changed (:mod:`.diff`), in the order of
the resources' IRIs. Each activity names the resource (``object``: its IRI and its class), the
release (``context``: the release's version IRI, ``/releases/{id}``) and the release's issue time
(``endTime``). ``activities.jsonl`` in the release holds the list, one activity a line.

Pages hold :data:`PAGE_SIZE` activities and the newest page is the last, so a page once full never
changes its items; it only gains its ``next`` link when the page after it appears.
"""
from __future__ import annotations

import json

from ..iris import changes_iri as changes_url
from ..iris import changes_page as page_url
from ..iris import dataset_iri
from ..iris import release_iri as version_iri
from .diff import CREATED, DELETED, UPDATED

PAGE_SIZE = 100  # fixed: changing it would move every activity to another page
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
# IIIF Change Discovery's own activity type, which Activity Streams lacks
CONTEXT = [AS_CONTEXT, {"Refresh": "https://iiif.io/api/discovery/1#Refresh"}]
MEDIA_TYPE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MEDIA_TYPE_PLAIN = "application/ld+json"  # in a Link header's type, where quotes would nest
ACTIVITY_TYPES = {CREATED: "Create", UPDATED: "Update", DELETED: "Delete"}


def new_activities(base: str, release: str, issued: str, start: int, summary: dict | None,
                   dump_url: str) -> list[dict]:
    """The activities of *release*, numbered from *start*; *summary* None: a Refresh."""
    def activity(index: int, kind: str, obj: dict) -> dict:
        return {"id": f"{page_url(base, index // PAGE_SIZE)}#{index}", "type": kind, "object": obj,
                "context": version_iri(base, release), "endTime": issued}
    if summary is None:
        return [activity(start, "Refresh", {"id": dataset_iri(base), "type": "http://www.w3.org/ns/dcat#Dataset", "url": dump_url})]
    found = []
    for n, item in enumerate(summary["changed"]):
        obj = {"id": item["resource"]}
        if item["classes"]:
            obj["type"] = item["classes"][0] if len(item["classes"]) == 1 else item["classes"]
        found.append(activity(start + n, ACTIVITY_TYPES[item["change"]], obj))
    return found


def encode(activities: list[dict]) -> bytes:
    """``activities.jsonl``: one activity a line, keys sorted."""
    return "".join(json.dumps(a, sort_keys=True, ensure_ascii=False) + "\n" for a in activities).encode("utf-8")


def decode(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def collection(base: str, activities: list[dict]) -> dict:
    """The OrderedCollection at ``/changes``."""
    last = page_count(len(activities)) - 1
    return {"@context": CONTEXT, "id": changes_url(base), "type": "OrderedCollection",
            "totalItems": len(activities),
            "first": {"id": page_url(base, 0), "type": "OrderedCollectionPage"},
            "last": {"id": page_url(base, last), "type": "OrderedCollectionPage"}}


def page(base: str, activities: list[dict], number: int) -> dict | None:
    """The OrderedCollectionPage *number* (None past the last)."""
    last = page_count(len(activities)) - 1
    if not 0 <= number <= last:
        return None
    body = {"@context": CONTEXT, "id": page_url(base, number), "type": "OrderedCollectionPage",
            "partOf": {"id": changes_url(base), "type": "OrderedCollection"},
            "startIndex": number * PAGE_SIZE,
            "orderedItems": activities[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]}
    if number > 0:
        body["prev"] = {"id": page_url(base, number - 1), "type": "OrderedCollectionPage"}
    if number < last:
        body["next"] = {"id": page_url(base, number + 1), "type": "OrderedCollectionPage"}
    return body
