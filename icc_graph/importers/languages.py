"""Which language a title is in: French, Albanian or Serbian (Latin script), else English.

The ICC site lists practices in each interface language; titles other than English are mostly
French, Albanian or Serbian. Evident markers decide (letters and short words each language has and
the others lack); when a title has none, the language of the page it was seen on decides.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

LETTERS = {"sq": "ë", "sr": "čćđšž", "fr": "éèêàâùûôîœ"}
WORDS = {
    "sq": {"dhe", "të", "në", "për", "një", "mbi", "nga", "së", "ndër"},
    "sr": {"za", "u", "sa", "o", "kroz", "od", "na", "iz", "koje", "treba"},
    "fr": {"de", "la", "le", "les", "des", "du", "et", "un", "une", "pour", "dans", "où", "au", "aux"},
    "en": {"the", "and", "of", "for", "with", "in", "to", "a", "an", "on"},
}
SITE_LANGUAGES = ("fr", "sq", "sr", "en", "de", "it", "es", "pt", "tr", "uk", "eu", "fi", "el")


def page_language(url: str) -> str | None:
    """The interface language of a coe.int page: a languageId switch wins over the path segment."""
    parts = urlsplit(url)
    switch = parse_qs(parts.query).get("languageId")
    if switch:
        return switch[0].split("_")[0].lower()
    segment = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    return segment if segment in SITE_LANGUAGES else None


def marker_scores(title: str) -> dict[str, int]:
    lowered = title.lower()
    words = re.findall(r"[^\W\d_]+", lowered.replace("’", " ").replace("'", " "))
    scores = {}
    for lang in ("sq", "sr", "fr", "en"):
        letters = sum(lowered.count(ch) for ch in LETTERS.get(lang, ""))
        scores[lang] = 2 * letters + sum(1 for w in words if w in WORDS[lang])
    return scores


def guess_language(title: str, pages: list[str] = (), candidates: tuple[str, ...] = ("fr", "sq", "sr")) -> str:
    """The language of *title* among *candidates*, from markers, else from the pages it was seen on."""
    scores = {lang: s for lang, s in marker_scores(title).items() if lang in candidates}
    best = max(scores.values(), default=0)
    winners = [lang for lang in candidates if scores.get(lang) == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    for url in pages:
        lang = page_language(url)
        if lang in candidates:
            return lang
    return winners[0] if best > 0 else candidates[0]
