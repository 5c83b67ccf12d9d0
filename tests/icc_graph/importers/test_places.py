"""Names of countries, cities and topics match in English and French, with or without accents."""
from __future__ import annotations

import pytest

from icc_graph.importers.places import cities_text, load_vocabularies, match_key


@pytest.fixture
def vocab(data_dir):
    return load_vocabularies(data_dir)


@pytest.mark.parametrize("name,slug", [
    ("Germany", "germany"), ("Allemagne", "germany"), ("ALLEMAGNE", "germany"),
    ("South Korea", "south-korea"), ("Corée du Sud", "south-korea"), ("Coree du sud", "south-korea"),
    ("Republic of Korea", "south-korea"), ("United Kingdom", "united-kingdom"), ("Royaume-Uni", "united-kingdom"),
    ("UK", "united-kingdom"), ("Suisse", "switzerland"), ("Norvège", "norway"), ("Norvege", "norway"),
    ("New Zealand", "new-zealand"), ("Nouvelle-Zélande", "new-zealand"), ("Pays-Bas", "netherlands"),
])
def test_countries_match_in_both_languages(vocab, name, slug):
    assert vocab.country(name) == slug


@pytest.mark.parametrize("name", ["Atlantis", "Korea North", ""])
def test_unknown_countries_do_not_match(vocab, name):
    assert vocab.country(name) is None


@pytest.mark.parametrize("name,slug", [
    ("Education", "education"), ("Éducation", "education"), ("education", "education"),
    ("Welcoming and social integration", "welcoming-and-social-integration"),
    ("Leadership and Political Commitment", "leadership-and-political-commitment"),
    ("Leadership et engagement politique", "leadership-and-political-commitment"),
])
def test_topics_match_in_both_languages(vocab, name, slug):
    assert vocab.topic(name) == slug


def test_known_city_matches_and_new_city_is_minted_in_its_country(vocab):
    assert vocab.city("Ansan", "south-korea") == ("ansan", None)
    slug, problem = vocab.city("Castelló de la Plana", "spain")
    assert (slug, problem) == ("castello-de-la-plana", None)
    assert vocab.new_cities["castello-de-la-plana"].country == "spain"
    # the site's other spellings are the same city
    for variant in ("Castellón", "Castello de la Plana", "castellón de la plana"):
        assert vocab.city(variant, "spain") == ("castello-de-la-plana", None)
    assert vocab.city("Bottkyrka", "sweden") == vocab.city("Botkyrka", "sweden") == ("botkyrka", None)
    assert vocab.city("Neukölln", "germany") == vocab.city("Berlin-Neukölln", "germany") == ("berlin-neukolln", None)
    assert len(vocab.new_cities) == 3


def test_city_known_in_another_country_is_a_problem(vocab):
    slug, problem = vocab.city("Ansan", "france")
    assert slug is None and "south-korea" in problem


def test_new_city_labels_and_wikidata_only_where_certain(vocab):
    vocab.city("Krakow", "poland")
    vocab.city("Geneva", "switzerland")
    vocab.city("Lutsk", "ukraine")
    krakow, geneva, lutsk = (vocab.new_cities[s] for s in ("krakow", "geneva", "lutsk"))
    assert (krakow.label_en, krakow.label_fr) == ("Kraków", "Cracovie")
    assert geneva.label_fr == "Genève" and geneva.wikidata == "http://www.wikidata.org/entity/Q71"
    assert lutsk.wikidata is None and lutsk.label_en == lutsk.label_fr == "Lutsk"


def test_cities_file_keeps_curated_cities_and_rewrites_only_its_section(data_dir, vocab):
    path = data_dir / "places" / "cities.ttl"
    curated = path.read_text(encoding="utf-8")
    vocab.city("Zurich", "switzerland")
    vocab.city("Bergen", "norway")
    first = cities_text(curated, dict(vocab.new_cities))
    assert first.startswith(curated.rstrip("\n"))
    assert first.index("city:bergen") < first.index("city:zurich")  # sorted by slug
    # a later import adding one more city keeps the earlier ones, in order
    path.write_text(first, encoding="utf-8")
    later = load_vocabularies(data_dir)
    assert later.city("Zurich", "switzerland") == ("zurich", None) and not later.new_cities
    later.city("Auckland", "new-zealand")
    second = cities_text(first, dict(later.new_cities))
    assert second.count("city:zurich a") == 1 and "city:auckland a" in second
    assert second.index("city:auckland") < second.index("city:bergen")
    assert cities_text(second, {}) == second  # nothing new: the same bytes


def test_match_key_ignores_case_accents_and_punctuation():
    assert match_key("Donostia-San Sebastián") == match_key("donostia san sebastian")
    assert match_key("  Neuchâtel ") == "neuchatel"
