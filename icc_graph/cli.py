"""`icc-graph`: build, validate, import and serve the ICC knowledge graph.

Exit codes: 0 success; 1 the data is invalid or unreadable (the report says where);
2 wrong usage; 3 the release could not be written or the server failed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import IccGraphError, PublishError, ShapesError, SourceError, ValidationFailed
from .namespaces import normalise_base

if TYPE_CHECKING:
    from . import build as build_mod

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
DEFAULT_BASE_IRI = "http://127.0.0.1:8080"


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _paths(args: argparse.Namespace) -> build_mod.Paths:
    from . import build as build_mod  # the build's modules (pyshacl, ...) load only when needed

    return build_mod.Paths(Path(args.data), Path(args.ontology), Path(args.shapes), Path(args.dist))


def _report_failure(exc: ValidationFailed, files_of) -> None:
    report = exc.report
    print(f"validation failed: {len(report.violations)} violation(s)", file=sys.stderr)
    print(report.text(files_of=files_of), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from . import build as build_mod

    paths = _paths(args)
    try:
        build_mod.build(paths, args.base_iri, progress=None if args.quiet else _progress)
    except ValidationFailed as exc:
        source = build_mod.load_graph(paths, args.base_iri)
        _report_failure(exc, source.files_of)
        print("nothing was published; the release in service is unchanged", file=sys.stderr)
        return EXIT_INVALID
    except (SourceError, ShapesError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was published; the release in service is unchanged", file=sys.stderr)
        return EXIT_INVALID
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate record files together with the ontology and vocabularies they refer to."""
    from .sources import read_sources, source_files
    from .validation import load_shapes, validate

    files = [Path(f) for f in args.files]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    context = [p for p in source_files(Path(args.ontology), Path(args.data) / "vocabularies",
                                       Path(args.data) / "places") if p.resolve() not in {f.resolve() for f in files}]
    try:
        source = read_sources(context + files, args.base_iri)
        report = validate(source.graph, load_shapes(Path(args.shapes), args.base_iri))
    except (SourceError, ShapesError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if report.results:
        print(report.text(files_of=source.files_of), file=sys.stderr)
    if not report.conforms:
        print(f"{len(report.violations)} violation(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"valid: {', '.join(map(str, files))}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from endpoint import serve  # the web layer is imported only when serving

    from . import build as build_mod

    if args.build_if_needed and not build_mod.is_up_to_date(_paths(args), args.base_iri):
        # In a process of its own: the build writes an Oxigraph store, and gunicorn forks its
        # workers from this process; a fork of a process that has opened a store inherits
        # RocksDB's thread pool without its threads, and the worker hangs or crashes on exit.
        code = subprocess.run([sys.executable, "-m", "icc_graph", "--data", args.data, "--ontology", args.ontology,
                               "--shapes", args.shapes, "--dist", args.dist, "--base-iri", args.base_iri,
                               "build"]).returncode
        if code != EXIT_OK:
            return code
    return serve.main(["--dist", args.dist, "--base-iri", args.base_iri, *args.serve_args])


def cmd_load(args: argparse.Namespace) -> int:
    from . import load

    return load.run(args, progress=_progress)


def cmd_import(args: argparse.Namespace) -> int:
    from .importers import main_import

    return main_import(args.import_args, data_dir=args.data)


def parser() -> argparse.ArgumentParser:
    env = os.environ.get
    top = argparse.ArgumentParser(prog="icc-graph", description=__doc__.splitlines()[0])
    top.add_argument("--data", default=env("ICC_DATA_DIR", "data"), help="source records (default: data)")
    top.add_argument("--ontology", default=env("ICC_ONTOLOGY_DIR", "ontology"), help="ontology dir")
    top.add_argument("--shapes", default=env("ICC_SHAPES_DIR", "shapes"), help="SHACL shapes dir")
    top.add_argument("--dist", default=env("ICC_DIST_DIR", "dist"), help="releases dir (default: dist)")
    top.add_argument("--base-iri", default=normalise_base(env("ICC_BASE_IRI", DEFAULT_BASE_IRI)),
                     help="base of every IRI minted (env ICC_BASE_IRI; default %(default)s)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_build = sub.add_parser("build", help="validate data/ and publish a release into dist/")
    p_build.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    p_build.set_defaults(handler=cmd_build)

    p_validate = sub.add_parser("validate", help="validate record files against the shapes")
    p_validate.add_argument("files", nargs="+", metavar="FILE")
    p_validate.set_defaults(handler=cmd_validate)

    p_serve = sub.add_parser("serve", help="serve dist/current over HTTP (`serve --help` lists its options)",
                             add_help=False)
    p_serve.add_argument("--build-if-needed", action="store_true",
                         help="build first unless dist/current was built from the current sources")
    p_serve.set_defaults(handler=cmd_serve)

    p_load = sub.add_parser("load", help="upload dist/current into the remote SPARQL store (ICC_STORE) "
                                         "and switch its readers to it")
    from .load import add_arguments as load_arguments

    load_arguments(p_load)
    p_load.set_defaults(handler=cmd_load)

    p_import = sub.add_parser("import", help="import practices: `import catalogue FILE.tsv`, `import page FILE`",
                              add_help=False)
    p_import.add_argument("import_args", nargs=argparse.REMAINDER)
    p_import.set_defaults(handler=cmd_import)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    # `serve` and `import` hand the options they do not know (--port, --help, ...) to their own parsers.
    args, extra = top.parse_known_args(argv)
    if extra and args.command not in ("serve", "import"):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.serve_args = extra
    if args.command == "import":
        args.import_args = extra + args.import_args
    try:
        return args.handler(args)
    except IccGraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
