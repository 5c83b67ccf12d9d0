"""One public SPARQL query run: the read-only gate, the client's slot, the store.

The protocol answer (``/sparql`` in a results format) and the results page (``/sparql`` in a
browser) both run their query here, so both get the same checks, limits, timeout and per-client
slot. The dataset is the protocol's ``default-graph-uri`` / ``named-graph-uri`` when given (they
replace the query's FROM clauses), else the query's own FROM / FROM NAMED. Every name is a graph of
the store: nothing is fetched, and a name the store does not hold is an empty graph; the answer
lists those names (:attr:`Answer.empty_graphs`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.urls import iri_to_uri

from icc_graph.formats import Format
from icc_graph.runtime import query_check
from icc_graph.store.base import QueryRequest, QueryResult

from .context import config, current_store
from .limits import query_slot


@dataclass(frozen=True)
class Answer:
    result: QueryResult
    empty_graphs: tuple[str, ...]  # graph names of the dataset that the store does not hold


def run_query(query: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
              results_format: Format | None, rdf_format: Format | None) -> Answer:
    """Check and run *query* over its dataset; its answer, or one of the project's errors."""
    if len(query) > config("MAX_QUERY_LENGTH"):
        raise RequestEntityTooLarge(f"The query is longer than {config('MAX_QUERY_LENGTH')} characters.")
    store = current_store()
    base = store.base_iri + "/"
    protocol_dataset = tuple(default_graphs) + tuple(named_graphs)
    query_check.check_dataset(protocol_dataset)
    with query_slot():  # 429 when this client already runs its share of queries
        verdict = checker().check(query, base)
        # DESCRIBE <x> is answered by x's document, which is read from the default dataset
        describe = None if protocol_dataset else verdict.describe
        result = store.query(QueryRequest(query, results_format, rdf_format, tuple(default_graphs),
                                          tuple(named_graphs), describe))
    names = tuple(dict.fromkeys(protocol_dataset or verdict.dataset))
    return Answer(result, store.missing_graphs(names) if names else ())


def checker() -> query_check.Checker:
    """The application's query checker processes (made on first use)."""
    made = current_app.extensions.get("icc_query_checker")
    if made is None:
        made = current_app.extensions.setdefault("icc_query_checker", query_check.Checker(
            size=int(config("QUERY_WORKERS")), timeout=float(config("QUERY_TIMEOUT")),
            max_depth=int(config("MAX_QUERY_DEPTH"))))
    return made


def answer_headers(answer: Answer) -> dict[str, str]:
    """The headers that describe a run, on every answer to a query: the row cap, whether it cut
    the answer, and the graph names read as empty (IRIs as URIs, so a header holds them)."""
    limit = config("RESULT_ROW_LIMIT")
    headers = {"Vary": "Accept", "Cache-Control": "no-cache", "ICC-Row-Limit": str(limit),
               "ICC-Truncated": "true" if answer.result.truncated else "false"}
    if answer.result.truncated:
        headers["Warning"] = f'199 - "results truncated to the first {limit} rows"'
    if answer.empty_graphs:
        headers["ICC-Empty-Graphs"] = ", ".join(f"<{iri_to_uri(name)}>" for name in answer.empty_graphs)
    return headers
