"""/openapi.json describes every public route of the application."""
from __future__ import annotations

import re

from endpoint import create_app
from tests.small_release import BASE, make_release


def test_every_route_is_described(tmp_path):
    make_release(tmp_path)
    app = create_app({"DIST_DIR": str(tmp_path), "BASE_IRI": BASE, "TESTING": True})
    description = app.test_client().get("/openapi.json").get_json()
    assert description["openapi"].startswith("3.")
    described = set(description["paths"])
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static") or rule.rule == "/ontology.<extension>":
            continue  # files, and a suffix form of /ontology
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in described, path
    for path, operations in description["paths"].items():
        for operation in operations.values():
            assert operation["responses"], path
    app.extensions["icc_store"].close()
