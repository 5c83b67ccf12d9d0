"""The HTML of a thing's document (``/doc/...``, ``/ontology``): a page of its statements.

A thing's page shows its document as :mod:`icc_graph.documents` defines it (the same triples
``/doc/...`` serves in RDF and ``DESCRIBE`` answers): its own statements, its part nodes inlined
under the value that names them, and the links to it. A concept scheme lists its concepts with
the practices each filters; the ontology lists its classes and properties.
"""
from __future__ import annotations

import json
from collections import defaultdict

from flask import request
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from werkzeug.exceptions import NotFound

from icc_graph.documents import BROWSE_PARAMETER, described_part, more_link, serialize
from icc_graph.formats import JSONLD, RDF_FORMATS
from icc_graph.iris import doc_path, ontology_iri, ontology_namespace, parse_thing
from icc_graph.terms import sparql_iri, to_rdflib

from .context import current_release, facet_index, release_stats
from .display import DESCRIPTION_PROPERTIES, compact, descriptions, fact_statuses, grouped, make_value
from . import map_places
from .facets import DocumentNames, Filters, Label, labels, select
from .history import history_or_none
from .html import Linker, render
from .maps import render_map
from .messages import translate
from .portraits import portrait
from .shapes import class_requirements

SCHEME_BROWSE = {"topics": "topic", "countries": "country", "years": "year"}
ONTOLOGY_SECTIONS = ("classes", "object_properties")  # message keys, in page order
TERM_DETAILS = (("subclass_of", RDFS.subClassOf), ("subproperty_of", RDFS.subPropertyOf),
                ("domain", RDFS.domain), ("range", RDFS.range))


def render_thing(store, iri: str, lang: str) -> str:
    """The page of *iri*: a scheme's, the ontology's, or a thing's. NotFound if it is unknown."""
    base = store.base_iri
    ref = parse_thing(base, iri)
    if ref and ref.kind == "scheme":
        return render_scheme(store, iri, lang)
    if iri == ontology_iri(base):
        return render_ontology(store, lang)
    return render_document(store, iri, lang)


def render_document(store, iri: str, lang: str) -> str:
    """A thing's document as a page."""
    base = store.base_iri
    ref = parse_thing(base, iri)
    document = store.document_triples(iri)
    converted: dict = {}  # a hub's 1,000 triples name a few hundred terms: each converted once
    triples = [tuple(converted[term] if term in converted else converted.setdefault(term, to_rdflib(term))
                     for term in (t.subject, t.predicate, t.object))
               for t in document]
    thing = URIRef(iri)
    own = [(p, o) for s, p, o in triples if s == thing]
    parts = defaultdict(list)
    for s, p, o in triples:
        if s != thing and str(s).startswith(iri + "-"):
            parts[str(s)].append((p, o))
    incoming = sorted(((s, p) for s, p, o in triples if o == thing and s != thing and isinstance(s, URIRef)),
                      key=lambda pair: (str(pair[1]), str(pair[0])))
    if not own and not parts and not incoming:
        raise NotFound()
    mentioned = {iri} | {t for p, o in own for t in (p, o) if isinstance(t, URIRef)}
    mentioned |= {t for part in parts.values() for pair in part for t in pair if isinstance(t, URIRef)}
    mentioned |= {URIRef(part) for part in parts} | {t for pair in incoming for t in pair}
    known = DocumentNames.of(triples, lang)
    names = known.labels(store, base, mentioned, lang)
    linker = Linker.for_request(base, lang)

    types = [make_value(o, names, linker, lang) for p, o in own if p == RDF.type]
    sources = [make_value(o, names, linker, lang) for p, o in own if p == DCTERMS.source]
    shown_elsewhere = {RDF.type, DCTERMS.source, *DESCRIPTION_PROPERTIES}
    statuses = fact_statuses(parts, ontology_namespace(base))
    more = _more(triples, base, iri, lang)  # shown under the incoming links, not as a property
    properties = grouped([(p, o) for p, o in own if p not in shown_elsewhere and not (more and p == RDFS.seeAlso
                          and str(o) == base + more[1])], names, linker, lang, statuses)
    for _, values in properties:  # inline the part nodes under the value that names them
        for value in values:
            if value.iri in parts:
                value.parts = grouped(parts[value.iri], names, linker, lang)
    label = names.get(iri, Label(ref.slug if ref else compact(iri, base), None))
    browse = None
    if ref and ref.kind in BROWSE_PARAMETER:
        browse = linker.local("/practices", {BROWSE_PARAMETER[ref.kind]: ref.slug})
    composed = portrait(store, base, ref.kind if ref else None, iri, triples, lang, linker, known)
    template, composed = composed or ("document.html", None)
    return render(
        template, base, lang, label.text, heading=label, iri=iri, types=types, portrait=composed,
        descriptions=descriptions([o for p, o in own if p in DESCRIPTION_PROPERTIES], lang), sources=sources,
        properties=properties, incoming=grouped([(p, s) for s, p in incoming], names, linker, lang),
        more=more, browse=browse,
        formats=format_links(ref), jsonld=embedded_jsonld(store, iri, document), history=history_link(ref, iri, linker),
        place_map=place_map(store, ref, iri, lang))


def _more(triples, base: str, iri: str, lang: str) -> tuple[str, str] | None:
    """(text in *lang*, href) of the link to the incoming links the document leaves out (its
    ``rdfs:seeAlso`` to :func:`icc_graph.documents.more_link`), or None when it holds them all."""
    more = URIRef(more_link(base, iri))
    if (URIRef(iri), RDFS.seeAlso, more) not in triples:
        return None
    texts = {o.language: str(o) for s, p, o in triples if s == more and p == RDFS.label}
    return texts.get(lang, texts.get("en", str(more))), str(more).removeprefix(base)


def history_link(ref, iri: str, linker: Linker) -> str | None:
    """The page of the document's versions (docs/history.md), when the release keeps its history."""
    found = history_or_none()
    if ref is None or found is None or not found.changed(iri):
        return None
    return linker.local(f"/history{doc_path(ref.kind, ref.slug)}")


def place_map(store, ref, iri: str, lang: str):
    """A city's, a country's or a topic's map of its practices' cities; None for other kinds."""
    base = store.base_iri
    if ref is None or ref.kind not in ("city", "country", "topic"):
        return None
    index = facet_index()
    if ref.kind == "city":
        counts, heading = map_places.counts_of_city(store, base, iri), "map_heading_city"
    else:
        counts = map_places.city_counts(store, base, Filters(**{ref.kind: ref.slug}), None, index, lang)
        heading = "map_heading"
    shown = map_places.most_practices(counts)
    return render_map(map_places.city_places(store, base, shown, lang, index), lang, translate(heading, lang),
                      left_out=len(counts) - len(shown))


def format_links(ref) -> list[tuple[str, str, str]]:
    """(label, media type, URL on this site) of each RDF serialisation of a thing's document."""
    if ref is None:
        return []
    return [(fmt.label, fmt.media_type, request.script_root + doc_path(ref.kind, ref.slug, fmt.extension))
            for fmt in RDF_FORMATS]


def embedded_jsonld(store, iri: str, document=None):
    """What *iri*'s document (pyoxigraph triples, read if not given) says about the thing itself,
    in JSON-LD, to embed in its page: not its incoming links (200 at a hub, with their names: half
    its page), which the page lists and its JSON-LD document (/doc/...jsonld) holds."""
    document = store.document_triples(iri) if document is None else document
    return json.loads(serialize(described_part(document, iri), JSONLD, store.base_iri))


def scheme_counts(store, base: str, iri: str, parameter: str | None) -> dict[URIRef, int]:
    """Each concept of the scheme *iri* -> how many practices it filters. For the browser's schemes
    (*parameter*: topic, country, year) the build counted them (release.json's unfiltered facets);
    else, or for a remote store ahead of the release directory, one aggregate."""
    figures = release_stats()
    if parameter and figures:
        counted = figures["facets"][parameter]
        rows = select(store, base, f"""SELECT ?concept ?notation WHERE {{
            ?concept skos:inScheme {sparql_iri(iri)} OPTIONAL {{ ?concept skos:notation ?notation }} }}""")
        # a year is counted by its notation ("2020"), a topic or a country by its IRI
        return {row["concept"]: counted.get(str(row.get("notation", "")) if parameter == "year" else str(row["concept"]), 0)
                for row in rows}
    # Each branch binds ?practice before its type is checked: Oxigraph takes 2 s at 100k practices
    # where a union joined to one type pattern takes 33 s.
    rows = select(store, base, f"""
        SELECT ?concept (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?concept skos:inScheme {sparql_iri(iri)} .
          OPTIONAL {{
            {{ ?practice dcterms:subject ?concept . ?practice a icc:Practice }}
            UNION {{ ?practice icc:country ?concept . ?practice a icc:Practice }}
            UNION {{ ?concept skos:notation ?year . ?practice icc:year ?year . ?practice a icc:Practice }}
          }}
        }} GROUP BY ?concept""")
    return {row["concept"]: int(row["n"]) for row in rows}


def render_scheme(store, iri: str, lang: str) -> str:
    """A concept scheme: its description and every concept, with the practices each one filters."""
    base = store.base_iri
    own = select(store, base, f"SELECT ?p ?o WHERE {{ {sparql_iri(iri)} ?p ?o }}")
    if not own:
        raise NotFound()
    ref = parse_thing(base, iri)
    parameter = SCHEME_BROWSE.get(ref.slug) if ref else None
    counts = scheme_counts(store, base, iri, parameter)
    names = labels(store, base, [iri, *counts], lang)
    linker = Linker.for_request(base, lang)
    concepts = []
    for concept, count in counts.items():
        value = make_value(concept, names, linker, lang)
        concept_ref = parse_thing(base, str(concept))
        browse = (linker.local("/practices", {parameter: concept_ref.slug})
                  if parameter and concept_ref and count else None)
        concepts.append((value, count, browse))
    concepts.sort(key=lambda item: (item[0].text.casefold(), item[0].iri))
    label = names.get(iri, Label(compact(iri, base), None))
    return render("scheme.html", base, lang, label.text, heading=label, iri=iri,
                  descriptions=descriptions([row["o"] for row in own if row["p"] in DESCRIPTION_PROPERTIES], lang),
                  concepts=concepts, formats=format_links(ref), jsonld=embedded_jsonld(store, iri))


def _ontology_terms(store, base: str, namespace: str) -> dict[str, dict]:
    """term IRI -> {"section", "details": {property: {values}}, "comments": {literals}}."""
    rows = select(store, base, f"""
        SELECT ?term ?section ?p ?o WHERE {{
          VALUES (?section ?type) {{ ("classes" owl:Class) ("object_properties" owl:ObjectProperty)
            ("object_properties" owl:DatatypeProperty) ("object_properties" owl:AnnotationProperty)
            ("object_properties" rdf:Property) }}
          ?term a ?type FILTER(STRSTARTS(STR(?term), "{namespace}"))
          OPTIONAL {{ VALUES ?p {{ rdfs:subClassOf rdfs:subPropertyOf rdfs:domain rdfs:range
                                  rdfs:comment skos:definition }}
                     ?term ?p ?o FILTER(!isBlank(?o)) }}
        }}""")
    terms: dict[str, dict] = {}
    for row in rows:
        entry = terms.setdefault(str(row["term"]), {"section": str(row["section"]),
                                                    "details": defaultdict(set), "comments": set()})
        if "p" in row:
            target = entry["comments"] if row["p"] in (RDFS.comment, SKOS.definition) else entry["details"][row["p"]]
            target.add(row["o"])
    return terms


def render_ontology(store, lang: str) -> str:
    """The ontology: its description, then every class and property it defines, each with an anchor."""
    base = store.base_iri
    ontology, namespace = ontology_iri(base), ontology_namespace(base)
    own = select(store, base, f"SELECT ?p ?o WHERE {{ {sparql_iri(ontology)} ?p ?o }}")
    terms = _ontology_terms(store, base, namespace)
    if not own and not terms:
        raise NotFound()
    mentioned = {ontology, *terms} | {o for entry in terms.values()
                                      for values in entry["details"].values() for o in values}
    names = labels(store, base, mentioned, lang)
    linker = Linker.for_request(base, lang)
    needs = class_requirements(current_release())

    def values(terms_):
        return sorted((make_value(o, names, linker, lang) for o in terms_), key=lambda v: v.text.casefold())
    sections = {key: [] for key in ONTOLOGY_SECTIONS}
    for term, entry in sorted(terms.items(), key=lambda item: item[0].casefold()):
        sections[entry["section"]].append({
            "anchor": term[len(namespace):], "name": compact(term, base),
            "value": make_value(URIRef(term), names, linker, lang),
            "details": [(translate(key, lang), values(entry["details"][prop]))
                        for key, prop in TERM_DETAILS if entry["details"][prop]],
            "comments": descriptions(entry["comments"], lang),
            "requirements": needs.get(URIRef(term)),
        })
    heading = names.get(ontology, Label(translate("nav_ontology", lang), lang))
    return render("ontology.html", base, lang, heading.text, heading=heading, iri=ontology,
                  sections=list(sections.items()),
                  descriptions=descriptions([row["o"] for row in own if row["p"] in DESCRIPTION_PROPERTIES], lang))
