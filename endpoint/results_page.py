"""A query link opened in a browser: the editor with the query in it, and its answer as a table.

The query runs as any client's does (:func:`endpoint.query_run.run_query`: the read-only gate, the
client's slot, the timeout, the row cap), in the formats the table reads
(:data:`endpoint.result_table.TABLE_FORMATS`). The page says how many rows came back, whether the
row cap cut the answer, which graph names were read as empty graphs, and links to the same
answer in every other format. An error the client can act on (a malformed or refused query, a
timeout, too many queries at once) is shown in the page with its status, the query still in the
editor. Server-rendered: it works without JavaScript.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response
from werkzeug.exceptions import HTTPException

from icc_graph.errors import StoreError
from icc_graph.formats import HTML, RDF_FORMATS, RESULT_FORMATS

from .context import config, current_store
from .editor import render_query_editor
from .errors import client_error
from .html import Linker
from .messages import translate
from .negotiation import language
from .query_run import answer_headers, run_query
from .result_table import TABLE_FORMATS, ResultTable, result_table


@dataclass(frozen=True)
class Outcome:
    """What the editor's results section shows after a run."""

    status: str                                   # the line that sums the answer up (or the failure)
    table: ResultTable | None = None
    error: str | None = None                      # the reason the query did not run
    cap: str = ""                                 # the row cap, and whether it cut this answer
    truncated: bool = False                       # the row cap cut this answer
    empty_graphs: tuple[str, ...] = ()
    formats: tuple[tuple[str, str, str], ...] = ()  # (label, media type, link) of the same answer


def results_page(query: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> Response:
    lang = language()
    try:
        answer = run_query(query, default_graphs, named_graphs, *TABLE_FORMATS)
    except (StoreError, HTTPException) as exc:
        told = client_error(exc)
        if told is None:
            raise
        status, _, message, headers = told
        outcome = Outcome(f"{translate('query_failed', lang)} ({status})", error=message)
        return _page(query, outcome, status, {"Vary": "Accept", "Cache-Control": "no-cache", **headers})
    linker = Linker.for_request(current_store().base_iri, lang)
    table = result_table(answer.result, linker)
    limit, truncated = config("RESULT_ROW_LIMIT"), answer.result.truncated
    same = {"query": query, "default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
    offers = RDF_FORMATS if table.kind == "graph" else RESULT_FORMATS
    outcome = Outcome(
        _summary(table, lang), table,
        cap=translate("row_cap_cut" if truncated else "row_cap_complete", lang, limit=limit), truncated=truncated,
        empty_graphs=answer.empty_graphs,
        formats=tuple((fmt.label, fmt.media_type, linker.local("/sparql", {**same, "format": fmt.name}))
                      for fmt in offers))
    return _page(query, outcome, 200, answer_headers(answer))


def _summary(table: ResultTable, lang: str) -> str:
    if table.kind == "boolean":
        return translate("boolean_answer", lang, value=str(table.boolean).lower())
    unit = "triples" if table.kind == "graph" else "rows"
    count = len(table.rows)
    return translate(f"{unit}_one", lang) if count == 1 else translate(unit, lang, n=count)


def _page(query: str, outcome: Outcome, status: int, headers: dict[str, str]) -> Response:
    response = Response(render_query_editor(query, outcome), status, content_type=HTML.content_type)
    response.headers.update(headers)
    return response
