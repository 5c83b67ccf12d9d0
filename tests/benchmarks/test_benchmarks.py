"""Smoke tests of the benchmark scripts at tiny N, and of what they rely on in the project:
``serve --data FILE``, the in-memory query workers and the result cache."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyoxigraph
import pytest

from benchmarks import compare, describe_shapes, driver, engines, facet_pages, generate, resource_pages, summary
from benchmarks.mix import Mix
from benchmarks.research_mix import ResearchMix
from icc_graph.caching import ReleaseCache
from icc_graph.errors import SourceError
from icc_graph.formats import RESULTS_JSON
from icc_graph.release import read_release
from icc_graph.runtime.file_release import release_from_file
from icc_graph.store.base import QueryRequest
from icc_graph.store.caching import CachingStore
from icc_graph.store.embedded import EmbeddedStore
from tests.live import stop_cleanly

ROOT = Path(__file__).resolve().parents[2]
PRACTICES = 12


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """(source tree, N-Triples file) of a tiny generated graph."""
    out = tmp_path_factory.mktemp("tiny")
    generate.generate(PRACTICES, out / "src", seed=5)
    nt = out / "tiny.nt"
    generate.write_ntriples(out / "src", nt, "http://127.0.0.1:8080")
    return out / "src", nt


def test_generator_is_deterministic_and_about_33_triples_a_practice(tiny, tmp_path):
    src, nt = tiny
    again = tmp_path / "again.nt"
    generate.generate(PRACTICES, tmp_path / "src", seed=5)
    generate.write_ntriples(tmp_path / "src", again, "http://127.0.0.1:8080")
    assert again.read_bytes() == nt.read_bytes()
    practices = [line for line in nt.read_text().splitlines() if "synthetic-practice-" in line.split(" ")[0]]
    assert 30 * PRACTICES <= len(practices) <= 40 * PRACTICES


def test_generated_data_passes_the_shapes(tiny, tmp_path):
    src, _ = tiny
    result = subprocess.run([sys.executable, "-m", "icc_graph", "--data", str(src / "data"), "--ontology",
                             str(src / "ontology"), "--shapes", str(src / "shapes"), "--dist", str(tmp_path / "dist"),
                             "build"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_release(tmp_path / "dist").triples > 30 * PRACTICES


def test_every_request_of_the_mix_runs_and_finds_answers(tiny):
    _, nt = tiny
    store = pyoxigraph.Store()
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    for request in Mix(PRACTICES, seed=3).all_kinds():
        answer = list(store.query(request.query))
        if request.name in ("facets_all", "describe", "construct"):
            assert answer, request.name


def test_every_request_of_the_researchers_mix_finds_answers_and_spans_every_resource(tiny):
    _, nt = tiny
    store = pyoxigraph.Store()
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    mix = ResearchMix(PRACTICES, seed=3)
    for kind in mix.kinds:  # every kind asks about what the generated graph holds (a city may have none)
        assert any(list(store.query(kind().query)) for _ in range(20)), kind.__name__
    drawn = {ResearchMix(PRACTICES, seed=seed).r_bodies_of_a_practice().query for seed in range(200)}
    assert len(drawn) == PRACTICES  # a practice among all of them, not a small set
    described = {ResearchMix(PRACTICES, seed=seed).r_describe_any_resource().query.split("/id/")[1].split("/")[0]
                 for seed in range(200)}
    assert described == {"practice", "body", "city"}


def test_describe_shapes_measures_every_shape(tiny, tmp_path):
    from icc_graph.store.factory import open_store

    _, nt = tiny
    release_from_file(nt, tmp_path / "dist", describe_shapes.BASE)
    store = open_store({"DIST_DIR": str(tmp_path / "dist"), "QUERY_WORKERS": 1, "RESULT_CACHE_MB": 0})
    try:
        rows = describe_shapes.measure(store, PRACTICES, 2)
    finally:
        store.close()
    sizes = {name: size for name, _, _, size, _ in rows}
    assert all(first_ms > 0 for *_, first_ms in rows)  # each shape's slowest first read is measured
    assert len(rows) == 14 and sizes["practice (/id/)"] > 1000 and sizes["class (hash, every practice's type)"] > 1000
    assert sizes["unknown under /id/"] < sizes["practice (/id/)"]


def test_summary_tables_every_system_and_mix_with_the_target_ratios():
    def run(system, mix, throughput):
        return {"system": system, "mix": mix, "throughput": throughput, "startup_s": 1.0, "errors": 0,
                "all": {"p50_ms": 2.0, "p95_ms": 9.0}}

    text = summary.table([run("ours-served", "browser", 30.0), run("ours-served", "research", 9.0),
                          run("oxigraph", "browser", 10.0), run("oxigraph", "research", 6.0)])
    assert text.count("\n| ours-served |") == text.count("\n| oxigraph |") == 1
    assert "ours embedded, as served / Oxigraph server: browser 3.00×, research 1.50×" in text


def test_engines_run_in_process(tiny):
    _, nt = tiny
    stats, _ = engines.run("pyoxigraph-memory", nt, PRACTICES, 0.3, "http://127.0.0.1:8080")
    assert stats.answered > 0 and not stats.errors
    stats, _ = engines.run("rdflib", nt, PRACTICES, 0.3, "http://127.0.0.1:8080")
    assert stats.answered > 0


def test_release_from_file_reads_turtle_and_gzip(tiny, tmp_path):
    src, nt = tiny
    gz = tmp_path / "g.nt.gz"
    gz.write_bytes(gzip.compress(nt.read_bytes()))
    release_id = release_from_file(gz, tmp_path / "a", "http://127.0.0.1:8080")
    info = read_release(tmp_path / "a")
    assert info.id == release_id and info.triples == len(nt.read_text().splitlines())
    release_from_file(src / "data" / "places" / "cities.ttl", tmp_path / "b", "http://127.0.0.1:8080")
    assert read_release(tmp_path / "b").triples > 0
    notes = tmp_path / "notes.csv"
    notes.write_text("not RDF")
    with pytest.raises(SourceError, match="RDF format"):
        release_from_file(notes, tmp_path / "c", "http://x")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    with pytest.raises(SourceError, match="cannot be loaded"):
        release_from_file(broken, tmp_path / "d", "http://x")


def test_result_cache_is_bounded_and_forgets_older_releases():
    cache = ReleaseCache(8_000, sizeof=lambda key, value: len(value))
    for i in range(100):
        if cache.get("r1", i) is None:
            cache.put("r1", i, b"x" * 300)
    assert cache.size <= 8_000 and 0 < len(cache) < 100
    assert cache.get("r1", 99) == b"x" * 300 and cache.get("r1", 0) is None  # the oldest went first
    assert cache.get("r2", 99) is None and len(cache) == 0  # a new release empties it
    cache.put("r1", 1, b"old")  # computed over the old release: not kept
    assert cache.get("r2", 1) is None


def test_caching_store_never_answers_from_an_older_release(tiny, tmp_path):
    _, nt = tiny
    dist = tmp_path / "dist"
    release_from_file(nt, dist, "http://127.0.0.1:8080")
    store = CachingStore(EmbeddedStore(dist, query_workers=1), max_bytes=1_000_000)
    request = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", RESULTS_JSON, None)
    try:
        first = store.query(request)
        assert store.query(request) is first and store.cache.hits == 1
        # switch `current` to a release with one more triple, as a build does
        extra = tmp_path / "extra.nt"
        extra.write_text(nt.read_text() + "<http://x/a> <http://x/b> <http://x/c> .\n")
        other = tmp_path / "other"
        release_from_file(extra, other, "http://127.0.0.1:8080")
        (dist / "releases").joinpath(read_release(other).id).symlink_to(read_release(other).path)
        os.replace(_link(dist, read_release(other).id), dist / "current")
        second = store.query(request)
        assert second.body != first.body
    finally:
        store.close()


def _link(dist: Path, release_id: str) -> Path:
    link = dist / "next"
    link.symlink_to(Path("releases") / release_id)
    return link


@pytest.mark.live
@pytest.mark.parametrize("options", [[], ["--memory", "--query-workers", "1"]], ids=["disk", "memory"])
def test_serve_data_file_under_the_driver(tiny, options, tmp_path):
    _, nt = tiny
    port, cache, log = compare.free_port(), tmp_path / "cache", tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "icc_graph", "serve", "--data", str(nt), "--port", str(port),
                                    "--workers", "1", "--data-cache", str(cache), *options], cwd=ROOT,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not compare.probe(f"http://127.0.0.1:{port}/sparql"):
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        stats = driver.run(f"http://127.0.0.1:{port}/sparql", PRACTICES, clients=2, seconds=1.5)
        assert stats.answered > 0 and not stats.errors, stats.error_samples
        assert set(stats.latencies) >= {"facets_all", "describe"} or stats.answered < 12
        while not any(cache.glob("[0-9a-f]*")):  # the optimised store is kept once it serves
            assert time.monotonic() < deadline, "the store was never optimised"
            time.sleep(0.1)
        docs = driver.run(f"http://127.0.0.1:{port}", PRACTICES, clients=2, seconds=0.5, doc=True)
        assert docs.answered > 0 and not docs.errors, docs.error_samples
        # the query processes (spawned) run with mimalloc (icc_graph/allocator.py)
        spawned = [m for m in map(_spawned_maps, psutil.Process(process.pid).children(recursive=True)) if m]
        assert spawned and all("libmimalloc" in m for m in spawned)
    finally:
        stop_cleanly(process, log)


@pytest.mark.live
def test_facet_pages_benchmark_asks_each_page_once_from_the_start(tiny, tmp_path, capsys):
    _, nt = tiny
    assert facet_pages.main(["--prepare", str(nt), "--dist", str(tmp_path / "dist"), "--pages", "9",
                             "--home", "2"]) == 0
    printed = capsys.readouterr().out
    assert "| every facet page | 9 |" in printed and "| home page (html) | 3 |" in printed
    assert f"facet index of {PRACTICES} practices" in printed


def _spawned_maps(process: psutil.Process) -> str | None:
    """The memory map of a process started by multiprocessing's spawn (None for the others)."""
    try:
        if "spawn_main" in " ".join(process.cmdline()):
            return Path(f"/proc/{process.pid}/maps").read_text()
    except (psutil.Error, OSError):  # ended meanwhile (a zombie until reaped)
        pass
    return None


def test_driver_refuses_other_hosts():
    with pytest.raises(SystemExit, match="loopback"):
        driver.Endpoint("http://example.org/sparql")


def test_the_search_benchmark_indexes_and_measures_a_tiny_tree(tmp_path, capsys):
    from benchmarks import search

    assert search.main(["--practices", str(PRACTICES), "--out", str(tmp_path / "src"), "--queries", "25"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{PRACTICES} practices: ") and "documents indexed" in lines[0]
    rows = {line.split(" | ")[0].strip("| "): line for line in lines[3:]}
    assert set(rows) == {"word", "prefix", "two words", "word + filter", "filters alone", "all"}
    assert rows["all"].split(" | ")[1] == "25"


@pytest.mark.live
def test_resource_pages_benchmark_asks_every_kind_from_the_start(tiny, tmp_path, capsys):
    _, nt = tiny
    dist = tmp_path / "dist"
    release_from_file(nt, dist, "http://127.0.0.1:8080")
    assert resource_pages.main(["--dist", str(dist), "--per-kind", "3"]) == 0
    printed = capsys.readouterr().out
    assert "the first request, a topic's page" in printed
    for kind in ("practice", "council", "city", "country", "scheme", "ontology"):
        assert f"| {kind} | " in printed, kind
    assert "| practice | 3 |" in printed and "| **every page** |" in printed
