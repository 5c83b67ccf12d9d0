"""The ICC Graph web endpoint (Flask): SPARQL, linked-data documents, downloads, pages.

``create_app(config)`` (:mod:`endpoint.app`) builds the application from the settings
(:mod:`icc_graph.settings`); every view reads the data through one
:class:`icc_graph.store.base.Store` (:mod:`endpoint.context`). ``endpoint.serve`` runs it under
gunicorn as ``icc-graph serve``. The layout of this package is in docs/architecture.md.
"""
from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    # `icc-graph` loads endpoint.serve for its `serve` command; the Flask app (and every
    # blueprint) is imported only when an application is made.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
