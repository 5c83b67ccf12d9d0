"""The SPARQL server behind the remote-store tests: Oxigraph server (tests/oxigraph_server.py) by
default, a private Virtuoso 7 (tests/virtuoso_server.py) with ``ICC_TEST_STORE_SERVER=virtuoso``
(.ci/virtuoso.sh). Both start on a free loopback port, stop by their pid and can be paused; only
their endpoint paths differ."""
from __future__ import annotations

import os

from icc_graph.store.load import load
from icc_graph.store.remote_client import StoreClient
from tests import oxigraph_server, virtuoso_server

KINDS = {"oxigraph": (oxigraph_server.OxigraphServer, oxigraph_server.oxigraph_binary),
         "virtuoso": (virtuoso_server.VirtuosoServer, virtuoso_server.virtuoso_binary)}
KIND = os.environ.get("ICC_TEST_STORE_SERVER", "oxigraph")
if KIND not in KINDS:
    raise SystemExit(f"ICC_TEST_STORE_SERVER={KIND!r}: choose one of {', '.join(KINDS)}")
Server, _binary = KINDS[KIND]
endpoints = Server.endpoints
free_port = oxigraph_server.free_port


def installed() -> bool:
    """True when the chosen server's command is installed."""
    return _binary() is not None


def store_config(url: str, read: float = 10.0) -> dict:
    """create_app settings for the chosen server at *url*."""
    ends = endpoints(url, read=read)
    return {"STORE": ends.query, "STORE_UPDATE": ends.update, "STORE_GSP": ends.gsp,
            "STORE_CONNECT_TIMEOUT": ends.connect_timeout, "STORE_READ_TIMEOUT": ends.read_timeout}


def load_into(url: str, dist_dir) -> None:
    """Upload *dist_dir*'s current release into the server at *url* and switch to it."""
    load(StoreClient(endpoints(url)), dist_dir, grace=0)


# Where the chosen server truly differs from the standard, and why (the tests say so by name).
# Virtuoso 7 turns a GeoSPARQL WKT literal into its own geometry on load, with coordinates in
# single precision: "POINT(2.15899 41.38879)" comes back as "POINT(2.158989906311 41.388790130615)"
# (openlink/virtuoso-opensource issues 456 and 803; no setting turns it off). The front end puts the
# datatype back (icc_graph.store.remote.STORE_DATATYPES); the coordinates agree to 1e-5 degrees.
WKT_COORDINATES_IN_SINGLE_PRECISION = KIND == "virtuoso"
# Virtuoso 7 also keeps an xsd:duration as a number: a year-month duration "P3Y" comes back as
# "36"^^xsd:duration (its months), which is not a lexical form of xsd:duration.
DURATIONS_AS_MONTHS = KIND == "virtuoso"
