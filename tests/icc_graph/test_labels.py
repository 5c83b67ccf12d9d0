"""icc_graph.labels: which label names a thing for a reader."""
from __future__ import annotations

import pytest

from icc_graph.labels import LABEL_PROPERTIES, rank

PREF, RDFS_LABEL, TITLE, NAME = LABEL_PROPERTIES


def _best(candidates, lang):
    return sorted(candidates, key=lambda c: rank(*c, lang))


def test_the_readers_language_comes_first_then_english_then_any():
    candidates = [
        (PREF, "Stadt", "de"),
        (PREF, "City", "en"),
        (NAME, "Ville", "fr"),  # the worst property, but the reader's language
        (PREF, "Untagged", None),
    ]
    ordered = [text for _, text, _ in _best(candidates, "fr")]
    assert ordered[:2] == ["Ville", "City"]
    assert set(ordered[2:]) == {"Stadt", "Untagged"}


def test_english_comes_first_for_a_reader_of_a_language_with_no_label():
    candidates = [(PREF, "Stadt", "de"), (TITLE, "City", "en"), (PREF, "Ciudad", "es")]
    assert _best(candidates, "it")[0][1] == "City"


def test_for_an_english_reader_english_is_simply_first():
    candidates = [(PREF, "Ville", "fr"), (NAME, "City", "en")]
    assert _best(candidates, "en")[0][1] == "City"


def test_within_one_language_the_property_order_decides():
    candidates = [(NAME, "d", "en"), (TITLE, "c", "en"), (RDFS_LABEL, "b", "en"), (PREF, "a-but-last?", "en")]
    ordered = [prop for prop, _, _ in _best(candidates, "en")]
    assert ordered == [PREF, RDFS_LABEL, TITLE, NAME]


def test_the_property_order_is_the_one_of_label_properties():
    keys = [rank(prop, "x", "en", "en") for prop in LABEL_PROPERTIES]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_language_beats_property():
    # a schema:name in the reader's language beats a skos:prefLabel in English
    assert rank(NAME, "z", "fr", "fr") < rank(PREF, "a", "en", "fr")
    # an rdfs:label in English beats a skos:prefLabel in German
    assert rank(RDFS_LABEL, "z", "en", "fr") < rank(PREF, "a", "de", "fr")


def test_the_text_breaks_ties():
    assert rank(PREF, "Alpha", "en", "en") < rank(PREF, "Beta", "en", "en")


def test_language_tags_are_compared_without_case():
    assert rank(PREF, "x", "FR", "fr") == rank(PREF, "x", "fr", "fr")
    assert rank(PREF, "x", "EN", "fr")[0] == 1


def test_an_untagged_label_ranks_with_other_languages():
    assert rank(PREF, "x", None, "fr")[0] == rank(PREF, "x", "de", "fr")[0] == 2
    assert rank(PREF, "x", "", "fr")[0] == 2


def test_a_property_that_is_not_a_label_property_is_refused():
    with pytest.raises(ValueError):
        rank("http://example.org/notALabel", "x", "en", "en")
