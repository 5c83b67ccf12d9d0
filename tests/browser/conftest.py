"""Headless Chromium (Debian's, driven by Playwright) against a live server on 127.0.0.1.

The whole folder skips when Playwright, /usr/bin/chromium or axe-core (node_modules) is missing:
`make test` stays light, `.ci/browser.sh` installs all three. Screenshots go to
artifacts/screenshots/ (kept by CI, not committed).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, TEST_BASE_IRI
from tests.live import live_server

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path(os.environ.get("ICC_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# Keep Chromium off the network and quiet: it only ever talks to our server on 127.0.0.1.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-default-apps", "--disable-extensions"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
if not AXE.exists():
    pytest.skip("axe-core is not installed (npm ci)", allow_module_level=True)


@pytest.fixture(scope="session")
def server(built_dist):
    """The base URL of a gunicorn server over the release built from the repository's data."""
    with live_server(built_dist, base_iri=TEST_BASE_IRI) as (url, _):
        yield url


@pytest.fixture(scope="session")
def chromium():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(chromium, server, viewport, **options):
    context = chromium.new_context(viewport=viewport, base_url=server, locale="en-GB",
                                   accept_downloads=True, **options)
    # Anything not on our server is blocked, so a page that needs the internet fails its test.
    context.route(re.compile(r"^(?!" + re.escape(server) + r")"), lambda route: route.abort())
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return context, page


@pytest.fixture
def page(chromium, server):
    context, page = _new_page(chromium, server, DESKTOP)
    yield page
    context.close()
    assert not page.js_errors, page.js_errors


@pytest.fixture
def mobile_page(chromium, server):
    context, page = _new_page(chromium, server, MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield page
    context.close()
    assert not page.js_errors, page.js_errors


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """axe-core run in the page: the serious and critical violations, each with its failing nodes."""
    # Evaluated through DevTools, not as an inline <script>: the pages' CSP rightly forbids those.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]
