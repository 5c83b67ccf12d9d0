"""Search and reconciliation in a real browser: the search box every page has, the marked hits,
the reconciliation preview; no serious accessibility violation, nothing scrolls sideways on a phone."""
from __future__ import annotations

from .conftest import MOBILE, axe_violations, screenshot


def test_the_header_search_box_finds_marked_hits_and_leads_to_a_thing(page):
    page.goto("/practices")
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill("anti-rum")
    box.press("Enter")
    page.wait_for_url("**/search?q=anti-rum")
    hits = page.locator("ol.search-hits > li")
    assert hits.count() >= 5
    assert page.locator("ol.search-hits mark").first.inner_text().lower() in ("anti", "rumour")
    assert page.get_by_role("heading", level=2).first.inner_text().endswith("results")
    screenshot(page, "search-results")
    assert axe_violations(page) == []
    page.locator("#search-kind").select_option("practice")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url("**kind=practice**")
    assert all(tag == "Practice" for tag in page.locator("ol.search-hits .tag").all_inner_texts())
    first = hits.first.locator("a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").count() == 1


def test_search_in_french_on_a_phone(mobile_page):
    page = mobile_page
    page.goto("/search?q=rumeurs&lang=fr")
    assert "résultat" in page.get_by_role("heading", level=2).first.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"the search page scrolls sideways ({width}px)"
    screenshot(page, "mobile-search")
    assert axe_violations(page) == []


def test_the_reconciliation_preview_is_a_small_accessible_page(page, server):
    page.set_viewport_size({"width": 400, "height": 120})
    page.goto("/reconcile/preview?id=" + "http://127.0.0.1:8080/id/city/amadora")
    assert page.locator("strong").inner_text() == "Amadora"
    assert page.get_by_role("link").get_attribute("href") == "/doc/city/amadora"
    assert axe_violations(page) == []
