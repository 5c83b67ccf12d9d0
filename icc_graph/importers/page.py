"""`icc-graph import page FILE`: an ICC practice page saved as text -> a draft practice record.

The page reads: the section's introduction, a line "<back link> <title>" (the back link in the
interface language), the year or period line, the French text-size and print links, the body, and
the site's filter menu (topics, countries, years). The draft keeps the title, the period and the
source; the body is left for an editor to summarise, and the filter menu is the site's, not the
practice's: city, country and topics are listed as unknown for the editor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import DCTERMS

from ..errors import ImportError_
from ..iris import slugify
from .languages import guess_language
from .periods import Period, PeriodError, parse_period
from .places import fold
from .records import PracticeRecord, UncertainFact

# The back link's word in the site's interface languages (and a few neighbours).
BACK_WORDS = {
    "back": "en", "retour": "fr", "atrás": "es", "atras": "es", "volver": "es", "geri": "tr",
    "zurück": "de", "zuruck": "de", "indietro": "it", "voltar": "pt", "назад": "uk", "nazad": "sr",
    "prapa": "sq", "kthehu": "sq", "takaisin": "fi", "πίσω": "el", "itzuli": "eu", "atzera": "eu",
    "terug": "nl", "wstecz": "pl", "tillbaka": "sv", "tilbake": "no", "tilbage": "da", "înapoi": "ro",
    "natrag": "hr", "vissza": "hu", "zpět": "cs",
}
TOOLBAR = {
    "diminuer la taille du texte", "augmenter la taille du texte", "imprimer la page", "imprimer en pdf",
    "decrease text size", "increase text size", "print page", "print pdf",
}
# First heading of the site's filter menu, in the interface languages.
MENU_HEADINGS = {"topic", "topics", "thème", "thèmes", "tema", "temas", "thema", "themen", "konu", "тема",
                 "aihe", "θέμα", "gaia", "teema", "temat"}
SITE_PRACTICE_URL = "https://www.coe.int/en/web/interculturalcities/-/{slug}"


@dataclass
class Page:
    path: Path
    interface_language: str
    title: str
    title_line: int
    period_text: str | None
    period_line: int | None
    body: str            # read to find where it ends; never written into a record
    menu_line: int | None


def _bare(line: str) -> str:
    return re.sub(r"^[\s•·*\-–]+", "", line).strip()


def _back_link(line: str) -> tuple[str, str] | None:
    """(language, title) when *line* is "<back word> <title>"."""
    stripped = _bare(line).lstrip("«‹<←").strip()
    word, _, rest = stripped.partition(" ")
    lang = BACK_WORDS.get(word.casefold())
    return (lang, rest.strip()) if lang and rest.strip() else None


def read_page(path: Path) -> Page:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(str(path), f"cannot read the page ({exc})") from exc
    is_toolbar = [_bare(line).casefold() in TOOLBAR for line in lines]
    candidates = [i for i, line in enumerate(lines) if _back_link(line)]
    # The back link is the one followed, within two lines of text, by the text-size links.
    title_at = next((i for i in candidates
                     if any(is_toolbar[i + 1:i + 5]) or not any(is_toolbar)), None)
    if title_at is None:
        words = ", ".join(sorted({w.capitalize() for w in BACK_WORDS}))
        raise ImportError_(str(path), f"no back-link line with the practice's title (a line starting with one of: {words})")
    lang, title = _back_link(lines[title_at])
    toolbar_at = next((i for i in range(title_at + 1, len(lines)) if is_toolbar[i]), None)
    between = range(title_at + 1, toolbar_at if toolbar_at is not None else min(title_at + 3, len(lines)))
    period_at = next((i for i in between if lines[i].strip()), None)
    period_text = lines[period_at].strip() if period_at is not None else None
    if toolbar_at is None and period_text and not re.search(r"\d|ongoing|permanent", period_text, re.I):
        period_at = period_text = None  # no toolbar and this line is body text, not a period
    body_from = (max(i for i in range(len(lines)) if is_toolbar[i]) + 1) if toolbar_at is not None else \
        ((period_at or title_at) + 1)
    menu_at = next((i for i in range(body_from, len(lines)) if _bare(lines[i]).casefold() in MENU_HEADINGS), None)
    body = "\n".join(lines[body_from:menu_at]).strip()
    return Page(path, lang, title, title_at + 1, period_text, period_at + 1 if period_at is not None else None,
                body, menu_at + 1 if menu_at is not None else None)


def page_record(page: Page, url: str | None = None, slug: str | None = None, lang: str | None = None) -> PracticeRecord:
    """A draft record: title, period, source; city, country and topics left to the editor."""
    slug = slug or slugify(fold(page.title))
    if not slug:
        raise ImportError_(str(page.path), "the title gives no slug; pass --slug", page.title_line)
    try:
        period: Period | None = parse_period(page.period_text)
    except PeriodError as exc:
        raise ImportError_(str(page.path), f"impossible period {page.period_text!r}: {exc}", page.period_line) from exc
    language = lang or guess_language(page.title, candidates=("en", "fr", "sq", "sr"))
    source = url or SITE_PRACTICE_URL.format(slug=slug)
    record = PracticeRecord(slug=slug, identifier=slug, titles={language: page.title}, source=source,
                            derived_from=[source], period=period, unknown=["city", "country"],
                            origin=page.path.name,
                            note=f"Draft from the page {page.path.name}: an editor adds city, country, topics "
                                 "and an abstract.")
    if url is None:
        record.uncertain.append(UncertainFact(
            "source", DCTERMS.source, "The page file carries no address; this one follows the site's pattern "
            "for practice pages and was not seen.", source))
    return record
