"""Sending a practice through /submit in a real browser, in English and in French: the form filled
wrongly, the findings read beside their fields, corrected, sent, and the receipt. And /validate:
a pasted record with an error shows the finding."""
from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.live
WORDS = {"en": {"send": "Send", "received": "received, waiting for a curator", "problems": "Please correct these fields"},
         "fr": {"send": "Envoyer", "received": "reçue, en attente d'un curateur", "problems": "Veuillez corriger ces champs"}}


def findings_beside(page, field: str) -> str:
    """The findings shown right after the field's input (its aria-describedby names them)."""
    assert f"error-{field}" in page.get_attribute(f"#field-{field}", "aria-describedby").split()
    return page.locator(f"#field-{field} ~ #error-{field}").inner_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_sender_corrects_the_form_and_gets_a_receipt(page, server, lang):
    words = WORDS[lang]
    page.set_default_timeout(60_000)  # the first check starts the server's validator (it reads the shapes)
    page.goto(f"/submit?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    page.fill("#field-city", "Atlantis")
    page.select_option("#field-country", "south-korea")
    page.fill("#field-start", "2999")
    page.check("#topic-education")
    page.fill("#field-summary", f"Neighbours cook together every week ({lang}).")
    page.fill("#field-source", "https://example.org/kitchen")
    page.fill("#field-contact", "office@example.org")
    page.fill("#field-body-1-name", "Kitchen council")
    page.fill("#field-body-1-members", "12")
    page.fill("#field-body-1-women", "15")
    page.get_by_role("button", name=words["send"], exact=True).click()

    assert page.get_by_role("heading", name=words["problems"]).is_visible()
    assert "title" in findings_beside(page, "title")
    assert "published with it" in findings_beside(page, "sent_by")
    assert "city list" in findings_beside(page, "city")
    assert "future" in page.locator("#field-period #error-period").inner_text()
    assert "more women members than members" in findings_beside(page, "body-1-women")
    assert page.input_value("#field-city") == "Atlantis" and page.is_checked("#topic-education")
    assert page.input_value("#field-summary") == f"Neighbours cook together every week ({lang})."
    assert axe_violations(page) == []
    screenshot(page, f"submit-errors-{lang}")

    page.fill("#field-title", f"Neighbours' kitchen in Ansan ({lang})")
    page.fill("#field-sent_by", "Ansan Intercultural Office")
    page.fill("#field-city", "Ansan")
    page.fill("#field-start", "2021")
    page.fill("#field-body-1-women", "7")
    page.get_by_role("button", name=words["send"], exact=True).click()

    assert re.search(r"/submit/[\w-]{16}\?lang=" + lang + "$", page.url), page.url
    assert page.locator(".status").inner_text() == words["received"]
    assert page.locator(".sent-by").inner_text() == "Ansan Intercultural Office"
    assert "office@example.org" not in page.content()  # the contact is the curators' only
    assert f"/id/practice/neighbours-kitchen-in-ansan-{lang}" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    screenshot(page, f"submit-receipt-{lang}")


def test_a_body_is_added_without_javascript(chromium, server):
    context = chromium.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/submit")
    page.fill("#field-body-1-name", "First council")
    page.get_by_role("button", name="Add a body").click()
    assert page.input_value("#field-body-1-name") == "First council"
    assert page.locator("#field-body-2-name").is_visible()
    context.close()


def test_a_pasted_record_with_an_error_shows_the_finding(page, server):
    record = (ROOT / "data" / "practices" / "a-welcoming-app.ttl").read_text(encoding="utf-8")
    untitled = "\n".join(line for line in record.splitlines() if "dcterms:title" not in line)
    page.set_default_timeout(60_000)
    page.goto("/validate")
    page.fill("#record", untitled)
    page.get_by_role("button", name="Validate").click()
    page.get_by_role("heading", name=re.compile("cannot be published yet")).wait_for()  # the answer page
    row = page.locator("table.findings tbody tr", has_text="http://purl.org/dc/terms/title").filter(
        has_text="Violation")
    assert "needs a title" in row.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "validate-finding")
