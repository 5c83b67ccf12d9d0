"""Namespaces and prefix bindings shared by every graph the project writes.

The ICC namespaces hang off the configured base IRI (``ICC_BASE_IRI``), so
they are built per base by :func:`icc_namespaces`; the standard vocabularies
are fixed.
"""
from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VOID,
    XSD,
)

from .iris import KINDS, kind_namespace, ontology_namespace, shapes_namespace

SCHEMA = SDO  # rdflib's name for https://schema.org/
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")  # W3C WGS84: geo:lat, geo:long
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")  # OGC GeoSPARQL: geometries, WKT
GEONAMES = Namespace("https://sws.geonames.org/")  # a GeoNames feature is GEONAMES[f"{id}/"]; no prefix

STANDARD_PREFIXES: dict[str, Namespace] = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "org": ORG,
    "schema": SCHEMA, "dcterms": DCTERMS, "prov": PROV, "dcat": DCAT, "void": VOID,
    "foaf": FOAF, "sh": SH, "sd": SD, "adms": ADMS, "vcard": VCARD, "spdx": SPDX,
    "eucountry": EU_COUNTRY, "wd": WD, "dqv": DQV, "geo": GEO, "geosparql": GEOSPARQL,
}

def icc_namespaces(base: str) -> dict[str, Namespace]:
    """The project's own prefixes for a deployment at *base*."""
    spaces = {"icc": Namespace(ontology_namespace(base)), "shapes": Namespace(shapes_namespace(base))}
    for kind in KINDS:
        spaces[kind] = Namespace(kind_namespace(base, kind))
    return spaces


def prefixes(base: str) -> dict[str, str]:
    """Prefix -> namespace IRI of every prefix the project binds, in a fixed order."""
    return {prefix: str(namespace) for prefix, namespace in {**STANDARD_PREFIXES, **icc_namespaces(base)}.items()}


def bind_prefixes(graph: Graph, base: str) -> Graph:
    """Bind every prefix the project uses, so serialisations are stable and readable."""
    for prefix, namespace in {**STANDARD_PREFIXES, **icc_namespaces(base)}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
