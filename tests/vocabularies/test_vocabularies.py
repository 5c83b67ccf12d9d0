"""The ontology and the controlled vocabularies: well-formed, complete, and consistent with each
other and with the model contract in docs/model.md."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SDO, SKOS, XSD

from icc_graph.iris import SLUG_RE, slugify
from icc_graph.namespaces import EU_COUNTRY, GEONAMES, STANDARD_PREFIXES, WD, icc_namespaces

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://example.org/"
NS = icc_namespaces(BASE)
ICC = NS["icc"]
ONTOLOGY = URIRef(BASE + "ontology")
VANN = Namespace("http://purl.org/vocab/vann/")

ONTOLOGY_FILE = ROOT / "ontology" / "icc.ttl"
DATA_FILES = sorted((ROOT / "data" / "vocabularies").glob("*.ttl")) + [ROOT / "data" / "places" / "cities.ttl"]
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
LANGUAGES = ("en", "fr")


@lru_cache(maxsize=None)
def parse(path: Path, base: str = BASE) -> Graph:
    return Graph().parse(path, format="turtle", publicID=base)


def data_graph() -> Graph:
    graph = Graph()
    for path in DATA_FILES:
        graph += parse(path)
    return graph


def ontology() -> Graph:
    return parse(ONTOLOGY_FILE)


def in_lang(graph: Graph, subject, predicate, lang: str) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]


def members(graph: Graph, scheme: str) -> set[URIRef]:
    return set(graph.subjects(SKOS.inScheme, NS["scheme"][scheme]))


def slug_of(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[1]


def icc_terms_in(graph: Graph) -> set[URIRef]:
    return {node for triple in graph for node in triple
            if isinstance(node, URIRef) and str(node).startswith(str(ICC)) and node != URIRef(ICC)}


def declared_terms() -> set[URIRef]:
    g = ontology()
    return {s for t in DECLARATION_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(ICC))}


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    namespaces = {**STANDARD_PREFIXES, **NS}
    return URIRef(str(namespaces[prefix]) + local)


# ---------------------------------------------------------------- every file

@pytest.mark.parametrize("path", [ONTOLOGY_FILE, *DATA_FILES], ids=lambda p: p.name)
def test_file_parses_with_relative_iris_and_no_blank_nodes(path):
    graph = parse(path)
    assert len(graph) > 0
    assert not [t for t in graph if any(isinstance(n, BNode) for n in t)]
    # Every subject is minted under the base given at parse time, so the file serves any deployment.
    outside = {s for s in graph.subjects() if not str(s).startswith(BASE)}
    assert not outside
    other = parse(path, "http://other.test/")
    assert len(other) == len(graph)
    assert not {s for s in other.subjects() if str(s).startswith(BASE)}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_iris_use_valid_slugs(path):
    for subject in set(parse(path).subjects()):
        assert SLUG_RE.match(slug_of(subject)), subject


# ---------------------------------------------------------------- SKOS concepts

def test_every_concept_has_one_preflabel_per_language_and_distinct_altlabels():
    graph = data_graph()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert len(list(graph.objects(concept, SKOS.inScheme))) == 1, concept
        for lang in LANGUAGES:
            pref = in_lang(graph, concept, SKOS.prefLabel, lang)
            assert len(pref) == 1, (concept, lang, pref)
            # SKOS: a label cannot be both preferred and alternative for the same concept.
            assert not set(pref) & set(in_lang(graph, concept, SKOS.altLabel, lang)), concept


def test_schemes_are_labelled_and_list_their_top_concepts():
    graph = data_graph()
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert {slug_of(s) for s in schemes} >= {"topics", "countries", "years", "rights"}
    for scheme in schemes:
        for lang in LANGUAGES:
            assert len(in_lang(graph, scheme, SKOS.prefLabel, lang)) == 1, (scheme, lang)
            assert len(in_lang(graph, scheme, DCTERMS.title, lang)) == 1, (scheme, lang)
        inscheme = set(graph.subjects(SKOS.inScheme, scheme))
        assert set(graph.subjects(SKOS.topConceptOf, scheme)) == inscheme
        assert set(graph.objects(scheme, SKOS.hasTopConcept)) == inscheme


def test_topics_are_the_22_of_the_site_filter_with_slugs_from_english_labels():
    graph = parse(ROOT / "data" / "vocabularies" / "topics.ttl")
    topics = members(graph, "topics")
    assert len(topics) == 22
    for topic in topics:
        assert str(topic).startswith(str(NS["topic"]))
        assert (topic, RDF.type, SKOS.Concept) in graph
        english = in_lang(graph, topic, SKOS.prefLabel, "en")[0]
        assert slug_of(topic) == slugify(english)
    french = [in_lang(graph, t, SKOS.prefLabel, "fr")[0] for t in topics]
    assert len(set(french)) == len(french)


def test_years_are_consecutive_gyear_concepts():
    graph = parse(ROOT / "data" / "vocabularies" / "years.ttl")
    years = members(graph, "years")
    assert len(years) == 10
    numbers = []
    for year in years:
        assert (year, RDF.type, ICC.Year) in graph
        (notation,) = graph.objects(year, SKOS.notation)
        assert notation.datatype == XSD.gYear
        assert str(notation) == slug_of(year)
        assert {str(label) for label in graph.objects(year, SKOS.prefLabel)} == {str(notation)}
        numbers.append(int(str(notation)))
    assert sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))


def test_rights_match_the_model_contract():
    graph = parse(ROOT / "data" / "vocabularies" / "rights.ttl")
    rights = members(graph, "rights")
    contract = set(re.findall(r"`right:([a-z0-9-]+)`", (ROOT / "docs" / "model.md").read_text()))
    assert contract
    assert {slug_of(r) for r in rights} == contract
    for right in rights:
        assert (right, RDF.type, ICC.Right) in graph
        assert len(in_lang(graph, right, SKOS.definition, "en")) == 1, right


# ---------------------------------------------------------------- countries

def countries() -> tuple[Graph, set[URIRef]]:
    graph = parse(ROOT / "data" / "vocabularies" / "countries.ttl")
    return graph, members(graph, "countries")


def test_thirty_countries_are_flagged_as_in_the_site_filter():
    graph, all_countries = countries()
    flags = {c: list(graph.objects(c, ICC.inSiteFilter)) for c in all_countries}
    assert all(len(values) == 1 and values[0].datatype == XSD.boolean for values in flags.values())
    in_filter = [c for c, values in flags.items() if values[0].value is True]
    assert len(in_filter) == 30
    assert len(all_countries) > len(in_filter)  # the nationalities the records need are there too


def test_every_country_is_typed_labelled_and_slugged_from_its_english_name():
    graph, all_countries = countries()
    for country in all_countries:
        assert {ICC.Country, SKOS.Concept} <= set(graph.objects(country, RDF.type))
        english = in_lang(graph, country, SKOS.prefLabel, "en")[0]
        assert slug_of(country) == slugify(english)
        # rdfs:label repeats the preferred labels, so generic label look-ups find them.
        assert set(graph.objects(country, RDFS.label)) == set(graph.objects(country, SKOS.prefLabel))


def test_iso_codes_are_well_formed_and_unique():
    graph, all_countries = countries()
    for prop, pattern in ((ICC.isoAlpha2, r"[A-Z]{2}"), (ICC.isoAlpha3, r"[A-Z]{3}")):
        codes = []
        for country in all_countries:
            values = list(graph.objects(country, prop))
            assert len(values) == 1, (country, prop)
            assert values[0].datatype in (None, XSD.string) and values[0].language is None
            assert re.fullmatch(pattern, str(values[0])), values[0]
            codes.append(str(values[0]))
        assert not [code for code, n in Counter(codes).items() if n > 1]


def test_countries_match_eu_authority_table_wikidata_and_geonames_once_each():
    graph, all_countries = countries()
    qids, geonames = [], []
    for country in all_countries:
        matches = [str(m) for m in graph.objects(country, SKOS.exactMatch)]
        eu = [m for m in matches if m.startswith(str(EU_COUNTRY))]
        wikidata = [m for m in matches if m.startswith(str(WD))]
        geonames += [m for m in matches if re.fullmatch(re.escape(str(GEONAMES)) + r"[1-9][0-9]*/", m)]
        assert len(eu) == 1 and len(wikidata) == 1 and len(matches) == 3, country
        assert eu[0] == str(EU_COUNTRY) + str(graph.value(country, ICC.isoAlpha3))
        assert re.fullmatch(r"Q[1-9][0-9]*", wikidata[0][len(str(WD)):]), wikidata[0]
        qids.append(wikidata[0])
    assert len(set(qids)) == len(qids)
    assert len(set(geonames)) == len(geonames) == len(all_countries)


def test_countries_have_a_centre_inside_their_bounding_box():
    graph, all_countries = countries()
    for country in all_countries:
        centre = str(graph.value(country, DCAT.centroid))
        box = str(graph.value(country, DCAT.bbox))
        long, lat = map(float, re.fullmatch(r"POINT\((\S+) (\S+)\)", centre).groups())
        corners = [tuple(map(float, c.split())) for c in re.fullmatch(r"POLYGON\(\((.*)\)\)", box)[1].split(", ")]
        (west, south), (east, _), (_, north) = corners[0], corners[1], corners[2]
        assert corners[0] == corners[4] and west < east and south < north, (country, box)
        assert west <= long <= east and south <= lat <= north, (country, centre, box)


# ---------------------------------------------------------------- places

def test_cities_and_regions_have_labels_and_a_known_country():
    places = parse(ROOT / "data" / "places" / "cities.ttl")
    graph = data_graph()
    known_countries = set(graph.subjects(RDF.type, ICC.Country))
    cities = set(places.subjects(RDF.type, ICC.City))
    regions = set(places.subjects(RDF.type, ICC.Region))
    assert cities and regions
    for place in cities | regions:
        for lang in LANGUAGES:
            assert len(in_lang(places, place, RDFS.label, lang)) == 1, (place, lang)
        place_countries = list(places.objects(place, ICC.country))
        assert len(place_countries) == 1 and place_countries[0] in known_countries, place
    for city in cities:
        assert str(city).startswith(str(NS["city"]))
        containers = list(places.objects(city, SDO.containedInPlace))
        assert len(containers) <= 1
        for container in containers:
            assert container in regions or container in known_countries, (city, container)
            if container in regions:
                assert places.value(container, ICC.country) == places.value(city, ICC.country)


# ---------------------------------------------------------------- ontology

def test_ontology_header():
    g = ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY, OWL.versionIRI) is None  # the build adds it, from the release history
    assert g.value(ONTOLOGY, OWL.versionInfo) is not None
    assert g.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert g.value(ONTOLOGY, prop).datatype == XSD.date
    for prop in (DCTERMS.creator, DCTERMS.publisher):
        assert g.value(ONTOLOGY, prop) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        for lang in LANGUAGES:
            assert len(in_lang(g, ONTOLOGY, prop, lang)) == 1, (prop, lang)
    assert str(g.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "icc"
    assert str(g.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(ICC)


def test_ontology_describes_only_its_own_terms():
    # Standard terms are reused, never redeclared or relabelled.
    g = ontology()
    assert {s for s in g.subjects() if s != ONTOLOGY and not str(s).startswith(str(ICC))} == set()


def test_every_ontology_term_is_declared_labelled_and_commented_in_english_and_french():
    g = ontology()
    terms = icc_terms_in(g)
    assert terms == declared_terms()
    for term in terms:
        assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY, term
        for prop in (RDFS.label, RDFS.comment):
            for lang in LANGUAGES:
                assert len(in_lang(g, term, prop, lang)) == 1, (term, prop, lang)


def test_domains_and_ranges_point_to_declared_or_standard_terms():
    g = ontology()
    declared_classes = set(g.subjects(RDF.type, OWL.Class))
    for prop in (RDFS.domain, RDFS.range):
        for term, target in g.subject_objects(prop):
            assert target in declared_classes or not str(target).startswith(str(ICC)), (term, target)


def test_every_icc_term_used_in_the_data_is_declared():
    assert icc_terms_in(data_graph()) - declared_terms() == set()


def test_individuals_belong_to_a_declared_class():
    g = ontology()
    classes = set(g.subjects(RDF.type, OWL.Class))
    for individual in g.subjects(RDF.type, OWL.NamedIndividual):
        assert set(g.objects(individual, RDF.type)) & classes, individual


def reaches_standard(g: Graph, term: URIRef, link: URIRef) -> bool:
    """Whether following *link* upwards from *term* ends at a term outside the icc namespace."""
    return any(not str(t).startswith(str(ICC)) for t in g.transitive_objects(term, link))


def test_every_class_and_super_property_chain_reaches_a_standard_vocabulary():
    g = ontology()
    for cls in g.subjects(RDF.type, OWL.Class):
        assert reaches_standard(g, cls, RDFS.subClassOf), cls
    for prop in set(g.subjects(RDFS.subPropertyOf, None)):
        assert reaches_standard(g, prop, RDFS.subPropertyOf), prop


# ---------------------------------------------------------------- the model contract

MODEL = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")


def test_every_icc_term_named_in_the_model_is_declared():
    # Terms written as `icc:x`-free are ones the model says NOT to use.
    named = {expand("icc:" + m.group(1)) for m in re.finditer(r"icc:([A-Za-z]\w*)(`-free)?", MODEL)
             if not m.group(2)}
    assert len(named) > 40
    assert named - declared_terms() == set()


def test_subclass_links_follow_the_model_class_table():
    g = ontology()
    class_section = MODEL.split("## Classes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (`icc:[^|]+)\| ([^|]+)\|", class_section, flags=re.MULTILINE)
    assert len(rows) > 15
    for classes, supers in rows:
        for cls in re.findall(r"`(icc:\w+)`", classes):
            for sup in re.findall(r"`(\w+:\w+)`", supers):
                assert (expand(cls), RDFS.subClassOf, expand(sup)) in g, (cls, sup)


def test_subproperty_links_follow_the_model():
    g = ontology()
    links = re.findall(r"`(icc:\w+)`\s*\(⊑ `?(\w+:\w+)`?", MODEL)
    assert len(links) >= 5
    for prop, sup in links:
        assert (expand(prop), RDFS.subPropertyOf, expand(sup)) in g, (prop, sup)
