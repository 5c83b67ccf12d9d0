"""VoID and DCAT-AP descriptions of a release, computed from a small graph that follows docs/model.md."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from icc_graph.build.metadata import DCAT_VERSION, DistributionFile, coverage, describe_release
from icc_graph.errors import PublishError
from icc_graph.namespaces import SPDX

ROOT = Path(__file__).resolve().parents[3]
BASE = "http://example.test/icc"
EU = "http://publications.europa.eu/resource/authority/country/"

RECORDS = """
@prefix icc: <ontology#> .
@prefix practice: <id/practice/> . @prefix city: <id/city/> . @prefix country: <id/country/> .
@prefix topic: <id/topic/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .

country:korea a icc:Country ; skos:prefLabel "South Korea"@en , "Corée du Sud"@fr ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/KOR> ,
                    <http://www.wikidata.org/entity/Q884> ;
    dcat:centroid "POINT(127.5 37)"^^geosparql:wktLiteral ;
    dcat:bbox "POLYGON((126 33, 130 33, 130 39, 126 39, 126 33))"^^geosparql:wktLiteral .
country:norway a icc:Country ; skos:prefLabel "Norway"@en , "Norvège"@fr ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/NOR> .
country:spain a icc:Country ; skos:prefLabel "Spain"@en , "Espagne"@fr ;
    skos:exactMatch <http://publications.europa.eu/resource/authority/country/ESP> .
city:ansan a icc:City ; rdfs:label "Ansan"@en ; icc:country country:korea .
city:oslo a icc:City ; rdfs:label "Oslo"@en ; icc:country country:norway .
topic:participation a skos:Concept ; skos:prefLabel "Participation"@en .

practice:council a icc:Practice ; dcterms:identifier "council" ; dcterms:title "A council"@en ;
    icc:city city:ansan ; icc:country country:korea ; dcterms:subject topic:participation ;
    icc:year "2021"^^xsd:gYear ; dcterms:source <https://example.org/council> .
practice:forum a icc:Practice ; dcterms:identifier "forum" ; dcterms:title "A forum"@en ;
    icc:city city:oslo ; icc:country country:norway ; dcterms:subject topic:participation ;
    icc:year "2016"^^xsd:gYear ; dcterms:source <https://example.org/forum> .
practice:plan a icc:Practice ; dcterms:identifier "plan" ; dcterms:title "A plan"@en ;
    icc:country country:korea ; dcterms:subject topic:participation ;
    icc:year "2019"^^xsd:gYear ; dcterms:source <https://example.org/plan> .
"""

FILES = [
    DistributionFile("icc-graph.ttl", "text/turtle", 1234, "ab" * 32),
    DistributionFile("icc-graph.jsonld", "application/ld+json", 2345, "cd" * 32),
    DistributionFile("icc-graph.nt.gz", "application/n-triples", 345, "ef" * 32, "application/gzip"),
]

# The mandatory DCAT-AP 3.0.1 properties, as a local check (the official shapes run from .ci/).
MANDATORY_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix spdx: <http://spdx.org/rdf/terms#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.test/shapes#> .
ex:Catalog a sh:NodeShape ; sh:targetClass dcat:Catalog ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
                [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
                [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
                [ sh:path dcat:dataset ; sh:minCount 1 ; sh:class dcat:Dataset ] ,
                [ sh:path dcat:service ; sh:class dcat:DataService ] .
ex:Dataset a sh:NodeShape ; sh:targetClass dcat:Dataset ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
                [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
                [ sh:path dct:publisher ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
                [ sh:path dct:issued ; sh:maxCount 1 ] , [ sh:path dct:modified ; sh:maxCount 1 ] ,
                [ sh:path dcat:distribution ; sh:class dcat:Distribution ] ,
                [ sh:path dct:spatial ; sh:class dct:Location ] ,
                [ sh:path dct:temporal ; sh:class dct:PeriodOfTime ] .
ex:Distribution a sh:NodeShape ; sh:targetClass dcat:Distribution ;
    sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ,
                [ sh:path dcat:byteSize ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ] ,
                [ sh:path dcat:mediaType ; sh:maxCount 1 ; sh:class dct:MediaType ] ,
                [ sh:path dct:format ; sh:maxCount 1 ; sh:class dct:MediaTypeOrExtent ] ,
                [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
                [ sh:path spdx:checksum ; sh:maxCount 1 ; sh:class spdx:Checksum ] .
ex:Checksum a sh:NodeShape ; sh:targetClass spdx:Checksum ;
    sh:property [ sh:path spdx:algorithm ; sh:minCount 1 ; sh:maxCount 1 ; sh:class spdx:ChecksumAlgorithm ] ,
                [ sh:path spdx:checksumValue ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:hexBinary ] .
ex:DataService a sh:NodeShape ; sh:targetClass dcat:DataService ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ] , [ sh:path dcat:endpointURL ; sh:minCount 1 ] .
"""


def parse(text: str, base: str = BASE) -> Graph:
    return Graph().parse(data=text, format="turtle", publicID=f"{base}/")


@pytest.fixture(scope="module")
def dataset_info() -> Graph:
    return parse((ROOT / "data" / "dataset.ttl").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> Graph:
    return parse(RECORDS)


@pytest.fixture(scope="module")
def described(records, dataset_info) -> tuple[Graph, Graph]:
    return describe_release(records, FILES, BASE + "/", dataset_info, "0123456789abcdef")


def node(path: str) -> URIRef:
    return URIRef(f"{BASE}/{path}")


def test_catalogue_has_the_mandatory_dcat_ap_properties(described):
    _, catalog = described
    conforms, _, text = validate(catalog, shacl_graph=parse(MANDATORY_SHAPES))
    assert conforms, text


def test_the_local_check_catches_a_missing_title(described):
    _, catalog = described
    broken = Graph()
    for triple in catalog:
        broken.add(triple)
    broken.remove((node("catalog"), DCTERMS.title, None))
    conforms, _, _ = validate(broken, shacl_graph=parse(MANDATORY_SHAPES))
    assert not conforms


def test_no_blank_nodes(described):
    for graph in described:
        assert not [t for t in graph if any(not isinstance(x, (URIRef, Literal)) for x in t)]


def test_output_is_deterministic(records, dataset_info, described):
    again = describe_release(parse(RECORDS), list(reversed(FILES)), BASE, parse(
        (ROOT / "data" / "dataset.ttl").read_text(encoding="utf-8")), "0123456789abcdef")
    for first, second in zip(described, again):
        assert first.serialize(format="turtle") == second.serialize(format="turtle")


def test_void_counts_match_the_graph(records, described):
    void, _ = described
    ds = node("dataset")
    subjects = set(records.subjects())
    assert void.value(ds, VOID.triples).toPython() == len(records)
    assert void.value(ds, VOID.distinctSubjects).toPython() == len(subjects)
    assert void.value(ds, VOID.distinctObjects).toPython() == len(set(records.objects()))
    assert void.value(ds, VOID.properties).toPython() == len(set(records.predicates()))
    assert void.value(ds, VOID.classes).toPython() == len(set(records.objects(None, RDF.type)))
    minted = {s for s in subjects if str(s).startswith(f"{BASE}/id/")}
    assert void.value(ds, VOID.entities).toPython() == len(minted)
    assert void.value(ds, VOID.uriSpace) == Literal(f"{BASE}/id/")


def test_void_partitions(records, described):
    void, _ = described
    ds = node("dataset")
    by_class = {void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
                for p in void.objects(ds, VOID.classPartition)}
    practice = URIRef(f"{BASE}/ontology#Practice")
    assert by_class[practice] == len(set(records.subjects(RDF.type, practice))) == 3
    by_property = {void.value(p, VOID.property): void.value(p, VOID.triples).toPython()
                   for p in void.objects(ds, VOID.propertyPartition)}
    assert by_property == {p: len(list(records.triples((None, p, None)))) for p in set(records.predicates())}
    assert node("dataset#class-icc-Practice") in set(void.objects(ds, VOID.classPartition))


def test_void_links(described):
    void, _ = described
    ds = node("dataset")
    assert set(void.objects(ds, VOID.dataDump)) == {node(f"dumps/{f.name}") for f in FILES}
    assert void.value(ds, VOID.sparqlEndpoint) == node("sparql")
    assert set(void.objects(ds, VOID.exampleResource)) == {
        node("id/practice/council"), node("id/practice/forum"), node("id/practice/plan")}
    vocabularies = set(void.objects(ds, VOID.vocabulary))
    assert {node("ontology"), URIRef(str(DCTERMS).rstrip("/") + "/")} <= vocabularies


def test_spatial_and_temporal_coverage_come_from_the_practices(described):
    _, catalog = described
    ds = node("dataset")
    # Spain has no practice, so it is not covered.
    assert set(catalog.objects(ds, DCTERMS.spatial)) == {URIRef(EU + "KOR"), URIRef(EU + "NOR")}
    # a country's centre and box go onto the location the catalogue names (DCAT-AP recommends them)
    wkt = "http://www.opengis.net/ont/geosparql#wktLiteral"
    assert catalog.value(URIRef(EU + "KOR"), DCAT.centroid) == Literal("POINT(127.5 37)", datatype=URIRef(wkt))
    assert str(catalog.value(URIRef(EU + "KOR"), DCAT.bbox)).startswith("POLYGON((126 33,")
    assert catalog.value(URIRef(EU + "NOR"), DCAT.centroid) is None
    period = catalog.value(ds, DCTERMS.temporal)
    assert catalog.value(period, DCAT.startDate) == Literal("2016", datatype=XSD.gYear)
    assert catalog.value(period, DCAT.endDate) == Literal("2021", datatype=XSD.gYear)


def test_each_version_states_the_coverage_of_its_own_release(records, dataset_info):
    """A version's countries and years come from its history entry (what that release covered),
    not from the release being described; an entry written before versions kept them states none."""
    covered = coverage(records, BASE)
    assert covered == {"spatial": [EU + "KOR", EU + "NOR"], "years": [2016, 2021]}
    dumps = {f.name: {"media_type": f.media_type, "byte_size": f.byte_size, "sha256": f.sha256,
                      "compression": f.compression} for f in FILES}
    older = {"release": "00000000000000aa", "issued": "2026-01-01T00:00:00Z", "previous": None,
             "dumps": dumps, "changes": None, "ontology": None}  # no "coverage": an older entry
    before = {**older, "release": "00000000000000bb", "previous": "00000000000000aa",
              "coverage": {"spatial": [EU + "ESP"], "years": [2010, 2012]}}
    current = {**before, "release": "0123456789abcdef", "previous": "00000000000000bb", "coverage": covered}
    _, catalog = describe_release(records, FILES, BASE + "/", dataset_info, "0123456789abcdef",
                                  history=[older, before, current])
    version = {entry["release"]: node(f"releases/{entry['release']}") for entry in (older, before, current)}
    assert set(catalog.objects(version["0123456789abcdef"], DCTERMS.spatial)) == {URIRef(EU + "KOR"), URIRef(EU + "NOR")}
    assert set(catalog.objects(version["00000000000000bb"], DCTERMS.spatial)) == {URIRef(EU + "ESP")}
    assert (URIRef(EU + "ESP"), RDF.type, DCTERMS.Location) in catalog
    period = catalog.value(version["00000000000000bb"], DCTERMS.temporal)
    assert (catalog.value(period, DCAT.startDate), catalog.value(period, DCAT.endDate)) == (
        Literal("2010", datatype=XSD.gYear), Literal("2012", datatype=XSD.gYear))
    assert catalog.value(version["00000000000000aa"], DCTERMS.spatial) is None
    assert catalog.value(version["00000000000000aa"], DCTERMS.temporal) is None


def test_distributions_carry_size_checksum_and_types(described):
    _, catalog = described
    dists = {str(catalog.value(d, DCAT.downloadURL)): d for d in catalog.objects(node("dataset"), DCAT.distribution)
             if catalog.value(d, DCAT.downloadURL) is not None}
    assert set(dists) == {f"{BASE}/dumps/{f.name}" for f in FILES}
    gz = dists[f"{BASE}/dumps/icc-graph.nt.gz"]
    assert catalog.value(gz, DCAT.byteSize) == Literal(345, datatype=XSD.nonNegativeInteger)
    assert catalog.value(gz, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/application/n-triples")
    assert catalog.value(gz, DCAT.compressFormat) == URIRef("http://www.iana.org/assignments/media-types/application/gzip")
    assert catalog.value(gz, DCTERMS.format) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/RDF_N_TRIPLES")
    checksum = catalog.value(gz, SPDX.checksum)
    assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    # DCAT-AP 3.0.1 (ranges.ttl): the algorithm must be a spdx:ChecksumAlgorithm, stated in the data
    assert (SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm) in catalog
    assert catalog.value(checksum, SPDX.checksumValue) == Literal("ef" * 32, datatype=XSD.hexBinary)
    assert catalog.value(dists[f"{BASE}/dumps/icc-graph.ttl"], DCAT.compressFormat) is None


def test_sparql_endpoint_is_a_data_service(described):
    _, catalog = described
    service = node("catalog#sparql-service")
    assert service in set(catalog.objects(node("catalog"), DCAT.service))
    assert (service, RDF.type, DCAT.DataService) in catalog
    assert catalog.value(service, DCAT.endpointURL) == node("sparql")
    assert catalog.value(service, DCAT.endpointDescription) == node("sparql")
    assert catalog.value(service, DCAT.servesDataset) == node("dataset")
    # the endpoint as a distribution has the EU file type portals give SPARQL endpoints
    assert catalog.value(node("dataset#dist-sparql"), DCTERMS.format) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/SPARQLQ")


def test_facet_pages_are_a_data_service_and_the_void_root(described):
    void, catalog = described
    service = node("catalog#facets-service")
    assert service in set(catalog.objects(node("catalog"), DCAT.service))
    assert catalog.value(service, DCAT.endpointURL) == node("practices")
    assert catalog.value(service, DCAT.endpointDescription) == node("openapi.json")
    assert set(catalog.objects(service, DCTERMS.conformsTo)) == {URIRef("http://www.w3.org/ns/hydra/core")}
    assert {title.language for title in catalog.objects(service, DCTERMS.title)} == {"en", "fr"}
    assert void.value(node("dataset"), VOID.rootResource) == node("practices")


def test_keywords_and_titles_in_english_and_french(described):
    _, catalog = described
    for prop in (DCTERMS.title, DCTERMS.description, DCAT.keyword):
        assert {v.language for v in catalog.objects(node("dataset"), prop)} == {"en", "fr"}
    assert catalog.value(node("dataset"), DCAT_VERSION) == Literal("0123456789abcdef")


def test_dates_come_from_the_data_not_the_clock(records, dataset_info):
    stated = dataset_info.value(node("dataset"), DCTERMS.issued)
    later = Graph()
    for triple in records:
        later.add(triple)
    later.add((node("id/practice/plan"), DCTERMS.modified, Literal("2099-03-01", datatype=XSD.date)))
    _, catalog = describe_release(later, FILES, BASE, dataset_info, "x")
    assert catalog.value(node("dataset"), DCTERMS.issued) == stated
    assert catalog.value(node("dataset"), DCTERMS.modified) == Literal("2099-03-01", datatype=XSD.date)
    assert catalog.value(node("catalog"), DCTERMS.modified) == Literal("2099-03-01", datatype=XSD.date)


def test_missing_dataset_info_is_a_clear_error(records):
    with pytest.raises(PublishError, match="dataset.ttl"):
        describe_release(records, FILES, BASE, Graph(), "x")


def test_built_release_catalogue_matches_its_files(built_release):
    """In a real build, byte sizes and checksums in catalog.ttl are those of the files on disk."""
    release = Path(built_release.path)
    catalog = Graph().parse(release / "catalog.ttl", format="turtle")
    sums = dict(reversed(line.split("  ", 1)) for line in (release / "SHA256SUMS").read_text().splitlines())
    downloads = [(d, str(url)) for d, url in catalog.subject_objects(DCAT.downloadURL)]
    assert len(downloads) == 6  # the dataset's (/dumps/) and its current version's (/releases/{id}/)
    for dist, url in downloads:
        name = url.rsplit("/", 1)[-1]
        assert catalog.value(dist, DCAT.byteSize).toPython() == (release / name).stat().st_size
        assert str(catalog.value(catalog.value(dist, SPDX.checksum), SPDX.checksumValue)) == sums[name]
    void = Graph().parse(release / "void.ttl", format="turtle")
    dump = Graph().parse(release / "icc-graph.ttl", format="turtle")
    dataset = URIRef(f"{built_release.base_iri.rstrip('/')}/dataset")
    assert void.value(dataset, VOID.triples).toPython() == len(dump)
