"""The feed's pages: fixed size, oldest first, the newest page last; a full page never changes."""
from __future__ import annotations

from icc_graph.history import feed

BASE = "http://example.org"


def activities(count: int, start: int = 0) -> list[dict]:
    summary = {"changed": [{"resource": f"{BASE}/id/practice/p{n:04d}", "change": "created", "classes": []}
                           for n in range(count)]}
    return feed.new_activities(BASE, "r1", "2026-01-01T00:00:00Z", start, summary, "")


def test_pages_are_fixed_and_the_last_is_the_newest():
    items = activities(2 * feed.PAGE_SIZE + 50)
    collection = feed.collection(BASE, items)
    assert collection["totalItems"] == len(items)
    assert collection["last"]["id"] == f"{BASE}/changes/page/2"
    first, last = feed.page(BASE, items, 0), feed.page(BASE, items, 2)
    assert "prev" not in first and first["next"]["id"] == f"{BASE}/changes/page/1"
    assert last["startIndex"] == 2 * feed.PAGE_SIZE and len(last["orderedItems"]) == 50 and "next" not in last
    assert feed.page(BASE, items, 3) is None
    # more activities: the full pages keep their items, the last one grows, then a new one starts
    more = items + activities(60, len(items))
    assert feed.page(BASE, more, 1)["orderedItems"] == feed.page(BASE, items, 1)["orderedItems"]
    assert feed.page(BASE, more, 3)["orderedItems"][0]["id"] == f"{BASE}/changes/page/3#300"
    assert feed.decode(feed.encode(more)) == more


def test_an_empty_feed_has_one_empty_page():
    assert feed.collection(BASE, [])["last"]["id"] == f"{BASE}/changes/page/0"
    assert feed.page(BASE, [], 0)["orderedItems"] == []
