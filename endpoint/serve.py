"""``icc-graph serve``: run the endpoint under gunicorn.

Settings come from the defaults, ``ICC_*`` environment variables and then these options.
gunicorn runs threaded workers (gthread); each worker process builds its own application.

``--data FILE`` serves one RDF file instead of ``dist/current``: it is loaded into a private
release directory (:mod:`icc_graph.runtime.file_release`) that is removed when the server stops. The
loaded store is served at once and optimised in a background process, which then switches the
server to the optimised copy and keeps it in ``--data-cache`` (default ``~/.cache/icc-graph/data``)
for the next start with the same file content; ``--data-cache ''`` loads every time and keeps
nothing. (With ``--memory`` the store is optimised before serving: the workers copy it into memory.)
``--memory`` has the query workers answer from one in-memory copy of the store; ``--result-cache-mb`` bounds the
answers each worker reuses until the release changes (:mod:`icc_graph.store.caching`, 0 = off).
``icc_graph.runtime.allocator`` gives the processes it starts that run Oxigraph mimalloc
(ICC_ALLOCATOR). ``create_app`` builds the store from these settings
(:func:`icc_graph.store.factory.open_store`), so a remote store (``ICC_STORE``) stays remote
whatever they say.

The command is ``icc-graph serve``: :func:`add_command` is this package's ``icc_graph.commands``
entry point (pyproject.toml), so the library's command line reaches the web layer without
importing it.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gunicorn.app.base import BaseApplication

from icc_graph import settings as icc_settings
from icc_graph.build.paths import Paths, is_up_to_date
from icc_graph.errors import IccGraphError
from icc_graph.release import read_release
from icc_graph.runtime import allocator
from icc_graph.runtime.file_release import serve_file

OPTIONS = {  # command-line option -> config key
    "host": "HOST", "port": "PORT", "workers": "WORKERS", "threads": "THREADS",
    "dist": "DIST_DIR", "base_iri": "BASE_IRI", "timeout": "QUERY_TIMEOUT", "row_limit": "RESULT_ROW_LIMIT",
    "query_workers": "QUERY_WORKERS", "memory": "MEMORY_STORE", "result_cache_mb": "RESULT_CACHE_MB",
}


class _Gunicorn(BaseApplication):
    def __init__(self, overrides: dict, options: dict):
        self.overrides, self.options = overrides, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .app import create_app  # in the worker: the web layer loads only there

        return create_app(self.overrides)  # the store follows MEMORY_STORE and RESULT_CACHE_MB


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
    p.add_argument("--query-workers", type=int, help="query processes per server worker (ICC_QUERY_WORKERS)")
    p.add_argument("--data", metavar="FILE", help="serve this RDF file (.nt, .ttl, ... or .gz) instead of dist/current")
    p.add_argument("--data-cache", metavar="DIR", help="keep stores loaded by --data here for the next start, "
                   "'' = none (ICC_DATA_CACHE, default $XDG_CACHE_HOME/icc-graph/data)")
    p.add_argument("--memory", action=argparse.BooleanOptionalAction, default=None,
                   help="query workers answer from one in-memory copy per server worker (ICC_MEMORY_STORE)")
    p.add_argument("--result-cache-mb", type=float,
                   help="MB of answers each worker reuses within a release, 0 = none (ICC_RESULT_CACHE_MB, default 64)")
    return p


def settings(argv: Sequence[str] | None = None) -> dict:
    """The effective settings: defaults < ICC_* environment < command line."""
    args = vars(parser().parse_args(argv))
    data_file, cache = args.pop("data"), args.pop("data_cache")
    config = icc_settings.load({OPTIONS[name]: value for name, value in args.items()} | {"DATA_CACHE": cache})
    config["DATA_FILE"] = data_file
    return config


def main(argv: Sequence[str] | None = None) -> int:
    config = settings(argv)
    allocator.preload()  # the processes started from here on that run Oxigraph get mimalloc
    if not config["DATA_FILE"]:
        return _serve(config)
    private = tempfile.mkdtemp(prefix="icc-graph-data-")
    loader = None
    try:
        print(f"icc-graph serve: loading {config['DATA_FILE']}", file=sys.stderr)
        # --memory: the workers copy the store into memory, and would copy it again after a switch
        loader = serve_file(config["DATA_FILE"], private, config["BASE_IRI"], config["DATA_CACHE"] or None,
                            optimize_first=bool(config["MEMORY_STORE"]))
        return _serve({**config, "DIST_DIR": private})
    except IccGraphError as exc:
        print(f"icc-graph serve: {exc}", file=sys.stderr)
        return 2
    finally:
        if loader is not None:  # still optimising, perhaps
            loader.end()
        shutil.rmtree(private, ignore_errors=True)


def _serve(config: dict) -> int:
    try:
        release = read_release(config["DIST_DIR"])
    except IccGraphError as exc:
        print(f"icc-graph serve: {exc}", file=sys.stderr)
        return 2
    overrides = {key: config[key] for key in OPTIONS.values()}
    slots = tempfile.mkdtemp(prefix="icc-graph-slots-")  # the workers count each client's queries here
    overrides["CLIENT_SLOTS_DIR"] = slots
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
    try:
        _Gunicorn(overrides, options).run()
    finally:
        shutil.rmtree(slots, ignore_errors=True)
    return 0


def add_command(subparsers) -> None:
    """The ``serve`` command of ``icc-graph`` (entry point ``icc_graph.commands``)."""
    command = subparsers.add_parser("serve", help="serve dist/current over HTTP (`serve --help` lists its options)",
                                    add_help=False)
    command.add_argument("--build-if-needed", action="store_true",
                         help="build first unless dist/current was built from the current sources")
    command.set_defaults(handler=run_command, passthrough=True)


def run_command(args: argparse.Namespace) -> int:
    """``icc-graph [--data ...] serve [--build-if-needed] [server options]``."""
    paths = Paths(Path(args.data), Path(args.ontology), Path(args.shapes), Path(args.dist))
    if args.build_if_needed and not is_up_to_date(paths, args.base_iri):
        # In a process of its own: the build writes an Oxigraph store, and gunicorn forks its
        # workers from this process; a fork of a process that has opened a store inherits
        # RocksDB's thread pool without its threads, and the worker hangs or crashes on exit.
        code = subprocess.run([sys.executable, "-m", "icc_graph", "--data", args.data, "--ontology", args.ontology,
                               "--shapes", args.shapes, "--dist", args.dist, "--base-iri", args.base_iri,
                               "build"]).returncode
        if code != 0:
            return code
    return main(["--dist", args.dist, "--base-iri", args.base_iri, *args.extra])


if __name__ == "__main__":
    sys.exit(main())
