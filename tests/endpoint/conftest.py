"""The application under test, over the small release (tests/small_release.py) in the embedded
store, or in a remote one (ICC_TEST_STORE=remote)."""
from __future__ import annotations

import contextlib
import os

import pytest

from tests.small_release import BASE, CATALOG, DATA, EXTRA_GRAPH, VOID, make_release  # noqa: F401 - for the tests here

# The store behind `app`: embedded by default; ICC_TEST_STORE=remote runs the same tests against a
# remote Oxigraph server (the one at ICC_TEST_STORE_URL, or one started here; ICC_TEST_STORE_SERVER=virtuoso
# for a Virtuoso, tests/remote_server.py), =both against each.
STORES = {"remote": ["remote"], "both": ["embedded", "remote"]}.get(os.environ.get("ICC_TEST_STORE", ""), ["embedded"])


@pytest.fixture(scope="session")
def remote_store_config(dist_dir, tmp_path_factory):
    """Settings of a remote store holding the test release (loaded with `icc-graph load`'s code)."""
    from tests.remote_server import Server, load_into, store_config

    url, server = os.environ.get("ICC_TEST_STORE_URL"), None
    if not url:
        server = Server(tmp_path_factory.mktemp("store")).start()
        url = server.url
    try:
        load_into(url, dist_dir)
        yield store_config(url)
    finally:
        if server:
            server.stop()


@pytest.fixture(scope="session", params=STORES)
def app(request, dist_dir):
    from endpoint import create_app

    config = {"DIST_DIR": str(dist_dir), "BASE_IRI": BASE, "QUERY_TIMEOUT": 2,
              "RESULT_ROW_LIMIT": 100, "QUERY_WORKERS": 2, "TESTING": True}
    if request.param == "remote":
        config.update(request.getfixturevalue("remote_store_config"))
    application = create_app(config)
    yield application
    application.extensions["icc_store"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


@contextlib.contextmanager
def app_over(dist, **settings):
    """An application over the release in *dist* (the repository's build, usually); its store and
    validator processes are closed after."""
    from endpoint import create_app

    application = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "TESTING": True,
                              **settings})
    try:
        yield application
    finally:
        application.extensions["icc_store"].close()
        if "icc_record_validator" in application.extensions:
            application.extensions["icc_record_validator"].close()
