"""The SPARQL query editor page (``GET /sparql`` from a browser).

A form that works without JavaScript: it sends the query by GET, so the address is a link to the
question, and its first result format is a table in this page (``format=html``,
:mod:`endpoint.results_page`), the others the raw answer. ``static/editor.js`` turns it into
YASQE (highlighting, prefix completion) with YASR results when the vendored YASGUI bundle is
installed (``make assets``), and into a plain in-page runner when it is not; in the page, the
table is YASR's, drawn from SPARQL JSON results.
"""
from __future__ import annotations

from pathlib import Path

from flask import request

from icc_graph.formats import RESULT_FORMATS, RESULTS_JSON
from icc_graph.iris import ontology_namespace, things_namespace
from icc_graph.namespaces import STANDARD_PREFIXES, icc_namespaces

from .context import current_store
from .examples import load_examples
from .html import Linker, render
from .messages import DEFAULT_LANGUAGE, MESSAGES, translate
from .negotiation import language

# The bundle ``make assets`` copies from npm; the editor degrades to a text box without it.
YASGUI = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui.min.js"
# Prefixes offered in the editor besides the project's own (icc:, practice:, city:, ...).
EDITOR_PREFIXES = {name: STANDARD_PREFIXES[name] for name in (
    "rdf", "rdfs", "owl", "xsd", "skos", "org", "schema", "dcterms", "prov", "dcat", "void")}
EDITOR_MESSAGES = ("running", "rows_one", "rows", "boolean_answer", "query_failed", "editor_label")


def render_query_editor(query: str | None = None, outcome=None) -> str:
    """The editor with *query* in it, or else the example chosen by ``?example=`` (else the first).
    *outcome* (a :class:`endpoint.results_page.Outcome`) fills the results section."""
    base = current_store().base_iri
    examples = load_examples()
    chosen = None
    if query is None:
        chosen = next((ex for ex in examples if ex.name == request.args.get("example")),
                      examples[0] if examples else None)
        query = chosen.text(base) if chosen else ""
    lang = language()
    linker = Linker.for_request(base, lang)
    prefixes = {prefix: str(ns) for prefix, ns in {**icc_namespaces(base), **EDITOR_PREFIXES}.items()}
    config = {
        "examples": {ex.name: ex.text(base) for ex in examples},
        "prefixes": prefixes,
        "links": [[things_namespace(base), linker.bare("/doc/")], [ontology_namespace(base), linker.bare("/ontology#")]],
        "messages": {key: MESSAGES[key].get(lang, MESSAGES[key][DEFAULT_LANGUAGE]) for key in EDITOR_MESSAGES},
    }
    return render("editor.html", base, lang, translate("editor_title", lang),
                  examples=examples, chosen=chosen, query=query, outcome=outcome,
                  editor_config=config, result_formats=RESULT_FORMATS, table_format=RESULTS_JSON,
                  yasgui=YASGUI.exists())
