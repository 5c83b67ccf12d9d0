"""Releases made from one RDF file (``serve --data``): the release id, the cache of loaded stores
(reuse, atomic entries, bounded size) and the errors for bad input."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from endpoint import serve
from icc_graph.errors import SourceError
from icc_graph.release import read_release
from icc_graph.runtime import file_release
from icc_graph.runtime.file_release import release_from_file

BASE = "http://example.org"
TRIPLES = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(50))


@pytest.fixture
def nt(tmp_path) -> Path:
    path = tmp_path / "data.nt"
    path.write_text(TRIPLES, encoding="utf-8")
    return path


def _count(dist: Path) -> int:
    store = pyoxigraph.Store.read_only(str(read_release(dist).store_path))
    return len(store)


def _sst_inodes(store: Path) -> set[int]:
    return {f.stat().st_ino for f in store.iterdir() if f.suffix == ".sst"}


def _entries(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_a_cached_store_is_reused_by_the_next_start(nt, tmp_path):
    cache = tmp_path / "cache"
    first = release_from_file(nt, tmp_path / "a", BASE, cache=cache)
    assert _entries(cache) == [first] and read_release(tmp_path / "a").triples == 50
    second = release_from_file(nt, tmp_path / "b", BASE, cache=cache)
    assert second == first and _count(tmp_path / "b") == 50
    # the second release links the cached files instead of loading them again
    entry_files = _sst_inodes(cache / first / "store")
    assert entry_files and _sst_inodes(read_release(tmp_path / "b").store_path) == entry_files


def test_the_release_id_follows_content_format_and_base_iri(nt, tmp_path):
    ids = {release_from_file(nt, tmp_path / "a", BASE)}
    ids.add(release_from_file(nt, tmp_path / "b", BASE + "/other"))
    as_turtle = tmp_path / "data.ttl"
    as_turtle.write_bytes(nt.read_bytes())
    ids.add(release_from_file(as_turtle, tmp_path / "c", BASE))
    changed = tmp_path / "changed.nt"
    changed.write_text(TRIPLES + "<http://example.org/x> <http://example.org/p> \"x\" .\n", encoding="utf-8")
    ids.add(release_from_file(changed, tmp_path / "d", BASE))
    assert len(ids) == 4
    assert release_from_file(nt, tmp_path / "e", BASE + "/") == release_from_file(nt, tmp_path / "f", BASE)


def test_gzip_input_is_loaded_and_cached(nt, tmp_path):
    gz = tmp_path / "data.nt.gz"
    gz.write_bytes(gzip.compress(nt.read_bytes()))
    release_from_file(gz, tmp_path / "a", BASE, cache=tmp_path / "cache")
    assert read_release(tmp_path / "a").triples == 50 and _count(tmp_path / "a") == 50


@pytest.mark.parametrize("name, content, message", [
    ("broken.nt", TRIPLES + "<http://example.org/a> <http://example.org/b> .\n", "cannot be loaded"),
    ("truncated.nt.gz", gzip.compress(TRIPLES.encode())[:-20], "cannot be loaded"),
    ("notes.csv", "a,b\n", "RDF format"),
    ("missing.nt", None, "no such file"),
])
def test_bad_input_is_a_clear_error_and_leaves_nothing_behind(tmp_path, name, content, message):
    source, cache, dist = tmp_path / name, tmp_path / "cache", tmp_path / "dist"
    if content is not None:
        source.write_bytes(content if isinstance(content, bytes) else content.encode())
    for kept in (None, cache):
        with pytest.raises(SourceError, match=message):
            release_from_file(source, dist, BASE, cache=kept)
        assert _entries(cache) == [] and not list(dist.glob("releases/*")) and not (dist / "current").exists()


def test_a_failed_load_is_not_reused_and_a_good_one_follows(nt, tmp_path):
    cache = tmp_path / "cache"
    bad = tmp_path / "data.nt"
    bad.write_text(TRIPLES + "not a triple\n", encoding="utf-8")
    with pytest.raises(SourceError):
        release_from_file(bad, tmp_path / "a", BASE, cache=cache)
    bad.write_text(TRIPLES, encoding="utf-8")  # fixed in place
    release_from_file(bad, tmp_path / "b", BASE, cache=cache)
    assert _count(tmp_path / "b") == 50


def test_loads_left_by_a_dead_process_are_removed_but_not_a_running_ones(nt, tmp_path):
    cache = tmp_path / "cache"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    abandoned = cache / f"{file_release._PARTIAL}{dead}-x"
    running = cache / f"{file_release._PARTIAL}{os.getpid()}-y"
    for partial in (abandoned, running):
        (partial / "store").mkdir(parents=True)
    release_from_file(nt, tmp_path / "a", BASE, cache=cache)
    assert not abandoned.exists() and running.exists()
    assert [p for p in _entries(cache) if not p.startswith(".")] == [read_release(tmp_path / "a").id]


def test_the_cache_keeps_only_the_most_recent_stores(tmp_path):
    cache, ids = tmp_path / "cache", []
    for i in range(file_release.CACHE_KEEP + 2):
        source = tmp_path / f"d{i}.nt"
        source.write_text(TRIPLES * (i + 1) + f"<http://example.org/n> <http://example.org/p> \"{i}\" .\n")
        ids.append(release_from_file(source, tmp_path / f"dist{i}", BASE, cache=cache))
        os.utime(cache / ids[-1], (i + 1, i + 1))  # distinct use times, oldest first
    assert _entries(cache) == sorted(ids[-file_release.CACHE_KEEP:])
    assert _count(tmp_path / "dist0") == 51  # a server on an evicted store still reads its own links


def test_serve_reports_bad_data_without_a_traceback(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    assert serve.main(["--data", str(broken), "--data-cache", str(tmp_path / "cache")]) == 2
    err = capsys.readouterr().err
    assert "cannot be loaded" in err and "Traceback" not in err
    assert _entries(tmp_path / "cache") == []


def test_the_data_cache_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("ICC_DATA_CACHE", raising=False)
    assert serve.settings([])["DATA_CACHE"] == str(tmp_path / "icc-graph" / "data")
    monkeypatch.setenv("ICC_DATA_CACHE", str(tmp_path / "env"))
    assert serve.settings([])["DATA_CACHE"] == str(tmp_path / "env")
    assert serve.settings(["--data-cache", ""])["DATA_CACHE"] == ""  # no cache


# --- served as loaded, optimised later ----------------------------------------------------------

def _quads(store_path: Path) -> set:
    return set(pyoxigraph.Store.read_only(str(store_path)))


def test_a_store_served_as_loaded_is_optimised_into_a_copy_and_kept(nt, tmp_path):
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    rid = release_from_file(nt, dist, BASE, cache=cache, optimize=False)
    as_loaded = read_release(dist)
    assert _entries(cache) == []  # only an optimised store is kept
    assert json.loads((as_loaded.path / "release.json").read_text())["optimized"] is False
    original = sorted(p.name for p in as_loaded.store_path.iterdir())

    assert file_release.optimize_current(dist, cache) is True
    optimised = read_release(dist)
    assert optimised.path != as_loaded.path  # current moved ...
    assert (optimised.id, optimised.triples) == (rid, 50)  # ... to the same data
    assert _quads(optimised.store_path) == _quads(as_loaded.store_path)
    # the store in service until the switch is untouched: its readers may still be on it
    assert sorted(p.name for p in as_loaded.store_path.iterdir()) == original
    assert "optimized" not in json.loads((optimised.path / "release.json").read_text())
    assert _entries(cache) == [rid] and file_release.optimize_current(dist, cache) is False

    again = tmp_path / "again"  # the next start takes the optimised store from the cache
    assert release_from_file(nt, again, BASE, cache=cache, optimize=False) == rid
    assert "optimized" not in json.loads((read_release(again).path / "release.json").read_text())


def test_serve_file_answers_once_the_release_is_in_place_then_optimises(nt, tmp_path):
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    process = file_release.serve_file(nt, dist, BASE, cache)
    try:
        assert _count(dist) == 50  # servable now, whether or not the copy is done
        process.join(60)
        assert not process.is_alive()
        assert read_release(dist).path.name.endswith(".optimized") and len(_entries(cache)) == 1
    finally:
        process.end()


def test_serve_file_reports_bad_input_and_leaves_nothing(tmp_path):
    broken, dist = tmp_path / "broken.nt", tmp_path / "dist"
    broken.write_text(TRIPLES + "<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot be loaded.*line 51"):
        file_release.serve_file(broken, dist, BASE, None)
    assert not list(dist.glob("releases/*")) and not (dist / "current").exists()


def test_a_loaded_file_carries_its_counted_figures(tmp_path):
    from icc_graph import stats

    base = "http://127.0.0.1:8080"
    data = tmp_path / "g.ttl"
    data.write_text(f"""
        @prefix icc: <{base}/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{base}/id/topic/education> skos:inScheme <{base}/id/scheme/topics> .
        <{base}/id/practice/a> a icc:Practice ; <http://purl.org/dc/terms/subject> <{base}/id/topic/education> ;
            icc:country <{base}/id/country/norway> ; icc:year "2020" .
        <{base}/id/practice/b> a icc:Practice ; icc:country <{base}/id/country/norway> .
        <{base}/id/city/oslo> a icc:City .
        """, encoding="utf-8")
    release_from_file(data, tmp_path / "dist", base)
    figures = read_release(tmp_path / "dist").stats
    assert figures["counts"] == {"practices": 2, "cities": 1, "countries": 1, "topics": 1, "bodies": 0}
    assert figures["facets"] == {"topic": {f"{base}/id/topic/education": 1},
                                 "country": {f"{base}/id/country/norway": 2}, "year": {"2020": 1}}


def test_every_release_from_a_file_carries_its_search_index(tmp_path):
    from icc_graph.release import SEARCH_DIR
    from icc_graph.search.reader import SearchIndex, SearchRequest

    data = tmp_path / "places.ttl"
    data.write_text('<http://example.org/id/city/oslo> <http://www.w3.org/2000/01/rdf-schema#label> "Oslo"@en .\n',
                    encoding="utf-8")
    dist, cache = tmp_path / "dist", tmp_path / "cache"

    def found(where: Path) -> list[str]:
        index = SearchIndex(read_release(where).path / SEARCH_DIR)
        return [hit.slug for hit in index.search(SearchRequest("osl")).hits]
    release_from_file(data, dist, BASE, cache=cache, optimize=False)
    assert found(dist) == ["oslo"]  # loaded
    assert file_release.optimize_current(dist, cache) and found(dist) == ["oslo"]  # optimised copy
    release_from_file(data, tmp_path / "again", BASE, cache=cache)
    assert found(tmp_path / "again") == ["oslo"]  # from the cache
