"""The maps and the curation page in headless Chromium, at desktop and phone widths: drawn from the
server alone (every request the page makes goes to 127.0.0.1), readable (axe finds no serious or
critical violation) and fitting a 375 px screen.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.live

MAP_PAGES = {"home": "/", "practices-filtered": "/practices?country=united-kingdom",
             "city": "/doc/city/oslo", "country": "/doc/country/spain"}


def visit(page, path: str) -> list[str]:
    """Open *path*; every URL the page requested while loading."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return requested


def assert_stays_on_the_machine(requested: list[str]) -> None:
    assert requested, "the page made no request at all"
    outside = [url for url in requested if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert not outside, outside


def assert_fits(page) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("name", sorted(MAP_PAGES))
@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_map_is_drawn_from_the_server_alone(name, width, request):
    page = request.getfixturevalue("page" if width == "desktop" else "mobile_page")
    requested = visit(page, MAP_PAGES[name])
    assert_stays_on_the_machine(requested)
    figures = page.locator(".place-map svg.map")
    assert figures.count() == (2 if name == "home" else 1)  # the world, and where its places crowd
    for figure in figures.all():
        box = figure.bounding_box()
        assert box["width"] > 300 and box["height"] > 150  # drawn, not collapsed
    circles = figures.first.locator("circle")
    assert circles.count() >= 1
    # The list beside it names every place the map draws, for those who cannot see it.
    listed = page.locator(".place-list li").all_inner_texts()
    assert len(listed) >= circles.count()
    first = circles.first.locator("title").text_content()
    assert any(text.split(" ")[0] in first for text in listed)
    assert_fits(page)
    assert axe_violations(page) == []
    screenshot(page, f"map-{name}-{width}")


def test_the_filtered_map_shows_only_the_filtered_cities(page):
    visit(page, "/practices")
    everywhere = page.locator(".place-list li").count()
    visit(page, "/practices?country=norway")
    listed = page.locator(".place-list li a").all_inner_texts()
    assert 1 <= len(listed) < everywhere
    assert "Oslo" in listed


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_curation_page(width, lang, request):
    page = request.getfixturevalue("page" if width == "desktop" else "mobile_page")
    requested = visit(page, f"/curation?lang={lang}")
    assert_stays_on_the_machine(requested)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("table").count() >= 1
    assert_fits(page)
    assert axe_violations(page) == []
    if width == "desktop":  # the phone's full page, tables and all, is too long to photograph in time
        screenshot(page, f"curation-{lang}")
