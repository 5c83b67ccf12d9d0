"""Look at a public query before it runs: refuse what a read-only endpoint must not do.

Oxigraph would execute ``SERVICE`` by opening an HTTP connection, so federated queries are
refused here, from rdflib's parse tree, before any evaluation. Updates (INSERT, DELETE, LOAD,
CLEAR, DROP, ...) are refused with a message that says why. A query that rdflib cannot parse is
left to Oxigraph, whose parser message the client then gets (rdflib's grammar is a little older);
such a query is refused if it mentions SERVICE at all, since it cannot be checked.
"""
from __future__ import annotations

import re
import warnings

from pyparsing import ParseException
from rdflib.plugins.sparql import algebra, parser
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from .errors import QueryMalformed, QueryRefused

READ_ONLY = ("This endpoint is read-only: SPARQL Update requests (INSERT, DELETE, LOAD, CLEAR, "
             "DROP, CREATE, ADD, MOVE, COPY) are not accepted.")
NO_SERVICE = ("Federated queries are not allowed here: this endpoint does not call other services "
              "(SERVICE). Download the data from /dumps/ to combine it with other sources.")
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def check(query: str, base_iri: str | None = None) -> str | None:
    """Raise QueryRefused/QueryMalformed if *query* must not run; return the IRI of a
    ``DESCRIBE <iri>`` (a single IRI, no WHERE, no FROM) to answer with its document, else None."""
    if not query.strip():
        raise QueryMalformed("The query is empty.")
    tree = _parse(parser.parseQuery, query)
    if tree is None:
        if _parse(parser.parseUpdate, query) is not None:
            raise QueryRefused(READ_ONLY)
        if _SERVICE_WORD.search(query):
            raise QueryRefused(NO_SERVICE)
        return None  # Oxigraph parses it (or reports the syntax error)
    if any(isinstance(node, CompValue) and node.name == "ServiceGraphPattern" for node in _walk(tree)):
        raise QueryRefused(NO_SERVICE)
    return _single_describe(tree, base_iri)


def _parse(parse, text: str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyparsing deprecation noise
            return parse(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - rdflib's parser can fail in odd ways; Oxigraph will judge
        return None


def _walk(node):
    """Every node of rdflib's parse tree (CompValues, lists and values)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def _single_describe(tree, base_iri: str | None) -> str | None:
    query = tree[1]
    # CompValue.get() answers the key itself when it is missing, so test membership
    if query.name != "DescribeQuery" or "where" in query or "datasetClause" in query:
        return None
    if "var" not in query or len(query["var"]) != 1:
        return None
    try:
        described = algebra.translateQuery(tree, base=base_iri).algebra["PV"]
    except Exception:  # noqa: BLE001 - unusual DESCRIBE forms go to Oxigraph unchanged
        return None
    if len(described) == 1 and isinstance(described[0], URIRef):
        return str(described[0])
    return None
