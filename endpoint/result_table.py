"""A query answer as rows people read: the results page's table, from the answer's own bytes.

The results page asks for SPARQL JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE),
:data:`TABLE_FORMATS`; pyoxigraph reads the answer back and each term becomes a
:class:`~endpoint.display.Value` as a results table shows it (:func:`endpoint.display.result_value`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph

from icc_graph.formats import NTRIPLES, RESULTS_JSON
from icc_graph.store.base import QueryResult
from icc_graph.terms import to_rdflib

from .display import Value, result_value
from .html import Linker

TABLE_FORMATS = (RESULTS_JSON, NTRIPLES)  # (results format, RDF format) the page asks the store for
GRAPH_COLUMNS = ("subject", "predicate", "object")


@dataclass(frozen=True)
class ResultTable:
    kind: str                          # "solutions", "boolean" or "graph", as in QueryResult
    columns: tuple[str, ...]           # the variables, or subject, predicate, object
    rows: list[list[Value | None]]     # None: the variable is unbound in that row
    boolean: bool | None = None        # the answer to an ASK


def result_table(result: QueryResult, linker: Linker) -> ResultTable:
    cells: dict = {}  # the same terms recur (predicates, types, ...): each is made once per table

    def cell(term) -> Value | None:
        if term is None:
            return None
        if term not in cells:
            cells[term] = _value(term, linker)
        return cells[term]

    if result.kind == "graph":
        triples = pyoxigraph.parse(result.body, format=result.format.oxigraph)
        return ResultTable("graph", GRAPH_COLUMNS,
                           [[cell(t.subject), cell(t.predicate), cell(t.object)] for t in triples])
    answer = pyoxigraph.parse_query_results(result.body, format=result.format.oxigraph)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ResultTable("boolean", (), [], bool(answer))
    columns = tuple(variable.value for variable in answer.variables)
    return ResultTable("solutions", columns, [[cell(row[name]) for name in columns] for row in answer])


def _value(term, linker: Linker) -> Value:
    if isinstance(term, pyoxigraph.Triple):  # an RDF 1.2 triple term, shown as written
        return Value(str(term))
    return result_value(to_rdflib(term), linker)
