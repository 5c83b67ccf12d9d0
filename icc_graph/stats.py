"""What a page shows about a whole release, computed once when the release is made.

The home page's numbers and the practice browser's unfiltered facets are aggregates over every
practice: at 100k practices a SPARQL GROUP BY takes seconds, too long for a page. The build (and
``serve --data``'s loader) computes them here, with a pass over a few index patterns of the store,
and writes them into the release's ``release.json`` (``"stats"``); pages read them from there.

    {"counts": {"practices", "cities", "countries", "topics", "bodies"},
     "facets": {"topic": {iri: n}, "country": {iri: n}, "year": {"2020": n}},
     "places": {"city": {iri: n}}}

``facets`` count the practices (``icc:Practice``) with each topic of the topic scheme, country
and year: what the browser's facet query counts with no filter. ``places`` count the practices
of each city (``icc:city``): what the map of the home page and the unfiltered browser draws.
"""
from __future__ import annotations

from collections import Counter

import pyoxigraph

from .iris import kind_namespace, ontology_namespace

RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS_OF = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
IN_SCHEME = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
SUBJECT = pyoxigraph.NamedNode("http://purl.org/dc/terms/subject")
_DEFAULT = pyoxigraph.DefaultGraph()


def compute(store: pyoxigraph.Store, base: str) -> dict:
    """The release's counts and unfiltered facets (see the module docstring)."""
    icc = ontology_namespace(base)

    def node(local: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(icc + local)

    def subjects(p, o) -> set:
        return {quad.subject for quad in store.quads_for_pattern(None, p, o, _DEFAULT)}

    practices = subjects(RDF_TYPE, node("Practice"))
    topics = subjects(IN_SCHEME, pyoxigraph.NamedNode(kind_namespace(base, "scheme") + "topics"))
    facets = {}
    for dimension, prop, allowed in (("topic", SUBJECT, topics), ("country", node("country"), None),
                                     ("year", node("year"), None)):
        pairs = {(quad.subject, quad.object) for quad in store.quads_for_pattern(None, prop, None, _DEFAULT)
                 if quad.subject in practices and (allowed is None or quad.object in allowed)}
        facets[dimension] = dict(sorted(Counter(value.value for _, value in pairs).items()))
    cities = {(quad.subject, quad.object) for quad in store.quads_for_pattern(None, node("city"), None, _DEFAULT)
              if quad.subject in practices}
    return {
        "counts": {
            "practices": len(practices),
            "cities": len(subjects(RDF_TYPE, node("City"))),
            "countries": len(facets["country"]),
            "topics": len(topics),
            "bodies": len({s for cls in _subclasses(store, node("Body")) for s in subjects(RDF_TYPE, cls)}),
        },
        "facets": facets,
        "places": {"city": dict(sorted(Counter(city.value for _, city in cities).items()))},
    }


def _subclasses(store: pyoxigraph.Store, top: pyoxigraph.NamedNode) -> set:
    """*top* and every class below it (rdfs:subClassOf*)."""
    found, todo = {top}, [top]
    while todo:
        for quad in store.quads_for_pattern(None, SUBCLASS_OF, todo.pop(), _DEFAULT):
            if quad.subject not in found:
                found.add(quad.subject)
                todo.append(quad.subject)
    return found
