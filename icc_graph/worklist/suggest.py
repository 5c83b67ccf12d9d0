"""Suggestions for the worklist's curators, computed from what a record already says.

Suggestions go into the worklist's suggestions column only, never into the published graph: a
topic is suggested when one of its labels (English or French, preferred or alternative, as
data/vocabularies/topics.ttl states them) occurs in a title of the practice; a city when its name
does; a year when the printed period holds one.
"""
from __future__ import annotations

import re

from ..importers.places import match_key
from .vocabulary import FIRST_YEAR, Vocabulary, this_year

STEM = 6  # a label word this long also matches a longer title word it starts ("education" -> "educational")


def _words(text: str) -> list[str]:
    return [_singular(word) for word in match_key(text).split()]


def _singular(word: str) -> str:
    """A rough singular, the same for a label and a title: libraries -> library, rumours -> rumour."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _word_matches(title_word: str, label_word: str) -> bool:
    return title_word == label_word or (len(label_word) >= STEM and title_word.startswith(label_word))


def occurs(label: str, text: str) -> bool:
    """Whether the words of *label* occur in a row in *text* (case, accents and plurals aside)."""
    wanted, words = _words(label), _words(text)
    if not wanted:
        return False
    return any(all(_word_matches(words[i + j], w) for j, w in enumerate(wanted))
               for i in range(len(words) - len(wanted) + 1))


def topics_from_titles(titles: list[str], vocab: Vocabulary) -> list[str]:
    """The slugs of the topics whose labels occur in one of *titles*, in topic-list order."""
    found = []
    for slug in sorted(vocab.topic_labels):
        labels = list(vocab.topic_labels[slug].values()) + [label for _, label in vocab.topic_alt.get(slug, [])]
        if any(occurs(label, title) for label in labels for title in titles):
            found.append(slug)
    return found


def cities_from_titles(titles: list[str], vocab: Vocabulary) -> list[str]:
    """The slugs of the cities whose names occur in one of *titles*."""
    return [slug for slug in sorted(vocab.city_labels)
            if any(occurs(name, title) for name in vocab.city_labels[slug].values() for title in titles)]


def years_from_text(text: str) -> list[str]:
    """The years a printed period names, where they are possible years of a practice."""
    years = []
    for year in re.findall(r"(?<!\d)(\d{4})(?!\d)", text):
        if FIRST_YEAR <= int(year) <= this_year() and year not in years:
            years.append(year)
    return years
