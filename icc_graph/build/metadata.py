"""Describe a release: a VoID description and a DCAT-AP 3.0.1 catalogue.

IRIs (all under the base, no blank nodes, so the output is deterministic):

- ``{base}/dataset`` the dataset (both ``void:Dataset`` and ``dcat:Dataset``);
  ``{base}/dataset#class-{qname}`` / ``#property-{qname}`` its VoID partitions,
  ``#dist-{file}`` a distribution, ``#dist-{file}-sha256`` its checksum,
  ``#dist-sparql`` the endpoint as a distribution, ``#period`` its temporal coverage.
- ``{base}/catalog`` the catalogue; ``#sparql-service`` the SPARQL endpoint as a
  ``dcat:DataService``; ``#publisher`` and ``#contact`` are stated in ``data/dataset.ttl``.
- ``{base}/dumps/{name}`` the download of each file, ``{base}/sparql`` the endpoint.
- ``{base}/releases/{id}`` each release of the history as a version of the dataset: ``#dist-{file}``
  its downloads, ``#period`` its temporal coverage (with ``dct:spatial``, from its history entry).

``dataset_info`` is ``data/dataset.ttl`` parsed with ``publicID={base}/``: what the publisher
states (titles, publisher, licence, keywords, themes, dates). Everything else is computed
from the graph and the files, never from the clock.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS, VOID, XSD

from .. import iris as minted
from ..services import SEARCH, SERVICES, WebService
from ..errors import PublishError
from ..formats import JSONLD, NTRIPLES, RDF_FORMATS, RDFXML, TURTLE, by_name
from ..namespaces import DQV, EU_COUNTRY, SPDX, bind_prefixes, icc_namespaces, prefixes

DCATAP = Namespace("http://data.europa.eu/r5r/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
DCAT_VERSION = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace predates it
DCAT3 = Namespace(str(DCAT))  # an open namespace, for DCAT 3's versioning terms
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_AVAILABILITY = Namespace("http://publications.europa.eu/resource/authority/planned-availability/")

# EU file-type authority code per RDF format of the format table.
EU_FILE_TYPES = {
    TURTLE.media_type: "RDF_TURTLE",
    JSONLD.media_type: "JSON_LD",
    NTRIPLES.media_type: "RDF_N_TRIPLES",
    RDFXML.media_type: "RDF_XML",
}
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
CHANGE_DISCOVERY = URIRef("https://iiif.io/api/discovery/1.0/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EXAMPLE_COUNT = 3


@dataclass(frozen=True)
class DistributionFile:
    """One published dump of the graph, as written to the release directory."""
    name: str                       # "icc-graph.ttl"
    media_type: str                 # of the (uncompressed) content: "text/turtle"
    byte_size: int                  # of the file as downloaded
    sha256: str                     # hex digest of the file as downloaded
    compression: str | None = None  # media type of the compression, e.g. "application/gzip"


@dataclass(frozen=True)
class _Iris:
    """The IRIs of one deployment's metadata, as rdflib terms (minted by :mod:`icc_graph.iris`)."""

    base: str

    @property
    def dataset(self) -> URIRef:
        return URIRef(minted.dataset_iri(self.base))

    @property
    def catalog(self) -> URIRef:
        return URIRef(minted.catalog_iri(self.base))

    @property
    def sparql(self) -> URIRef:
        return URIRef(minted.sparql_iri(self.base))

    @property
    def service(self) -> URIRef:
        return URIRef(minted.catalog_part(self.base, "sparql-service"))

    @property
    def facets(self) -> URIRef:
        return URIRef(minted.facets_iri(self.base))

    def part(self, fragment: str) -> URIRef:
        return URIRef(minted.dataset_part(self.base, fragment))

    def dump(self, name: str) -> URIRef:
        return URIRef(minted.dump_url(self.base, name))


def describe_release(graph: Graph, files: list[DistributionFile], base_iri: str,
                     dataset_info: Graph, release_id: str, quality: dict | None = None,
                     history: list[dict] | None = None) -> tuple[Graph, Graph]:
    """Return (void_graph, catalog_graph) for the knowledge graph `graph` published as `files`;
    *quality* (the summary of :mod:`icc_graph.build.quality`) adds its DQV measurements; *history*
    (``history.json``'s releases, this one last) describes every release as a version."""
    iris = _Iris(minted.normalise_base(base_iri))
    _check_dataset_info(dataset_info, iris)
    files = sorted(files, key=lambda f: f.name)
    catalog = _catalog(graph, files, iris, dataset_info, release_id)
    if quality is not None:
        _add_quality(catalog, quality, iris)
    void = _void(graph, files, iris, dataset_info)
    if history:
        _add_versions(catalog, history, iris, dataset_info)
        _add_feed(catalog, void, iris, dataset_info)
    return void, catalog


def _check_dataset_info(info: Graph, iris: _Iris) -> None:
    for node, what in ((iris.dataset, "dataset"), (iris.catalog, "catalogue")):
        if (node, DCTERMS.title, None) not in info:
            raise PublishError(f"data/dataset.ttl: no dcterms:title for the {what} <{node}> "
                               f"(was it parsed with publicID={iris.base}/ ?)")


# --- VoID -----------------------------------------------------------------------------------

def _void(graph: Graph, files: list[DistributionFile], iris: _Iris, info: Graph) -> Graph:
    void = bind_prefixes(Graph(), iris.base)
    ds = iris.dataset
    void.add((ds, RDF.type, VOID.Dataset))
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.publisher):
        for value in info.objects(ds, prop):
            void.add((ds, prop, value))

    subjects = set(graph.subjects(unique=True))
    uri_space = minted.things_namespace(iris.base)
    classes = Counter(cls for _, cls in set(graph.subject_objects(RDF.type)))
    properties = Counter(graph.predicates())
    void.add((ds, VOID.triples, _count(len(graph))))
    # VoID entities: the resources minted in the dataset's URI space.
    void.add((ds, VOID.entities, _count(sum(1 for s in subjects if str(s).startswith(uri_space)))))
    void.add((ds, VOID.distinctSubjects, _count(len(subjects))))
    void.add((ds, VOID.distinctObjects, _count(len(set(graph.objects(unique=True))))))
    void.add((ds, VOID.classes, _count(len(classes))))
    void.add((ds, VOID.properties, _count(len(properties))))
    void.add((ds, VOID.uriSpace, Literal(uri_space)))
    void.add((ds, VOID.sparqlEndpoint, iris.sparql))
    void.add((ds, VOID.rootResource, iris.facets))  # the practices, as a Hydra collection to page through
    void.add((ds, VOID.uriLookupEndpoint, URIRef(SEARCH.endpoint(iris.base) + "?q=")))
    void.add((ds, VOID.openSearchDescription, URIRef(SEARCH.described_by(iris.base))))
    for file in files:
        void.add((ds, VOID.dataDump, iris.dump(file.name)))
    for vocabulary in _vocabularies(set(classes) | set(properties), iris.base):
        void.add((ds, VOID.vocabulary, vocabulary))
    for example in _examples(graph, iris.base):
        void.add((ds, VOID.exampleResource, example))

    for cls, entities in classes.items():
        part = iris.part(f"class-{_slug(cls, iris.base)}")
        void.add((ds, VOID.classPartition, part))
        void.add((part, VOID["class"], cls))
        void.add((part, VOID.entities, _count(entities)))
    for prop, triples in properties.items():
        part = iris.part(f"property-{_slug(prop, iris.base)}")
        void.add((ds, VOID.propertyPartition, part))
        void.add((part, VOID.property, prop))
        void.add((part, VOID.triples, _count(triples)))
    return void


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _slug(term: URIRef, base: str) -> str:
    """A readable, stable fragment for a class or property: ``icc-Practice``, ``skos-prefLabel``."""
    text = str(term)
    matches = [(prefix, ns) for prefix, ns in prefixes(base).items() if text.startswith(ns)]
    if matches:
        prefix, ns = max(matches, key=lambda m: len(m[1]))
        local = text[len(ns):]
        if local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}-{local}"
    return "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _vocabularies(terms: set[URIRef], base: str) -> list[URIRef]:
    """The known vocabularies whose terms the graph uses (namespace IRI without a trailing '#')."""
    used = set()
    for ns in prefixes(base).values():
        if not ns.startswith(minted.things_namespace(base)) and any(str(t).startswith(ns) for t in terms):
            used.add(URIRef(ns.rstrip("#")))
    return sorted(used)


def _examples(graph: Graph, base: str) -> list[URIRef]:
    practice_class = icc_namespaces(base)["icc"].Practice
    return sorted(s for s in set(graph.subjects(RDF.type, practice_class)) if isinstance(s, URIRef))[:EXAMPLE_COUNT]


def _add_shapes(cat: Graph, iris: _Iris) -> None:
    """The dataset conforms to the SHACL shapes published at /shapes (every release is validated)."""
    shapes = URIRef(minted.shapes_iri(iris.base))
    cat.add((iris.dataset, DCTERMS.conformsTo, shapes))
    cat.add((shapes, RDF.type, DCTERMS.Standard))
    cat.add((shapes, DCTERMS.title, Literal("ICC Graph SHACL shapes", lang="en")))
    cat.add((shapes, DCTERMS.title, Literal("Formes SHACL d'ICC Graph", lang="fr")))
    cat.add((shapes, DCTERMS.description, Literal(
        "What every record must have to be published (violations) and should have (warnings).", lang="en")))
    cat.add((shapes, DCTERMS.description, Literal(
        "Ce que chaque fiche doit avoir pour être publiée (violations) et devrait avoir (avertissements).",
        lang="fr")))


# --- quality (W3C Data Quality Vocabulary) ---------------------------------------------------

def _add_quality(cat: Graph, summary: dict, iris: _Iris) -> None:
    """One completeness measurement per field of the quality report, with its metric, and the
    report itself (``/curation``) as the dataset's quality metadata."""
    ds = iris.dataset
    dimension = iris.part("quality-completeness")
    cat.add((dimension, RDF.type, DQV.Dimension))
    cat.add((dimension, SKOS.prefLabel, Literal("Completeness", lang="en")))
    cat.add((dimension, SKOS.prefLabel, Literal("Complétude", lang="fr")))
    report = URIRef(minted.quality_report_iri(iris.base))
    cat.add((report, RDF.type, DQV.QualityMetadata))
    cat.add((report, DCTERMS.title, Literal("Quality report: what each record lacks", lang="en")))
    cat.add((report, DCTERMS.title, Literal("Rapport de qualité : ce qui manque à chaque fiche", lang="fr")))
    cat.add((ds, DQV.hasQualityMetadata, report))
    for field in summary["fields"]:
        metric, measurement = iris.part(f"metric-{field['id']}"), iris.part(f"quality-{field['id']}")
        cat.add((metric, RDF.type, DQV.Metric))
        cat.add((metric, DQV.inDimension, dimension))
        cat.add((metric, DQV.expectedDataType, XSD.decimal))
        for lang, label in sorted(field["label"].items()):
            text = (f"Share of records with a {label}" if lang == "en" else f"Part des fiches avec : {label}")
            cat.add((metric, SKOS.prefLabel, Literal(text, lang=lang)))
        cat.add((measurement, RDF.type, DQV.QualityMeasurement))
        cat.add((measurement, DQV.isMeasurementOf, metric))
        cat.add((measurement, DQV.computedOn, ds))
        cat.add((measurement, DQV.value, quality_share(field)))
        cat.add((ds, DQV.hasQualityMeasurement, measurement))


def quality_share(field: dict) -> Literal:
    """The share of records that have *field* (a summary entry), as an xsd:decimal of 4 places."""
    share = 1.0 if not field["total"] else (field["total"] - field["missing"]) / field["total"]
    return Literal(f"{share:.4f}", datatype=XSD.decimal)


# --- DCAT-AP --------------------------------------------------------------------------------

def _catalog(graph: Graph, files: list[DistributionFile], iris: _Iris, info: Graph, release_id: str) -> Graph:
    cat = bind_prefixes(Graph(), iris.base)
    cat.bind("dcatap", DCATAP)
    for triple in info:
        cat.add(triple)
    ds, catalog = iris.dataset, iris.catalog
    cat.add((catalog, RDF.type, DCAT.Catalog))
    cat.add((catalog, DCAT.dataset, ds))
    cat.add((catalog, DCAT.service, iris.service))
    for web_service in SERVICES:
        cat.add((catalog, DCAT.service, URIRef(minted.catalog_part(iris.base, f"{web_service.key}-service"))))
    cat.add((ds, RDF.type, DCAT.Dataset))
    cat.add((ds, DCAT_VERSION, Literal(release_id)))

    modified = latest_modified(graph, info, ds)
    cat.remove((ds, DCTERMS.modified, None))
    if modified is not None:
        cat.add((ds, DCTERMS.modified, modified))
    for prop in (DCTERMS.issued, DCTERMS.modified):
        cat.remove((catalog, prop, None))
        for value in cat.objects(ds, prop):
            cat.add((catalog, prop, value))

    _add_spatial(cat, graph, iris)
    _add_temporal(cat, ds, iris.part("period"), _years(graph, iris.base))
    _add_shapes(cat, iris)
    licence = next(info.objects(ds, DCTERMS.license), None)
    for file in files:
        _add_distribution(cat, file, iris, licence)
    _add_service(cat, iris, info)
    for web_service in SERVICES:
        _add_web_service(cat, iris, info, web_service)
    return cat


def latest_modified(graph: Graph, info: Graph, ds: URIRef) -> Literal | None:
    """The latest dcterms:modified date stated by the publisher or on any record."""
    dates = [o for o in (*info.objects(ds, DCTERMS.modified), *graph.objects(None, DCTERMS.modified))
             if isinstance(o, Literal) and o.datatype in (XSD.date, XSD.dateTime)]
    return max(dates, key=lambda d: str(d)) if dates else None


def _eu_countries(graph: Graph, base: str) -> dict[URIRef, set[URIRef]]:
    """The EU country IRI of every country a practice is linked to -> the graph's countries matching it."""
    icc = icc_namespaces(base)["icc"]
    found: dict[URIRef, set[URIRef]] = {}
    for practice in set(graph.subjects(RDF.type, icc.Practice)):
        for country in graph.objects(practice, icc.country):
            for eu in graph.objects(country, SKOS.exactMatch):
                if str(eu).startswith(str(EU_COUNTRY)):
                    found.setdefault(eu, set()).add(country)
    return found


def coverage(graph: Graph, base_iri: str) -> dict:
    """What a release covers, kept with it in the history so that every version states its own:
    ``spatial``, the EU country IRIs of its practices' countries (sorted), and ``years``, the first
    and last of their filter years (None without any)."""
    base = minted.normalise_base(base_iri)
    return {"spatial": sorted(str(eu) for eu in _eu_countries(graph, base)), "years": _years(graph, base)}


def _years(graph: Graph, base: str) -> list[int] | None:
    """[first, last] of the practices' filter years, or None without any."""
    years = sorted({int(str(y)[:4]) for y in graph.objects(None, icc_namespaces(base)["icc"].year)})
    return [years[0], years[-1]] if years else None


def _add_spatial(cat: Graph, graph: Graph, iris: _Iris) -> None:
    """The EU country IRI of every country a practice is linked to, with the country's centre and
    bounding box (DCAT-AP recommends dcat:centroid and dcat:bbox on a dcterms:Location)."""
    for eu, countries in _eu_countries(graph, iris.base).items():
        cat.add((iris.dataset, DCTERMS.spatial, eu))
        cat.add((iris.catalog, DCTERMS.spatial, eu))
        cat.add((eu, RDF.type, DCTERMS.Location))
        for country in countries:
            for label in graph.objects(country, SKOS.prefLabel):
                cat.add((eu, RDFS.label, label))
            for prop in (DCAT.centroid, DCAT.bbox):
                for value in graph.objects(country, prop):
                    cat.add((eu, prop, value))


def _add_temporal(cat: Graph, owner: URIRef, period: URIRef, years: list[int] | None) -> None:
    """The span *years* (first, last) of *owner*, the dataset or one of its versions, as the
    dcterms:PeriodOfTime *period*."""
    if not years:
        return
    cat.add((owner, DCTERMS.temporal, period))
    cat.add((period, RDF.type, DCTERMS.PeriodOfTime))
    cat.add((period, DCAT.startDate, Literal(f"{years[0]:04d}", datatype=XSD.gYear)))
    cat.add((period, DCAT.endDate, Literal(f"{years[-1]:04d}", datatype=XSD.gYear)))


def _add_distribution(cat: Graph, file: DistributionFile, iris: _Iris, licence,
                      owner: URIRef | None = None, url: URIRef | None = None) -> None:
    """*file* as a distribution of *owner* (the dataset, or one of its versions), downloaded at *url*
    (``/dumps/{name}``: the release in service)."""
    owner = owner if owner is not None else iris.dataset
    dist = URIRef(f"{owner}#dist-{file.name}") if owner != iris.dataset else iris.part(f"dist-{file.name}")
    fmt = by_name(file.media_type, RDF_FORMATS)
    label = fmt.label if fmt else file.media_type
    packed = " (gzip)" if file.compression else ""
    cat.add((owner, DCAT.distribution, dist))
    cat.add((dist, RDF.type, DCAT.Distribution))
    cat.add((dist, DCTERMS.title, Literal(f"ICC Graph, {label}{packed}", lang="en")))
    cat.add((dist, DCTERMS.title, Literal(f"ICC Graph, {label}{packed}", lang="fr")))
    cat.add((dist, DCTERMS.description, Literal(
        f"The whole knowledge graph in one {label} file{packed}.", lang="en")))
    cat.add((dist, DCTERMS.description, Literal(
        f"L'ensemble du graphe de connaissances dans un seul fichier {label}{packed}.", lang="fr")))
    url = url if url is not None else iris.dump(file.name)
    cat.add((dist, DCAT.accessURL, url))
    cat.add((dist, DCAT.downloadURL, url))
    _add_media_type(cat, dist, DCAT.mediaType, file.media_type)
    if file.compression:
        _add_media_type(cat, dist, DCAT.compressFormat, file.compression)
    code = EU_FILE_TYPES.get(file.media_type)
    if code:
        cat.add((dist, DCTERMS.format, EU_FILE_TYPE[code]))
        cat.add((EU_FILE_TYPE[code], RDF.type, DCTERMS.MediaTypeOrExtent))
    cat.add((dist, DCAT.byteSize, Literal(file.byte_size, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{dist}-sha256")
    cat.add((dist, SPDX.checksum, checksum))
    cat.add((checksum, RDF.type, SPDX.Checksum))
    cat.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    cat.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))  # DCAT-AP: the range, stated
    cat.add((checksum, SPDX.checksumValue, Literal(file.sha256.lower(), datatype=XSD.hexBinary)))
    _add_availability(cat, dist)
    if licence is not None:
        cat.add((dist, DCTERMS.license, licence))


def _add_media_type(cat: Graph, dist: URIRef, prop: URIRef, media_type: str) -> None:
    iri = IANA[media_type]
    cat.add((dist, prop, iri))
    cat.add((iri, RDF.type, DCTERMS.MediaType))


def _add_availability(cat: Graph, dist: URIRef) -> None:
    stable = EU_AVAILABILITY.STABLE
    cat.add((dist, DCATAP.availability, stable))
    cat.add((stable, RDF.type, SKOS.Concept))
    cat.add((stable, SKOS.inScheme, URIRef(str(EU_AVAILABILITY).rstrip("/"))))
    cat.add((stable, SKOS.prefLabel, Literal("stable", lang="en")))


def _add_service(cat: Graph, iris: _Iris, info: Graph) -> None:
    """The SPARQL endpoint, as a DataService and as a distribution that points to it."""
    service, ds = iris.service, iris.dataset
    cat.add((service, RDF.type, DCAT.DataService))
    cat.add((service, DCTERMS.title, Literal("ICC Graph SPARQL endpoint", lang="en")))
    cat.add((service, DCTERMS.title, Literal("Point d'accès SPARQL d'ICC Graph", lang="fr")))
    cat.add((service, DCAT.endpointURL, iris.sparql))
    cat.add((service, DCAT.endpointDescription, iris.sparql))
    cat.add((service, DCAT.servesDataset, ds))
    cat.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    cat.add((SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard))
    _add_publisher_facts(cat, service, info, ds)

    dist = iris.part("dist-sparql")
    cat.add((ds, DCAT.distribution, dist))
    cat.add((dist, RDF.type, DCAT.Distribution))
    cat.add((dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    cat.add((dist, DCTERMS.title, Literal("Point d'accès SPARQL", lang="fr")))
    cat.add((dist, DCTERMS.description, Literal("Query the knowledge graph with SPARQL 1.1.", lang="en")))
    cat.add((dist, DCTERMS.description, Literal("Interroger le graphe de connaissances en SPARQL 1.1.", lang="fr")))
    cat.add((dist, DCAT.accessURL, iris.sparql))
    cat.add((dist, DCAT.accessService, service))
    # the EU file type of SPARQL endpoints, as portals (data.europa.eu, CKAN's DCAT export) name it
    cat.add((dist, DCTERMS.format, EU_FILE_TYPE.SPARQLQ))
    cat.add((EU_FILE_TYPE.SPARQLQ, RDF.type, DCTERMS.MediaTypeOrExtent))
    _add_availability(cat, dist)
    for value in info.objects(ds, DCTERMS.license):
        cat.add((dist, DCTERMS.license, value))


def _add_publisher_facts(cat: Graph, service: URIRef, info: Graph, ds: URIRef) -> None:
    """A service carries the dataset's licence, publisher, contact point, keywords and themes."""
    for prop in (DCTERMS.license, DCTERMS.publisher, DCAT.contactPoint, DCAT.keyword, DCAT.theme):
        for value in info.objects(ds, prop):
            cat.add((service, prop, value))


def _add_web_service(cat: Graph, iris: _Iris, info: Graph, web_service: WebService) -> None:
    """One of :data:`icc_graph.services.SERVICES` as a DataService serving the dataset."""
    service = URIRef(minted.catalog_part(iris.base, f"{web_service.key}-service"))
    standard = URIRef(web_service.standard)
    cat.add((service, RDF.type, DCAT.DataService))
    for lang in sorted(web_service.title):
        cat.add((service, DCTERMS.title, Literal(web_service.title[lang], lang=lang)))
        cat.add((service, DCTERMS.description, Literal(web_service.description[lang], lang=lang)))
    cat.add((service, DCAT.endpointURL, URIRef(web_service.endpoint(iris.base))))
    cat.add((service, DCAT.endpointDescription, URIRef(web_service.described_by(iris.base))))
    cat.add((service, DCAT.servesDataset, iris.dataset))
    cat.add((service, DCTERMS.conformsTo, standard))
    cat.add((standard, RDF.type, DCTERMS.Standard))
    _add_publisher_facts(cat, service, info, iris.dataset)


# --- versions (DCAT 3: every release is a version of the dataset) ----------------------------

def _add_versions(cat: Graph, history: list[dict], iris: _Iris, info: Graph) -> None:
    """Each release of *history* as a ``dcat:Dataset`` of its own, ``{base}/releases/{id}``: its
    version, issue time, version notes, the version before it and its immutable downloads."""
    ds = iris.dataset
    licence = next(info.objects(ds, DCTERMS.license), None)
    for entry in history:
        version = URIRef(minted.release_iri(iris.base, entry["release"]))
        cat.add((ds, DCAT3.hasVersion, version))
        cat.add((version, RDF.type, DCAT.Dataset))
        cat.add((version, DCAT3.isVersionOf, ds))
        cat.add((version, DCAT_VERSION, Literal(entry["release"])))
        cat.add((version, DCTERMS.issued, Literal(entry["issued"], datatype=XSD.dateTime)))
        cat.add((version, DCTERMS.title, Literal(f"ICC Graph, release {entry['release']}", lang="en")))
        cat.add((version, DCTERMS.title, Literal(f"ICC Graph, version {entry['release']}", lang="fr")))
        for lang, notes in version_notes(entry).items():
            cat.add((version, DCTERMS.description, Literal(notes, lang=lang)))
            cat.add((version, ADMS.versionNotes, Literal(notes, lang=lang)))
        for prop in (DCTERMS.publisher, DCAT.contactPoint, DCAT.keyword, DCAT.theme):
            for value in info.objects(ds, prop):
                cat.add((version, prop, value))
        covered = entry.get("coverage")  # None in a release made before versions stated it
        if covered:
            for eu in covered["spatial"]:
                cat.add((version, DCTERMS.spatial, URIRef(eu)))
                cat.add((URIRef(eu), RDF.type, DCTERMS.Location))
            _add_temporal(cat, version, URIRef(f"{version}#period"), covered["years"])
        if entry["previous"]:
            cat.add((version, DCAT3.previousVersion, URIRef(minted.release_iri(iris.base, entry["previous"]))))
        for name, dump in sorted(entry["dumps"].items()):
            file = DistributionFile(name, dump["media_type"], dump["byte_size"], dump["sha256"], dump["compression"])
            _add_distribution(cat, file, iris, licence, owner=version,
                              url=URIRef(minted.release_file_url(iris.base, entry["release"], name)))
    cat.add((ds, DCAT3.hasCurrentVersion, URIRef(minted.release_iri(iris.base, history[-1]["release"]))))


def version_notes(entry: dict) -> dict[str, str]:
    """What changed in a release, in English and French (``adms:versionNotes``)."""
    changes = entry.get("changes")
    if changes is None:
        return {"en": "First release of this history: the whole dataset.",
                "fr": "Première version de cet historique : tout le jeu de données."}
    counted, triples = changes["resources"], changes["triples"]
    return {"en": f"{counted['created']} resources created, {counted['updated']} updated, {counted['deleted']} "
                  f"deleted ({triples['added']} triples added, {triples['removed']} removed).",
            "fr": f"{counted['created']} ressources créées, {counted['updated']} modifiées, {counted['deleted']} "
                  f"supprimées ({triples['added']} triplets ajoutés, {triples['removed']} retirés)."}


def _add_feed(cat: Graph, void: Graph, iris: _Iris, info: Graph) -> None:
    """The change feed (``/changes``) as a distribution of the dataset, and in the VoID description."""
    feed = URIRef(minted.changes_iri(iris.base))
    dist = iris.part("dist-changes")
    cat.add((iris.dataset, DCAT.distribution, dist))
    cat.add((dist, RDF.type, DCAT.Distribution))
    cat.add((dist, DCTERMS.title, Literal("Change feed (Activity Streams 2.0)", lang="en")))
    cat.add((dist, DCTERMS.title, Literal("Flux des modifications (Activity Streams 2.0)", lang="fr")))
    cat.add((dist, DCTERMS.description, Literal(
        "What each release created, updated and deleted, resource by resource (IIIF Change Discovery 1.0).",
        lang="en")))
    cat.add((dist, DCTERMS.description, Literal(
        "Ce que chaque version a créé, modifié et supprimé, ressource par ressource (IIIF Change Discovery 1.0).",
        lang="fr")))
    cat.add((dist, DCAT.accessURL, feed))
    _add_media_type(cat, dist, DCAT.mediaType, JSONLD.media_type)
    code = EU_FILE_TYPE[EU_FILE_TYPES[JSONLD.media_type]]
    cat.add((dist, DCTERMS.format, code))
    cat.add((code, RDF.type, DCTERMS.MediaTypeOrExtent))
    for value in info.objects(iris.dataset, DCTERMS.license):
        cat.add((dist, DCTERMS.license, value))
    cat.add((dist, DCTERMS.conformsTo, CHANGE_DISCOVERY))
    cat.add((CHANGE_DISCOVERY, RDF.type, DCTERMS.Standard))
    _add_availability(cat, dist)
    void.add((iris.dataset, RDFS.seeAlso, feed))
