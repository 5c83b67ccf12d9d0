"""SPARQL results written in any results format, cut at the row cap: one writer for every store.

Oxigraph writes SELECT answers in JSON, XML, CSV and TSV, but only from a solution stream of its
own. To cut an answer at the row cap (or to re-write a remote store's answer in the client's
format) the kept rows are written as a SPARQL JSON results document, which Oxigraph reads back
and writes in the format asked for.
"""
from __future__ import annotations

import json

import pyoxigraph

from .formats import Format
from .terms import XSD_STRING


def write_solutions(variables: list[str], rows, fmt: Format) -> bytes:
    """*rows* (pyoxigraph solutions, or dicts of the bound variables -> term) in the results
    format *fmt*."""
    parsed = pyoxigraph.parse_query_results(solutions_json(variables, rows), format=pyoxigraph.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.oxigraph)


def solutions_json(variables: list[str], rows) -> bytes:
    """The SPARQL 1.1 JSON results document of *rows*."""
    bindings = []
    for row in rows:
        get = row.get if isinstance(row, dict) else row.__getitem__
        bindings.append({name: term_json(get(name)) for name in variables if get(name) is not None})
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


def term_json(term) -> dict:
    """One RDF term as the SPARQL JSON results format writes it."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:  # RDF 1.2: "hi"@en--rtl
                out["its:dir"] = str(term.direction)
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"unsupported term {term!r}")
