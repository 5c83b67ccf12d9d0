"""The pages composed for people (a practice, a city, a country, a topic, a body) and the figures
of the home page and the practice browser, as people use them: at 1280 and 375 px, with axe, with
the keyboard alone, without JavaScript, in print; screenshots go to artifacts/screenshots/."""
from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE, _new_page, axe_violations, screenshot

pytestmark = pytest.mark.live
ANSAN = "/doc/practice/democratic-citizenship-in-ansan"
PAGES = {
    "practice": ANSAN,
    "city": "/doc/city/ansan",
    "country": "/doc/country/south-korea",
    "topic": "/doc/topic/political-and-public-participation",
    "body": "/doc/body/ansan-non-nationals-council",
    "home": "/",
    "practices": "/practices",
}
LARGEST_HTML = 100_000  # bytes: the heaviest page must stay light on a phone
# What the main content of each page leads to first: a keyboard user must reach it.
MAIN_LINK = {"practice": "a[href^='/doc/city/']", "city": "a[href^='/doc/practice/']",
             "country": "a[href^='/doc/city/']", "topic": "a[href^='/doc/practice/']",
             "body": "a[href^='/doc/body/']", "home": "a[href^='/practices']", "practices": "a[href^='/doc/practice/']"}


@pytest.fixture(params=[("desktop", DESKTOP), ("mobile", MOBILE)], ids=["1280", "375"])
def sized_page(request, chromium, server):
    name, viewport = request.param
    extra = {"is_mobile": True, "has_touch": True} if name == "mobile" else {}
    context, page = _new_page(chromium, server, viewport, **extra)
    page.size_name = name
    yield page
    context.close()
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_kind_is_accessible_fits_the_screen_and_stays_light(sized_page, kind):
    page = sized_page
    response = page.goto(PAGES[kind])
    assert response.status == 200
    assert len(response.body()) < LARGEST_HTML, f"{kind}: {len(response.body())} bytes of HTML"
    assert page.locator("h1").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{kind} scrolls sideways ({width}px)"
    screenshot(page, f"portrait-{kind}-{page.viewport_size['width']}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("kind", PAGES)
def test_the_keyboard_alone_reaches_the_main_links(page, kind):
    page.goto(PAGES[kind])
    selector = f"main {MAIN_LINK[kind]}"
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("(s) => document.activeElement.matches(s)", selector)
        if focused:
            break
    else:
        raise AssertionError(f"Tab never reached {selector} on the {kind} page")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + target.split("?")[0] + "*")


@pytest.mark.parametrize("lang, women, nationalities, may_not", [
    ("en", "10 of 19 members", "Nationalities represented (10)", "may not"),
    ("fr", "10 sur 19 membres", "Nationalités représentées (10)", "ne peut pas")])
def test_ansan_without_javascript(chromium, server, lang, women, nationalities, may_not):
    context = chromium.new_context(base_url=server, java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{ANSAN}?lang={lang}")
        council = page.locator("#body-ansan-non-nationals-council")
        assert council.locator("dd.members").inner_text() == "19"
        assert council.locator("dd.women").inner_text().startswith(women)
        assert council.locator("dd.women svg[role=img]").is_visible()
        assert council.get_by_text(nationalities).is_visible()
        assert council.locator("dd.nationalities a").count() == 10
        group = page.locator("#body-ansan-non-nationals-monitoring-group")
        assert group.locator("dd.members").inner_text() == "33"
        assert group.locator("dd.nationalities a").count() == 11
        rights = page.locator("table.rights")
        assert rights.locator("tbody tr").count() == 11
        assert rights.locator("tr.not-permitted").inner_text().count(may_not) == 1
        screenshot(page, f"portrait-ansan-nojs-{lang}")
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["practice", "home", "country"])
def test_print_keeps_the_figures_and_drops_the_navigation(page, kind):
    page.goto(PAGES[kind])
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    drawn = page.locator("main svg").first
    assert drawn.is_visible()
    # The same colours on paper: the bars keep their fill, and print keeps exact colours.
    assert page.evaluate("(svg) => getComputedStyle(svg).printColorAdjust", drawn.element_handle()) == "exact"
    screenshot(page, f"portrait-print-{kind}")
