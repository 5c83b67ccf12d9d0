"""Importers: the ICC catalogue table and single practice pages -> practice records in data/.

    icc-graph import catalogue FILE.tsv [--data-dir data]
    icc-graph import page FILE [--data-dir data] [--url URL] [--slug SLUG] [--lang TAG]
    icc-graph import places [--data-dir data]

Exit codes: 0 done (conflicts with curated records are reported, not fatal); 1 the input is
unusable (the message names file and line; nothing was written); 2 wrong usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ImportError_
from .catalogue import build_records
from .listings import load_listing_pages
from .output import WriteResult, write_records
from .page import page_record, read_page
from .placefacts import import_places
from .places import load_vocabularies

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _parser(data_dir: str) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="icc-graph import", description="Import practices into data/.")
    sub = top.add_subparsers(dest="kind", required=True, metavar="catalogue|page|places")
    cat = sub.add_parser("catalogue", help="a TSV table of practices (the ICC catalogue)")
    cat.add_argument("file", metavar="FILE.tsv")
    page = sub.add_parser("page", help="one ICC practice page saved as text: writes a draft record")
    page.add_argument("file", metavar="FILE")
    page.add_argument("--url", help="the page's address (else the site's pattern, flagged uncertain)")
    page.add_argument("--slug", help="the practice slug (else made from the title)")
    page.add_argument("--lang", help="language tag of the title (else guessed: en, fr, sq, sr)")
    places = sub.add_parser("places", help="link cities and countries to the packaged GeoNames copy: "
                            "coordinates, centroids, bounding boxes, and a note for each city not matched")
    for p in (cat, page, places):
        p.add_argument("--data-dir", default=data_dir, help="the records directory (default: %(default)s)")
    return top


def _report(result: WriteResult) -> None:
    for path in result.written:
        print(f"wrote {path}")
    for match in result.curated:
        print(f"kept curated {match.existing.path}: the practice of {match.record.origin}")
        for conflict in match.conflicts:
            print(f"  conflict, curated value kept: {conflict}")
    for note in result.kept_decisions:
        print(f"kept a curator's value: {note}")
    for slug in result.new_cities:
        print(f"new city: city:{slug}")
    if result.new_cities:
        print("to link the new cities to GeoNames and locate them: icc-graph import places")
    print(f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
          f"{len(result.curated)} curated kept, {len(result.new_cities)} new cities")


def import_catalogue(path: Path, data_dir: Path) -> WriteResult:
    vocab = _vocabularies(data_dir)
    imported = build_records(path, vocab, load_listing_pages(data_dir))
    for lines in imported.merged:
        print(f"merged: {path.name} lines {', '.join(map(str, lines))} are one practice")
    result = write_records(imported.records, vocab, data_dir, path.name)
    periods = [r.period for r in imported.records if r.period]
    print(f"{imported.rows} rows -> {len(imported.records)} practices; periods: "
          f"{sum(p.normalised for p in periods)} normalised, {sum(not p.normalised for p in periods)} not "
          f"(a part kept only as printed text), {len(imported.records) - len(periods)} not printed; "
          f"{sum(bool(r.uncertain) for r in imported.records)} with uncertain facts; "
          f"{sum(len(r.derived_topics) for r in imported.records)} topics derived from listing pages for "
          f"{sum(bool(r.derived_topics) for r in imported.records)} practices")
    return result


def import_page(path: Path, data_dir: Path, url: str | None, slug: str | None, lang: str | None) -> WriteResult:
    vocab = _vocabularies(data_dir)
    page = read_page(path)
    record = page_record(page, url=url, slug=slug, lang=lang)
    result = write_records([record], vocab, data_dir, path.name)
    print(f"for the editor: {', '.join(record.unknown_fields)}, topics (awaiting curation), abstract")
    return result


def _import_places(data_dir: Path) -> int:
    located, written = import_places(data_dir)
    for path in written:
        print(f"wrote {path}")
    for slug, match in sorted(located.flagged.items()):
        ids = ", ".join(str(c.place.geonameid) for c in match.candidates) or "no candidate"
        print(f"needs a GeoNames match: city:{slug} ({match.reason}: {ids})")
    for slug, area in sorted(located.areas.items()):
        if area.main_place is None:
            print(f"needs coordinates: city:{slug} (linked to the administrative area {area.describe()})")
        else:
            print(f"to confirm: city:{slug} located at {area.main_place.describe()}, the main place of the "
                  f"administrative area {area.describe()}")
    total = len(located.linked) + len(located.areas) + len(located.flagged) + len(located.curated)
    at_main_place = sum(1 for area in located.areas.values() if area.main_place is not None)
    print(f"cities: {len(located.linked)} matched, {len(located.areas)} linked to an administrative area "
          f"({at_main_place} located at its main place), {len(located.curated)} linked by a curator, "
          f"{len(located.flagged)} flagged, of {total}; countries: {len(located.countries)} with a GeoNames "
          f"link, centroid and bounding box")
    return EXIT_OK


def _vocabularies(data_dir: Path):
    countries = data_dir / "vocabularies" / "countries.ttl"
    if not countries.is_file():
        raise ImportError_(str(countries), "no country vocabulary: is --data-dir the project's data/ directory?")
    return load_vocabularies(data_dir)


def main_import(argv: list[str], data_dir: str = "data") -> int:
    try:
        args = _parser(data_dir).parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage or the help
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        if args.kind == "places":
            return _import_places(Path(args.data_dir))
        if args.kind == "catalogue":
            result = import_catalogue(Path(args.file), Path(args.data_dir))
        else:
            result = import_page(Path(args.file), Path(args.data_dir), args.url, args.slug, args.lang)
    except ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_INPUT
    _report(result)
    return EXIT_OK
