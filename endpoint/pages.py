"""The HTML pages for people: home, practice browser, entity pages, ontology, topic scheme, query editor.

Routes live on the blueprint :data:`bp` (``/`` and ``/practices``). The pages the core routes
negotiate (``/doc/...``, ``/ontology``, ``GET /sparql`` without a query) are plain functions:
:func:`render_document`, :func:`render_ontology`, :func:`render_scheme`, :func:`render_query_editor`.
Every page reads the store found in ``current_app.extensions["icc_store"]`` with a few SELECTs
(see :mod:`endpoint.facets`) and renders a server-side Jinja template (autoescaped).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from werkzeug.exceptions import NotFound

from icc_graph.formats import JSONLD, RDF_FORMATS, RESULT_FORMATS
from icc_graph.iris import doc_url, parse_thing
from icc_graph.namespaces import STANDARD_PREFIXES, icc_namespaces, normalise_base

from . import facets
from .examples import load_examples
from .facets import BadFilter, Filters, Label, iri_ref, labels, select
from .messages import DEFAULT_LANGUAGE, LANGUAGES, MESSAGES, standard_term_label, translate

bp = Blueprint("pages", __name__, template_folder="templates",
               static_folder="static", static_url_path="/assets")

DEFAULT_BASE = "http://127.0.0.1:8080"
INCOMING_LIMIT = 200
# Shown as the page's prose rather than in the property table.
DESCRIPTION_PROPERTIES = (DCTERMS.abstract, DCTERMS.description, RDFS.comment, SKOS.definition)
# A browsable filter for the things of these kinds: kind -> browser parameter.
BROWSE_PARAMETER = {"topic": "topic", "country": "country", "year": "year"}
SCHEME_BROWSE = {"topics": "topic", "countries": "country", "years": "year"}
# Datatypes a reader recognises from the value itself; others (gYear, duration, date) are named.
PLAIN_DATATYPES = (XSD.string, XSD.integer, XSD.nonNegativeInteger, XSD.decimal, XSD.double)


# --- request context ----------------------------------------------------------------------------

def get_store():
    return current_app.extensions["icc_store"]


def base_iri(store) -> str:
    """The deployment's base IRI: the store's own if it knows it, else the app's configuration."""
    for name in ("base_iri", "base"):
        value = getattr(store, name, None)
        if isinstance(value, str) and value:
            return normalise_base(value)
    return normalise_base(current_app.config.get("BASE_IRI", DEFAULT_BASE))


def page_language() -> str:
    """``?lang=`` wins, then the browser's Accept-Language, then English."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Linker:
    """Turns IRIs into links on this site, keeping an explicit ``?lang=`` across pages."""

    base: str
    lang: str
    pinned: bool  # the language came from ?lang= and must follow the reader

    def local(self, path: str, params: dict | None = None, fragment: str = "") -> str:
        query = dict(params or {})
        if self.pinned:
            query["lang"] = self.lang
        url = request.script_root + path + (f"?{urlencode(query)}" if query else "")
        return url + (f"#{fragment}" if fragment else "")

    def bare(self, path: str) -> str:
        """A path on this site without parameters (form actions carry ?lang= as a hidden field)."""
        return request.script_root + path

    def href(self, iri: str) -> str | None:
        """Where a reader goes for *iri*: its document here, the ontology page, or the IRI itself."""
        ref = parse_thing(self.base, iri)
        if ref:
            return self.local(f"/doc/{ref.kind}/{ref.slug}")
        ontology = f"{self.base}/ontology"
        if iri == ontology or iri.startswith(ontology + "#"):
            return self.local("/ontology", fragment=iri.partition("#")[2])
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def switch(self, lang: str) -> str:
        """This page in another language."""
        args = {key: value for key, value in request.args.items() if key != "lang"}
        args["lang"] = lang
        return request.script_root + request.path + "?" + urlencode(args)


def linker_for(store, lang: str) -> Linker:
    return Linker(base_iri(store), lang, request.args.get("lang") == lang)



def _page(template: str, store, lang: str, title: str, **values) -> str:
    return _render(template, base_iri(store), lang, title, **values)


def _render(template: str, base: str, lang: str, title: str, **values) -> str:
    return render_template(template, lang=lang, base=base, title=title, languages=LANGUAGES,
                           link=Linker(base, lang, request.args.get("lang") == lang),
                           t=lambda key, **fields: translate(key, lang, **fields), **values)


# --- showing RDF terms ----------------------------------------------------------------------------

def compact(iri: str, base: str) -> str:
    """``dcterms:title`` for a well-known IRI, else the IRI."""
    spaces = {**{prefix: str(ns) for prefix, ns in STANDARD_PREFIXES.items()},
              **{prefix: str(ns) for prefix, ns in icc_namespaces(base).items()}}
    for prefix, namespace in sorted(spaces.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@dataclass
class Value:
    """One RDF term as a page shows it."""

    text: str
    lang: str | None = None
    href: str | None = None
    iri: str | None = None           # set for IRIs: shown as a tooltip and in the code view
    datatype: str | None = None      # compact datatype of a typed literal
    parts: list = field(default_factory=list)  # (property Value, [Value]) of an inlined part node


def make_value(term, names: dict[str, Label], linker: Linker, lang: str) -> Value:
    if isinstance(term, Literal):
        if term.datatype == XSD.boolean:
            return Value(translate("yes" if term.toPython() is True else "no", lang))
        datatype = None
        if term.datatype and term.datatype not in PLAIN_DATATYPES:
            datatype = compact(str(term.datatype), linker.base)
        return Value(str(term), term.language, datatype=datatype)
    iri = str(term)
    label = names.get(iri)
    standard = standard_term_label(iri, lang)
    if label is None and standard:
        label = Label(standard, lang)
    text = label.text if label else compact(iri, linker.base)
    return Value(text, label.lang if label else None, linker.href(iri), iri)


def _language_first(literals, lang: str):
    """The literals in *lang*, else in English, else all of them."""
    for wanted in (lang, "en"):
        chosen = [lit for lit in literals if isinstance(lit, Literal) and lit.language == wanted]
        if chosen:
            return sorted(chosen)
    return sorted(literals, key=str)


# --- reading a document ---------------------------------------------------------------------------

def document_triples(store, base: str, iri: str) -> list[tuple]:
    """The triples about *iri* and about its part nodes (``{iri}-period``, ``{iri}-membership-1``)."""
    rows = select(store, base, f"""
        SELECT ?s ?p ?o WHERE {{
          {{ BIND({iri_ref(iri)} AS ?s) ?s ?p ?o }}
          UNION
          {{ {iri_ref(iri)} ?link ?s .
             FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR({iri_ref(iri)}), "-")))
             ?s ?p ?o }}
        }}""")
    return sorted({(row["s"], row["p"], row["o"]) for row in rows})


def incoming_links(store, base: str, iri: str) -> list[tuple]:
    rows = select(store, base, f"""
        SELECT ?s ?p WHERE {{ ?s ?p {iri_ref(iri)} FILTER(isIRI(?s) && ?s != {iri_ref(iri)}) }}
        ORDER BY ?p ?s LIMIT {INCOMING_LIMIT + 1}""")
    return [(row["s"], row["p"]) for row in rows]


def jsonld(store, iri: str):
    """The store's JSON-LD document of *iri*: what /doc/... serves as JSON-LD, embedded in the page."""
    return json.loads(store.document_bytes(iri, JSONLD))


def _grouped(pairs, names, linker, lang) -> list[tuple[Value, list[Value]]]:
    """(property, [values]) rows in a stable order: by property label, values by text."""
    by_property = defaultdict(list)
    for prop, term in pairs:
        by_property[prop].append(term)
    rows = []
    for prop, terms in by_property.items():
        values = [make_value(term, names, linker, lang) for term in terms]
        values.sort(key=lambda v: (v.lang not in (None, lang), v.text.casefold(), v.iri or ""))
        rows.append((make_value(prop, names, linker, lang), values))
    rows.sort(key=lambda row: (row[0].text.casefold(), row[0].iri or ""))
    return rows


def render_document(store, iri: str, lang: str | None = None) -> str:
    """The HTML page of the thing *iri* (a scheme gets its scheme page). Raises NotFound if unknown."""
    base = base_iri(store)
    lang = lang if lang in LANGUAGES else page_language()
    ref = parse_thing(base, iri)
    if ref and ref.kind == "scheme":
        return render_scheme(store, iri, lang)
    if iri == f"{base}/ontology":
        return render_ontology(store, lang)
    triples = document_triples(store, base, iri)
    incoming = incoming_links(store, base, iri)
    if not triples and not incoming:
        raise NotFound()
    own = [(p, o) for s, p, o in triples if str(s) == iri]
    parts = defaultdict(list)
    for s, p, o in triples:
        if str(s) != iri:
            parts[str(s)].append((p, o))
    mentioned = {iri} | {t for s, p, o in triples for t in (s, p, o) if isinstance(t, URIRef)}
    mentioned |= {t for pair in incoming for t in pair}
    names = labels(store, base, mentioned, lang)
    linker = linker_for(store, lang)

    types = [make_value(o, names, linker, lang) for p, o in own if p == RDF.type]
    descriptions = _language_first([o for p, o in own if p in DESCRIPTION_PROPERTIES], lang)
    sources = [make_value(o, names, linker, lang) for p, o in own if p == DCTERMS.source]
    shown_elsewhere = {RDF.type, DCTERMS.source, *DESCRIPTION_PROPERTIES}
    properties = _grouped([(p, o) for p, o in own if p not in shown_elsewhere], names, linker, lang)
    for _, values in properties:  # inline the part nodes under the value that names them
        for value in values:
            if value.iri in parts:
                value.parts = _grouped(parts[value.iri], names, linker, lang)
    label = names.get(iri, Label(ref.slug if ref else compact(iri, base), None))
    browse = None
    if ref and ref.kind in BROWSE_PARAMETER:
        browse = linker.local("/practices", {BROWSE_PARAMETER[ref.kind]: ref.slug})
    return _page(
        "document.html", store, lang, label.text, heading=label, iri=iri, types=types,
        descriptions=[Value(str(d), d.language) for d in descriptions], sources=sources,
        properties=properties, incoming=_grouped([(p, s) for s, p in incoming[:INCOMING_LIMIT]], names, linker, lang),
        incoming_truncated=len(incoming) > INCOMING_LIMIT, browse=browse,
        formats=_format_links(base, ref), jsonld=jsonld(store, iri))


def _format_links(base: str, ref) -> list[tuple[str, str, str]]:
    """(label, media type, relative URL) of each RDF serialisation of the document."""
    if ref is None:
        return []
    path_start = len(normalise_base(base))
    return [(fmt.label, fmt.media_type,
             request.script_root + doc_url(base, ref.kind, ref.slug, fmt.extension)[path_start:])
            for fmt in RDF_FORMATS]


# --- the scheme and ontology pages ----------------------------------------------------------------

def render_scheme(store, iri: str, lang: str | None = None) -> str:
    """A concept scheme: its description and every concept, with the practices each one filters."""
    base = base_iri(store)
    lang = lang if lang in LANGUAGES else page_language()
    own = select(store, base, f"SELECT ?p ?o WHERE {{ {iri_ref(iri)} ?p ?o }}")
    if not own:
        raise NotFound()
    rows = select(store, base, f"""
        SELECT ?concept (COUNT(DISTINCT ?practice) AS ?n) WHERE {{
          ?concept skos:inScheme {iri_ref(iri)} .
          OPTIONAL {{
            {{ ?practice dcterms:subject ?concept }} UNION {{ ?practice icc:country ?concept }}
            UNION {{ ?concept skos:notation ?year . ?practice icc:year ?year }}
            ?practice a icc:Practice .
          }}
        }} GROUP BY ?concept""")
    names = labels(store, base, [iri] + [row["concept"] for row in rows], lang)
    linker = linker_for(store, lang)
    ref = parse_thing(base, iri)
    parameter = SCHEME_BROWSE.get(ref.slug) if ref else None
    concepts = []
    for row in rows:
        value = make_value(row["concept"], names, linker, lang)
        concept_ref = parse_thing(base, str(row["concept"]))
        count = int(row["n"])
        browse = (linker.local("/practices", {parameter: concept_ref.slug})
                  if parameter and concept_ref and count else None)
        concepts.append((value, count, browse))
    concepts.sort(key=lambda item: (item[0].text.casefold(), item[0].iri))
    descriptions = _language_first([row["o"] for row in own if row["p"] in DESCRIPTION_PROPERTIES], lang)
    label = names.get(iri, Label(compact(iri, base), None))
    return _page("scheme.html", store, lang, label.text, heading=label, iri=iri,
                 descriptions=[Value(str(d), d.language) for d in descriptions], concepts=concepts,
                 formats=_format_links(base, ref), jsonld=jsonld(store, iri))


ONTOLOGY_SECTIONS = ("classes", "object_properties")  # message keys, in page order
TERM_DETAILS = (("subclass_of", RDFS.subClassOf), ("subproperty_of", RDFS.subPropertyOf),
                ("domain", RDFS.domain), ("range", RDFS.range))


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


def render_ontology(store, lang: str | None = None) -> str:
    """The ontology: its description, then every class and property it defines, each with an anchor."""
    base = base_iri(store)
    lang = lang if lang in LANGUAGES else page_language()
    ontology = f"{base}/ontology"
    namespace = ontology + "#"
    own = select(store, base, f"SELECT ?p ?o WHERE {{ {iri_ref(ontology)} ?p ?o }}")
    terms = _ontology_terms(store, base, namespace)
    if not own and not terms:
        raise NotFound()
    mentioned = {ontology, *terms} | {o for entry in terms.values()
                                      for values in entry["details"].values() for o in values}
    names = labels(store, base, mentioned, lang)
    linker = linker_for(store, lang)

    def values(terms_):
        return sorted((make_value(o, names, linker, lang) for o in terms_), key=lambda v: v.text.casefold())
    sections = {key: [] for key in ONTOLOGY_SECTIONS}
    for term, entry in sorted(terms.items(), key=lambda item: item[0].casefold()):
        sections[entry["section"]].append({
            "anchor": term[len(namespace):], "name": compact(term, base),
            "value": make_value(URIRef(term), names, linker, lang),
            "details": [(translate(key, lang), values(entry["details"][prop]))
                        for key, prop in TERM_DETAILS if entry["details"][prop]],
            "comments": [Value(str(c), c.language) for c in _language_first(entry["comments"], lang)],
        })
    heading = names.get(ontology, Label(translate("nav_ontology", lang), lang))
    descriptions = _language_first([row["o"] for row in own if row["p"] in DESCRIPTION_PROPERTIES], lang)
    return _page("ontology.html", store, lang, heading.text, heading=heading, iri=ontology,
                 sections=list(sections.items()), descriptions=[Value(str(d), d.language) for d in descriptions])


# --- the query editor -----------------------------------------------------------------------------

def render_query_editor() -> str:
    """The SPARQL editor page: a form that works without JavaScript. editor.js turns it into YASQE
    (highlighting, prefix completion) with YASR results when the vendored YASGUI bundle is
    installed (``make assets``), and into a plain in-page runner when it is not."""
    store = get_store()
    base = base_iri(store)
    examples = load_examples()
    chosen = next((ex for ex in examples if ex.name == request.args.get("example")),
                  examples[0] if examples else None)
    lang = page_language()
    linker = linker_for(store, lang)
    prefixes = {prefix: str(ns) for prefix, ns in {**icc_namespaces(base), **EDITOR_PREFIXES}.items()}
    config = {
        "examples": {ex.name: ex.text(base) for ex in examples},
        "prefixes": prefixes,
        "links": [[f"{base}/id/", linker.bare("/doc/")], [f"{base}/ontology#", linker.bare("/ontology#")]],
        "messages": {key: MESSAGES[key].get(lang, MESSAGES[key][DEFAULT_LANGUAGE]) for key in EDITOR_MESSAGES},
    }
    return _page("editor.html", store, lang, translate("editor_title", lang),
                 examples=examples, chosen=chosen, query=chosen.text(base) if chosen else "",
                 editor_config=config, result_formats=RESULT_FORMATS, yasgui=YASGUI.exists())


# The bundle ``make assets`` copies from npm; the editor degrades to a text box without it.
YASGUI = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui.min.js"
# Prefixes offered in the editor besides the project's own (icc:, practice:, city:, ...).
EDITOR_PREFIXES = {name: STANDARD_PREFIXES[name] for name in (
    "rdf", "rdfs", "owl", "xsd", "skos", "org", "schema", "dcterms", "prov", "dcat", "void")}
EDITOR_MESSAGES = ("running", "rows_one", "rows", "boolean_answer", "query_failed", "editor_label")


# --- home and the practice browser ----------------------------------------------------------------

def _dataset(store, base: str, lang: str) -> dict:
    """What the catalogue says about the dataset: title, description, licence, keywords, downloads."""
    rows = select(store, base, """
        SELECT ?d ?p ?o WHERE {
          ?d a dcat:Dataset .
          VALUES ?p { dcterms:title dcterms:description dcterms:license dcat:keyword dcterms:modified
                      void:triples }
          ?d ?p ?o
        } ORDER BY ?d""")
    if not rows:
        return {}
    dataset = rows[0]["d"]
    values = defaultdict(list)
    for row in rows:
        if row["d"] == dataset:
            values[str(row["p"])].append(row["o"])
    downloads = select(store, base, f"""
        SELECT ?url ?media ?title WHERE {{
          {iri_ref(str(dataset))} dcat:distribution ?dist .
          ?dist dcat:downloadURL ?url .
          OPTIONAL {{ ?dist dcat:mediaType ?media }}
          OPTIONAL {{ ?dist dcterms:title ?title FILTER(LANG(?title) = "{lang}") }}
        }} ORDER BY ?url""")

    def first(prop):
        chosen = _language_first(values[str(prop)], lang)
        return str(chosen[0]) if chosen else None
    return {
        "iri": str(dataset),
        "title": first(DCTERMS.title),
        "description": first(DCTERMS.description),
        "license": first(DCTERMS.license),
        "modified": first(DCTERMS.modified),
        "triples": first(URIRef("http://rdfs.org/ns/void#triples")),
        "keywords": sorted({str(k) for k in values[str(URIRef("http://www.w3.org/ns/dcat#keyword"))]
                            if isinstance(k, Literal) and k.language in (lang, None)}),
        "downloads": [{"url": str(row["url"]),
                       "media": str(row["media"]).rsplit("media-types/", 1)[-1] if "media" in row else None,
                       "title": str(row.get("title") or row["url"]).strip()} for row in downloads],
    }


def _counts(store, base: str) -> dict[str, int]:
    rows = select(store, base, """
        SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
          { ?x a icc:Practice BIND("practices" AS ?what) }
          UNION { ?x a icc:City BIND("cities" AS ?what) }
          UNION { ?practice a icc:Practice ; icc:country ?x BIND("countries" AS ?what) }
          UNION { ?x skos:inScheme scheme:topics BIND("topics" AS ?what) }
          UNION { ?x a ?class . ?class rdfs:subClassOf* icc:Body BIND("bodies" AS ?what) }
        } GROUP BY ?what""")
    counts = {key: 0 for key in ("practices", "cities", "countries", "topics", "bodies")}
    counts.update({str(row["what"]): int(row["n"]) for row in rows})
    return counts


def schema_org_dataset(dataset: dict, site: str) -> dict:
    """The schema.org Dataset that dataset search engines read from the home page."""
    description = dataset.get("description") or translate("home_intro", "en")
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": dataset.get("iri") or site,
        "name": dataset.get("title") or "ICC Graph",
        "description": description,
        "url": site,
        "license": dataset.get("license"),
        "keywords": dataset.get("keywords", []),
        "isAccessibleForFree": True,
        "inLanguage": list(LANGUAGES),
        "dateModified": dataset.get("modified"),
        "distribution": [{"@type": "DataDownload", "contentUrl": item["url"], "encodingFormat": item["media"]}
                         for item in dataset.get("downloads", [])],
    }


@bp.get("/")
def home():
    store = get_store()
    base = base_iri(store)
    lang = page_language()
    dataset = _dataset(store, base, lang)
    counts = _counts(store, base)
    site = request.host_url.rstrip("/") + request.script_root + "/"
    body = _page("home.html", store, lang, dataset.get("title") or translate("site_name", lang), dataset=dataset,
                 counts=counts, schema_org=schema_org_dataset(dataset, site))
    return body, 200, {"Vary": "Accept-Language"}


@bp.get("/practices")
def practices():
    store = get_store()
    base = base_iri(store)
    lang = page_language()
    try:
        filters = Filters.from_args(request.args)
    except BadFilter as error:
        return _error(store, 400, "bad_request", str(error))
    if any(request.args.get(name) == "" for name in ("topic", "country", "year", "page")):
        # The filter form sends its empty choices too; answer with the short, shareable address.
        return redirect(linker_for(store, lang).local("/practices", filters.params()), 303)
    result = facets.browse(store, base, filters, lang)
    if filters.page > result.pages:
        return _error(store, 404, "not_found", translate("page_of", lang, page=filters.page, pages=result.pages))
    linker = linker_for(store, lang)

    def url(**changes):
        return linker.local("/practices", filters.params(**changes))
    canonical = request.host_url.rstrip("/") + request.script_root + "/practices"
    params = filters.params()
    if params:
        canonical += "?" + urlencode(params)
    selected = _selected_filters(result, filters, url)
    body = _page("practices.html", store, lang, translate("practices_title", lang), filters=filters, result=result,
                 url=url, canonical=canonical, selected=selected)
    return body, 200, {"Vary": "Accept-Language"}


def _selected_filters(result, filters: Filters, url) -> list[tuple[str, str, str]]:
    """(filter name, shown value, URL without it) for each active filter."""
    chosen = []
    for name in ("topic", "country", "year"):
        value = getattr(filters, name)
        if value is None:
            continue
        key = f"{value:04d}" if name == "year" else value
        label = next((fv.label for fv in result.facets[name] if fv.value == key), key)
        chosen.append((name, label, url(**{name: None, "page": 1})))
    return chosen


def _error(store, status: int, title_key: str, message: str):
    return render_error(status, translate(title_key, page_language()), message), status


def render_downloads(release, files: list[dict]) -> str:
    """The downloads page: every file of the release with its media type, size and sha256."""
    lang = page_language()
    title = translate("downloads_title", lang, release=release.id)
    return _render("downloads.html", release.base_iri, lang, title, release=release, files=files)


def render_error(status: int, title: str, message: str) -> str:
    """An error page in the site's layout, for clients that prefer HTML. Reads no store, so it
    also serves when the store is the problem."""
    base = normalise_base(current_app.config.get("BASE_IRI", DEFAULT_BASE))
    return _render("error.html", base, page_language(), title, message=message, status=status)
