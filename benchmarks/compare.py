"""Run the query mix against this project's endpoint and its peers, on the same data, in one run.

For each system: start it on a free loopback port over the N-Triples file, time the start-up
(until it answers a query), warm it up, drive it with C clients for D seconds
(:mod:`benchmarks.driver`), sample the peak memory of its process tree, stop it by its pid.

Systems (``--systems``, comma-separated; the default is all that are installed):
  ours-cold     ``icc-graph serve --data FILE --result-cache-mb 0``: on-disk store, every query evaluated
  ours-cold-memory  ``icc-graph serve --data FILE --memory --result-cache-mb 0``: every query evaluated,
                over the in-memory copy each query process makes (disk until the copy is ready)
  ours-served   ``icc-graph serve --data FILE --memory --query-workers 1``: in-memory store and the
                result cache (64 MB)
  oxigraph      Oxigraph server: ``oxigraph load`` then ``oxigraph serve-read-only``
  virtuoso      OpenLink Virtuoso 7 alone (tests/virtuoso_server.py: a private ini; loaded with ``ld_dir``)
  ours-virtuoso-cold  ours in front of that Virtuoso (``ICC_STORE``), the release laid out as
                ``icc-graph load`` does; ``--result-cache-mb 0``: every query goes to Virtuoso
  ours-virtuoso-served  the same with the result cache (the defaults)
  rdflib-endpoint  rdflib-endpoint (rdflib's SPARQL engine behind FastAPI)
  ours-doc      ``/doc/practice/...`` in Turtle from ``icc-graph serve --data FILE`` (the defaults: documents
                are built by the server's own processes, whatever the query processes hold)

    python benchmarks/compare.py /tmp/icc-10k.nt --practices 10000 --seconds 20 --out results-10k.json

Each system is driven with each mix of ``--mixes`` (the browser's, benchmarks/mix.py, and a
researcher's, benchmarks/research_mix.py) in turn, warmed up before each.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import driver  # noqa: E402
from benchmarks.memory import tree_memory  # noqa: E402
from benchmarks.research_mix import MIXES  # noqa: E402
from icc_graph.iris import release_graph  # noqa: E402
from tests.virtuoso_server import VirtuosoServer  # noqa: E402
from tests.virtuoso_server import endpoints as virtuoso_endpoints  # noqa: E402

BIN = Path(sys.executable).parent
START_TIMEOUT = 900.0  # seconds a system may take to load and start (Virtuoso at 100k is slow)
PROBE = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
SERVED = ("ours-served", "ours-virtuoso-served")  # the systems that reuse answers (a result cache)
SYSTEMS = ("ours-cold", "ours-cold-memory", "ours-served", "oxigraph", "virtuoso", "ours-virtuoso-cold",
           "ours-virtuoso-served", "rdflib-endpoint", "ours-doc")
QUERY_TIMEOUT = 30  # seconds, ours and Virtuoso's own limit alike


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PeakMemory(threading.Thread):
    """Samples the memory of a process and its descendants (:func:`tree_memory`) until stopped."""

    def __init__(self, pid: int):
        import psutil  # the bench extra; only the comparison itself needs it

        super().__init__(daemon=True)
        self.error = psutil.Error
        self.root, self.peak, self._done = psutil.Process(pid), 0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            try:
                total = tree_memory(self.root)
            except self.error:
                continue
            self.peak = max(self.peak, total)

    def stop(self) -> int:
        self._done.set()
        self.join(2)
        return self.peak


def probe(url: str) -> bool:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": PROBE}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


def stop(process) -> None:
    """Stop the server we started, by its process group (gunicorn, query workers, ...)."""
    if isinstance(process, _Both):
        process.stop()
        return
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def launch(command: list[str], log: Path, **kwargs) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)


# --- the systems: each returns (process, SPARQL URL); loading counts as start-up -----------

def start_ours(data: Path, work: Path, port: int, *extra: str) -> tuple[subprocess.Popen, str]:
    # --data-cache '': every start loads the file (a repeat start from the cache takes ~2 s at 100k)
    command = [str(BIN / "icc-graph"), "serve", "--data", str(data), "--data-cache", "", "--port", str(port), *extra]
    env = {**os.environ, "ICC_QUERY_TIMEOUT": str(QUERY_TIMEOUT)}
    return launch(command, work / "ours.log", cwd=ROOT, env=env), f"http://127.0.0.1:{port}/sparql"


def start_oxigraph(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    location = work / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return launch(command, work / "oxigraph.log"), f"http://127.0.0.1:{port}/query"


def _virtuoso(data: Path, work: Path, port: int, graph: str) -> tuple[VirtuosoServer, subprocess.Popen]:
    """A private Virtuoso (tests/virtuoso_server.py, buffers for 2 GB) with *data* bulk-loaded
    (``ld_dir`` + ``rdf_loader_run``) into *graph*."""
    server = VirtuosoServer(work / "virtuoso", port, buffers=170_000, timeout=int(QUERY_TIMEOUT),
                            dirs_allowed=data.parent).start()
    load = f"ld_dir('{data.parent}', '{data.name}', '{graph}'); rdf_loader_run(); checkpoint;"
    done = server.isql(load, timeout=START_TIMEOUT)
    if done.returncode != 0 or "Error" in done.stdout:
        server.stop()
        raise RuntimeError(f"virtuoso did not load the file: {done.stdout[-500:]}")
    return server, server.process


def start_virtuoso(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    server, process = _virtuoso(data, work, port, "http://127.0.0.1/icc-graph")
    return process, f"{server.url}/sparql"


def start_ours_over_virtuoso(data: Path, work: Path, port: int, *extra: str) -> tuple[subprocess.Popen, str]:
    """Virtuoso holding the release as `icc-graph load` lays it out (the file bulk-loaded into the
    release graph, then the pointer moved by the loader's own switch), and ours in front of it."""
    from icc_graph.runtime.file_release import release_from_file
    from icc_graph.store.load import graph_size
    from icc_graph.store.remote import switch_update
    from icc_graph.store.remote_client import StoreClient

    base = "http://127.0.0.1:8080"
    dist = work / "dist"
    release = release_from_file(data, dist, base, optimize=False)  # ours reads only its release.json
    server, store = _virtuoso(data, work, free_port(), release_graph(base, release))
    client = StoreClient(virtuoso_endpoints(server.url, read=START_TIMEOUT))
    triples = graph_size(client, release_graph(base, release))
    client.update(switch_update(base, release, triples, (), "2026-12-02T00:00:00Z"))
    ends = virtuoso_endpoints(server.url)
    command = [str(BIN / "icc-graph"), "--dist", str(dist), "serve", "--port", str(port), *extra]
    env = {**os.environ, "ICC_QUERY_TIMEOUT": str(QUERY_TIMEOUT), "ICC_STORE": ends.query}
    ours = launch(command, work / "ours.log", cwd=ROOT, env=env)
    return _Both(ours, store), f"http://127.0.0.1:{port}/sparql"


class _Both:
    """Two servers as one process for :func:`bench`: ours (whose memory is sampled) and its store."""

    def __init__(self, front: subprocess.Popen, store: subprocess.Popen):
        self.front, self.store, self.pid = front, store, front.pid

    def poll(self):
        return self.front.poll() if self.store.poll() is None else self.store.poll()

    def stop(self) -> None:
        stop(self.front)
        stop(self.store)


def start_rdflib_endpoint(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    command = [str(BIN / "rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    return launch(command, work / "rdflib-endpoint.log"), f"http://127.0.0.1:{port}/"


STARTERS = {
    "ours-cold": lambda d, w, p: start_ours(d, w, p, "--result-cache-mb", "0"),
    "ours-virtuoso-cold": lambda d, w, p: start_ours_over_virtuoso(d, w, p, "--result-cache-mb", "0"),
    "ours-virtuoso-served": start_ours_over_virtuoso,
    "ours-cold-memory": lambda d, w, p: start_ours(d, w, p, "--memory", "--result-cache-mb", "0"),
    "ours-served": lambda d, w, p: start_ours(d, w, p, "--memory", "--query-workers", "1"),
    "ours-doc": start_ours,  # documents come from the gunicorn workers: the defaults serve them
    "oxigraph": start_oxigraph,
    "virtuoso": start_virtuoso,
    "rdflib-endpoint": start_rdflib_endpoint,
}


def available(system: str) -> bool:
    needs = {"virtuoso": "virtuoso-t", "ours-virtuoso-cold": "virtuoso-t", "ours-virtuoso-served": "virtuoso-t", "oxigraph": str(BIN / "oxigraph"),
             "rdflib-endpoint": str(BIN / "rdflib-endpoint")}.get(system)
    return needs is None or shutil.which(needs) is not None


def bench(system: str, data: Path, practices: int, clients: int, seconds: float, warmup: float,
          mixes: tuple[str, ...] = ("browser",)) -> list[dict]:
    """Start *system*, drive it with each mix in turn (each warmed up first), stop it; the figures
    of each mix."""
    with tempfile.TemporaryDirectory(prefix=f"icc-bench-{system}-") as tmp:
        work, port = Path(tmp), free_port()
        started = time.perf_counter()
        process, url = STARTERS[system](data, work, port)
        memory = PeakMemory(process.pid)
        memory.start()
        try:
            while not probe(url):
                if process.poll() is not None or time.perf_counter() - started > START_TIMEOUT:
                    log = "\n".join(p.read_text(errors="replace")[-2000:] for p in work.glob("*.log"))
                    raise RuntimeError(f"{system} did not start:\n{log}")
                time.sleep(0.1)
            startup = time.perf_counter() - started
            doc = system == "ours-doc"
            target = url.rsplit("/sparql", 1)[0] if doc else url
            runs = {}
            for mix in (("browser",) if doc else mixes):
                if warmup:
                    driver.run(target, practices, clients, warmup, doc=doc, seed=99, mix=mix)
                runs[mix] = driver.run(target, practices, clients, seconds, doc=doc, mix=mix)
        finally:
            stop(process)
            peak = memory.stop()
    summaries = []
    for mix, stats in runs.items():
        summary = stats.summary()
        summary.update(system=system, mix=mix, practices=practices, clients=clients, startup_s=round(startup, 2),
                       warmup_s=warmup,
                       peak_memory_mb=round(peak / 1e6, 1))
        summaries.append(summary)
    return summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ntriples", type=Path, help="the graph, from benchmarks/generate.py --ntriples")
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of the mix before measuring")
    parser.add_argument("--served-warmup", type=float,
                        help=f"the warm-up of the systems that reuse answers ({', '.join(SERVED)}), which a "
                             "server running for a while has had (default: --warmup)")
    parser.add_argument("--mixes", default="browser,research", help=f"comma-separated, of {', '.join(MIXES)}")
    parser.add_argument("--out", type=Path, help="append each system's summary (JSON lines) here")
    args = parser.parse_args(argv)
    data = args.ntriples.resolve()
    for system in args.systems.split(","):
        if not available(system):
            print(f"{system}: not installed, skipped\n")
            continue
        try:
            warmup = args.served_warmup if system in SERVED and args.served_warmup is not None else args.warmup
            summaries = bench(system, data, args.practices, args.clients, args.seconds, warmup,
                              tuple(args.mixes.split(",")))
        except (RuntimeError, subprocess.SubprocessError) as exc:
            print(f"{system}: failed: {exc}\n")
            continue
        for summary in summaries:
            print(driver.table(summary, f"{system}, {summary['mix']} mix, {args.practices} practices, {args.clients} "
                                        f"clients (start-up {summary['startup_s']} s, peak memory "
                                        f"{summary['peak_memory_mb']} MB)"))
            for sample in summary["error_samples"]:
                print("  failed:", sample)
            print(flush=True)
            if args.out:
                with args.out.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
