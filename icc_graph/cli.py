"""`icc-graph`: build, validate, import, load and serve the ICC knowledge graph.

Exit codes: 0 success; 1 the data is invalid or unreadable (the report says where);
2 wrong usage; 3 the release could not be written or the server failed.

Settings (:mod:`icc_graph.settings`) give the options their defaults. Commands that other
packages provide (``serve``, from the web layer) are found through the ``icc_graph.commands``
entry points, so this library never imports the web layer.
"""
from __future__ import annotations

import argparse
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

from . import settings
from .errors import (
    IccGraphError,
    PublishError,
    ShapesError,
    SourceError,
    SubmissionError,
    ValidationFailed,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
COMMANDS_GROUP = "icc_graph.commands"


def exit_code(error: IccGraphError) -> int:
    """The exit code of an error: the data's fault (1) or the system's (3)."""
    return EXIT_INVALID if isinstance(error, (SourceError, ValidationFailed, ShapesError, SubmissionError)) else EXIT_FAILED


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_paths(args: argparse.Namespace):
    from .build.pipeline import (
        Paths,  # the build's modules (pyshacl, ...) load only when needed
    )

    return Paths(Path(args.data), Path(args.ontology), Path(args.shapes), Path(args.dist))


def cmd_build(args: argparse.Namespace) -> int:
    from .build import pipeline

    paths = build_paths(args)
    try:
        config = settings.load()
        pipeline.build(paths, args.base_iri, progress=None if args.quiet else progress,
                       release_time=config["RELEASE_TIME"], keep=int(config["KEEP_RELEASES"]))
    except ValidationFailed as exc:
        source = pipeline.load_graph(paths, args.base_iri)
        print(f"validation failed: {len(exc.report.violations)} violation(s)", file=sys.stderr)
        print(exc.report.text(files_of=source.files_of), file=sys.stderr)
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
    from .build.sources import read_sources, vocabulary_files
    from .build.validation import load_shapes, validate

    files = [Path(f) for f in args.files]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    context = [p for p in vocabulary_files(Path(args.ontology), Path(args.data))
               if p.resolve() not in {f.resolve() for f in files}]
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


def cmd_diff(args: argparse.Namespace) -> int:
    """What changed from release A to release B (ids under --dist, or release directories)."""
    import gzip
    import json

    from .history import diff
    from .release import DUMP_NT_GZ, releases_dir

    found = []
    for name in (args.a, args.b):
        path = Path(name) if Path(name).is_dir() else releases_dir(args.dist) / name
        if not (path / DUMP_NT_GZ).is_file():
            print(f"error: no release {name!r} (neither a directory nor an id under {releases_dir(args.dist)})",
                  file=sys.stderr)
            return EXIT_USAGE
        found.append((path.name, gzip.decompress((path / DUMP_NT_GZ).read_bytes())))
    (old_id, old), (new_id, new) = found
    changes = diff.compare(old, new)
    if args.triples:
        sys.stdout.writelines([*(f"- {line}\n" for line in changes.removed), *(f"+ {line}\n" for line in changes.added)])
    else:
        print(json.dumps(changes.summary(new_id, old_id), indent=1, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from .store import load

    return load.run(args, progress=progress)


def cmd_import(args: argparse.Namespace) -> int:
    from .importers import main_import

    return main_import(args.extra + args.import_args, data_dir=args.data)


def cmd_worklist(args: argparse.Namespace) -> int:
    """Export the curators' worklist, or import their answers into the records."""
    from .worklist import export_worklist
    from .worklist.answers import import_worklist, parse_date

    paths = build_paths(args)
    path = Path(args.file)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        print(f"error: a worklist is a .xlsx or .csv file, not {path.name!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "export":
        found = export_worklist(path, paths, args.base_iri)
        records = len({row.record for row in found.rows})
        print(f"wrote {path}: {len(found.rows)} rows for {records} records")
        for field_id, count in sorted(found.unanswerable.items()):
            print(f"  {count} gaps of the field {field_id} have no row: the worklist cannot write that field")
        return EXIT_OK
    try:
        parse_date(args.date)
    except ValueError as exc:
        print(f"error: --date {args.date}: {exc} (YYYY-MM-DD, today or earlier)", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = import_worklist(path, paths, args.base_iri, curator=args.curator, date=args.date)
    except ValidationFailed as exc:
        print(f"the answers would make the data invalid: {len(exc.report.violations)} violation(s)", file=sys.stderr)
        print(exc.report.text(), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_INVALID
    for written in result.written:
        print(f"wrote {written}")
    for slug in result.new_curators:
        print(f"new curator: curator:{slug}")
    for conflict in result.conflicts:
        print(f"conflict: {conflict}")
    print(f"{result.answers} answers: {result.decisions} decisions written into {len(result.written)} records, "
          f"{result.unchanged} already there, {len(result.conflicts)} conflicts")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    defaults = settings.load()
    top = argparse.ArgumentParser(prog="icc-graph", description=__doc__.splitlines()[0])
    top.add_argument("--data", default=defaults["DATA_DIR"], help="source records (ICC_DATA_DIR; default %(default)s)")
    top.add_argument("--ontology", default=defaults["ONTOLOGY_DIR"], help="ontology dir (ICC_ONTOLOGY_DIR)")
    top.add_argument("--shapes", default=defaults["SHAPES_DIR"], help="SHACL shapes dir (ICC_SHAPES_DIR)")
    top.add_argument("--dist", default=defaults["DIST_DIR"], help="releases dir (ICC_DIST_DIR; default %(default)s)")
    top.add_argument("--base-iri", default=defaults["BASE_IRI"], type=settings.normalise_base,
                     help="base of every IRI minted (ICC_BASE_IRI; default %(default)s)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_build = sub.add_parser("build", help="validate data/ and publish a release into dist/")
    p_build.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    p_build.set_defaults(handler=cmd_build)

    p_diff = sub.add_parser("diff", help="what changed from release A to release B: the summary (JSON), "
                                         "or the triples removed (-) and added (+)")
    p_diff.add_argument("a", metavar="A", help="a release id under --dist/releases, or a release directory")
    p_diff.add_argument("b", metavar="B")
    p_diff.add_argument("--triples", action="store_true", help="print the triples, sorted N-Triples")
    p_diff.set_defaults(handler=cmd_diff)

    p_validate = sub.add_parser("validate", help="validate record files against the shapes")
    p_validate.add_argument("files", nargs="+", metavar="FILE")
    p_validate.set_defaults(handler=cmd_validate)

    p_load = sub.add_parser("load", help="upload dist/current into the remote SPARQL store (ICC_STORE) "
                                         "and switch its readers to it")
    p_load.add_argument("--store", help="SPARQL query endpoint URL (ICC_STORE)")
    p_load.add_argument("--store-update", help="SPARQL update endpoint URL (ICC_STORE_UPDATE)")
    p_load.add_argument("--store-gsp", help="Graph Store Protocol endpoint URL (ICC_STORE_GSP)")
    p_load.add_argument("--keep", type=int, default=None, metavar="N",
                        help="keep the N newest release graphs, drop older ones (default: drop none)")
    p_load.add_argument("--drop-old", action="store_const", const=1, dest="keep",
                        help="drop every release graph but the current one (same as --keep 1)")
    p_load.add_argument("--grace", type=float, default=defaults["LOAD_GRACE"], metavar="SECONDS",
                        help="wait this long after the switch before dropping (default %(default)g)")
    p_load.set_defaults(handler=cmd_load)

    p_import = sub.add_parser("import", help="import practices: `import catalogue FILE.tsv`, `import page FILE`",
                              add_help=False)
    p_import.add_argument("import_args", nargs=argparse.REMAINDER)
    p_import.set_defaults(handler=cmd_import, passthrough=True)

    p_worklist = sub.add_parser("worklist", help="the curators' worklist: `worklist export FILE.xlsx`, "
                                                 "`worklist import FILE.xlsx`")
    actions = p_worklist.add_subparsers(dest="action", required=True, metavar="export|import")
    p_export = actions.add_parser("export", help="one row per record and gap (and per derived topic to confirm), "
                                                 "with drop-down lists (.xlsx) and suggestions")
    p_export.add_argument("file", metavar="FILE.xlsx|FILE.csv")
    p_answers = actions.add_parser("import", help="write the answers into the records (all cells checked first; "
                                                  "a bad cell writes nothing)")
    p_answers.add_argument("file", metavar="FILE.xlsx|FILE.csv")
    p_answers.add_argument("--curator", metavar="NAME", help="who confirms the answers whose row names nobody")
    p_answers.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the decisions (default: today)")
    p_worklist.set_defaults(handler=cmd_worklist)

    from .submissions.command import add_parser as add_submissions

    add_submissions(sub)

    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        entry.load()(sub)  # adds its subparser; sets handler (and passthrough for its own options)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    # Commands with options of their own (`serve`, `import`) get the ones this parser does not know.
    args, extra = top.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    try:
        return args.handler(args)
    except IccGraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
