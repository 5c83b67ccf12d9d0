"""icc_graph.iris: every IRI the project mints, and parsing thing IRIs back."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icc_graph import iris
from icc_graph.iris import KINDS, SLUG_RE, ThingRef

BASE = "http://127.0.0.1:8080"

slugs = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


# --- normalise_base -------------------------------------------------------------------------------

@pytest.mark.parametrize("given_base", [BASE, BASE + "/", BASE + "///"])
def test_normalise_base_drops_trailing_slashes(given_base):
    assert iris.normalise_base(given_base) == BASE


def test_normalise_base_keeps_a_path():
    assert iris.normalise_base("https://example.org/icc/") == "https://example.org/icc"


def test_a_trailing_slash_on_the_base_mints_the_same_iris():
    assert iris.thing_iri(BASE + "/", "city", "oslo") == iris.thing_iri(BASE, "city", "oslo")
    assert iris.ontology_iri(BASE + "/") == iris.ontology_iri(BASE)
    assert iris.dump_url(BASE + "/", "x.ttl") == iris.dump_url(BASE, "x.ttl")


# --- things ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_thing_iri_and_parse_thing_round_trip_for_every_kind(kind):
    iri = iris.thing_iri(BASE, kind, "some-slug-2")
    assert iri == f"{BASE}/id/{kind}/some-slug-2"
    assert iri.startswith(iris.kind_namespace(BASE, kind))
    assert iri.startswith(iris.things_namespace(BASE))
    assert iris.parse_thing(BASE, iri) == ThingRef(kind, "some-slug-2")
    assert iris.thing_path(ThingRef(kind, "some-slug-2")) == f"/id/{kind}/some-slug-2"
    assert iris.is_valid_ref(kind, "some-slug-2")


def test_thing_iri_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        iris.thing_iri(BASE, "person", "ada")


@pytest.mark.parametrize("iri", [
    "http://example.org/id/city/oslo",            # another base
    f"{BASE}/id/person/ada",                      # unknown kind
    f"{BASE}/id/city/Oslo",                       # uppercase
    f"{BASE}/id/city/-oslo",                      # leading hyphen
    f"{BASE}/id/city/oslo-",                      # trailing hyphen
    f"{BASE}/id/city/",                           # empty slug
    f"{BASE}/id/city",                            # no slug at all
    f"{BASE}/id/city/oslo/more",                  # extra segment
    f"{BASE}/id/city/os lo",                      # space
    f"{BASE}/id/city/os%C3%B8",                   # escaped
    f"{BASE}/doc/city/oslo",                      # a document, not a thing
    f"{BASE}/ontology#City",
    f"{BASE}/dataset",
    "",
])
def test_parse_thing_rejects_iris_that_are_not_things(iri):
    assert iris.parse_thing(BASE, iri) is None


def test_parse_thing_rejects_a_thing_of_a_base_that_only_shares_a_prefix():
    # http://127.0.0.1:80800/... begins with the text of http://127.0.0.1:8080 but is another host
    assert iris.parse_thing(BASE, "http://127.0.0.1:80800/id/city/oslo") is None


@pytest.mark.parametrize("kind, slug", [
    ("person", "ada"), ("city", ""), ("city", "Oslo"), ("city", "a_b"), ("city", "a/b"),
    ("city", "-a"), ("city", "a-"), ("City", "oslo"),
])
def test_is_valid_ref_rejects_bad_kinds_and_slugs(kind, slug):
    assert not iris.is_valid_ref(kind, slug)


@pytest.mark.parametrize("slug", ["oslo\n", "\noslo", "os\nlo", "oslo\r\n"])
def test_a_slug_with_a_newline_is_not_valid(slug):
    # "$" would match before a final newline: /id/city/oslo%0A once reached the store (a 500)
    assert not iris.is_valid_ref("city", slug)
    assert iris.parse_thing(BASE, f"{BASE}/id/city/{slug}") is None


@pytest.mark.parametrize("slug", ["a", "0", "a-b", "a--b", "2019", "x1-y2"])
def test_is_valid_ref_accepts_slugs(slug):
    assert iris.is_valid_ref("topic", slug)


@settings(database=None)
@given(kind=st.sampled_from(KINDS), slug=slugs)
def test_parse_thing_inverts_thing_iri_for_every_valid_slug(kind, slug):
    assert iris.parse_thing(BASE, iris.thing_iri(BASE, kind, slug)) == ThingRef(kind, slug)
    assert iris.parse_thing(BASE + "/", iris.thing_iri(BASE, kind, slug)) == ThingRef(kind, slug)


@settings(database=None)
@given(kind=st.sampled_from(KINDS), slug=slugs)
def test_a_thing_iri_is_never_parsed_under_another_base(kind, slug):
    assert iris.parse_thing("http://example.org", iris.thing_iri(BASE, kind, slug)) is None


# --- documents ------------------------------------------------------------------------------------

def test_doc_path_and_doc_url_with_and_without_an_extension():
    assert iris.doc_path("city", "oslo") == "/doc/city/oslo"
    assert iris.doc_path("city", "oslo", "ttl") == "/doc/city/oslo.ttl"
    assert iris.doc_url(BASE + "/", "city", "oslo", "jsonld") == f"{BASE}/doc/city/oslo.jsonld"
    assert iris.doc_url(BASE, "city", "oslo") == f"{BASE}/doc/city/oslo"


# --- slugify --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, slug", [
    ("Oslo", "oslo"),
    ("São Paulo", "sao-paulo"),
    ("Zürich", "zurich"),
    ("  Refugees & Migrants!  ", "refugees-migrants"),
    ("Anti-rumour   strategy", "anti-rumour-strategy"),
    ("2019 -- 2020", "2019-2020"),
    ("---", ""),
    ("東京", ""),
    ("", ""),
])
def test_slugify(text, slug):
    assert iris.slugify(text) == slug


@settings(database=None)
@given(st.text())
def test_slugify_gives_a_valid_slug_or_nothing_and_is_idempotent(text):
    slug = iris.slugify(text)
    assert slug == "" or SLUG_RE.fullmatch(slug)
    assert iris.slugify(slug) == slug


# --- ontology, dataset, catalogue, dumps, graphs --------------------------------------------------

def test_the_ontology_iri_and_its_terms():
    assert iris.ontology_iri(BASE) == f"{BASE}/ontology"
    assert iris.ontology_namespace(BASE) == f"{BASE}/ontology#"
    assert iris.is_ontology_term(BASE, f"{BASE}/ontology")
    assert iris.is_ontology_term(BASE, f"{BASE}/ontology#Practice")
    assert not iris.is_ontology_term(BASE, f"{BASE}/ontologyX")
    assert not iris.is_ontology_term(BASE, f"{BASE}/ontology/Practice")
    assert not iris.is_ontology_term(BASE, "http://example.org/ontology#Practice")
    assert not iris.is_ontology_term(BASE, f"{BASE}/id/city/oslo")


def test_service_iris_are_all_under_the_base_and_distinct():
    minted = {
        "ontology": iris.ontology_iri(BASE),
        "dataset": iris.dataset_iri(BASE),
        "dataset part": iris.dataset_part(BASE, "practices"),
        "catalog": iris.catalog_iri(BASE),
        "catalog part": iris.catalog_part(BASE, "record"),
        "sparql": iris.sparql_iri(BASE),
        "dump": iris.dump_url(BASE, "icc-graph.ttl"),
        "meta graph": iris.meta_graph(BASE),
        "release graph": iris.release_graph(BASE, "abc123"),
    }
    assert minted == {
        "ontology": f"{BASE}/ontology",
        "dataset": f"{BASE}/dataset",
        "dataset part": f"{BASE}/dataset#practices",
        "catalog": f"{BASE}/catalog",
        "catalog part": f"{BASE}/catalog#record",
        "sparql": f"{BASE}/sparql",
        "dump": f"{BASE}/dumps/icc-graph.ttl",
        "meta graph": f"{BASE}/graph/meta",
        "release graph": f"{BASE}/graph/release/abc123",
    }
    assert len(set(minted.values())) == len(minted)
    for iri in minted.values():
        assert iri.startswith(BASE + "/")
        assert iris.parse_thing(BASE, iri) is None


def test_release_graphs_of_two_releases_differ():
    assert iris.release_graph(BASE, "a") != iris.release_graph(BASE, "b")
    assert iris.release_graph(BASE + "/", "a") == iris.release_graph(BASE, "a")
