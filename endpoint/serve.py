"""``icc-graph serve``: run the endpoint under gunicorn.

Settings come from the defaults, ``ICC_*`` environment variables and then these options.
gunicorn runs threaded workers (gthread); each worker process builds its own application.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from flask import Config
from gunicorn.app.base import BaseApplication

from icc_graph.errors import StoreUnavailable
from icc_graph.store import read_release

from .config import DefaultConfig

OPTIONS = {  # command-line option -> config key
    "host": "HOST", "port": "PORT", "workers": "WORKERS", "threads": "THREADS",
    "dist": "DIST_DIR", "base_iri": "BASE_IRI", "timeout": "QUERY_TIMEOUT", "row_limit": "RESULT_ROW_LIMIT",
}


class _Gunicorn(BaseApplication):
    def __init__(self, overrides: dict, options: dict):
        self.overrides, self.options = overrides, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from . import create_app

        return create_app(self.overrides)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="icc-graph serve", description="Serve the current release.")
    p.add_argument("--host", help="address to bind (ICC_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port, 0 for any free one (ICC_PORT, default 8080)")
    p.add_argument("--workers", type=int, help="gunicorn worker processes (ICC_WORKERS)")
    p.add_argument("--threads", type=int, help="threads per worker (ICC_THREADS)")
    p.add_argument("--dist", help="directory holding dist/current (ICC_DIST_DIR, default dist)")
    p.add_argument("--base-iri", help="base IRI of the data (ICC_BASE_IRI)")
    p.add_argument("--timeout", type=float, help="SPARQL query timeout in seconds (ICC_QUERY_TIMEOUT)")
    p.add_argument("--row-limit", type=int, help="rows per SPARQL answer (ICC_RESULT_ROW_LIMIT)")
    return p


def settings(argv: Sequence[str] | None = None) -> dict:
    """The effective settings: defaults < ICC_* environment < command line."""
    config = Config("")
    config.from_object(DefaultConfig)
    config.from_prefixed_env("ICC")
    args = vars(parser().parse_args(argv))
    config.update({OPTIONS[name]: value for name, value in args.items() if value is not None})
    return dict(config)


def main(argv: Sequence[str] | None = None) -> int:
    config = settings(argv)
    try:
        release = read_release(config["DIST_DIR"])
    except StoreUnavailable as exc:
        print(f"icc-graph serve: {exc}", file=sys.stderr)
        return 2
    overrides = {key: config[key] for key in OPTIONS.values()}
    options = {
        "bind": f"{config['HOST']}:{config['PORT']}",
        "workers": int(config["WORKERS"]),
        "worker_class": "gthread",
        "threads": int(config["THREADS"]),
        "timeout": int(float(config["QUERY_TIMEOUT"])) + 30,  # a worker is only killed well after a query
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "icc-graph",
    }
    print(f"icc-graph serve: release {release.id} from {config['DIST_DIR']} at "
          f"http://{config['HOST']}:{config['PORT']}/ (base IRI {config['BASE_IRI']})", file=sys.stderr)
    _Gunicorn(overrides, options).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
