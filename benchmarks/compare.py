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
  virtuoso      OpenLink Virtuoso 7 (``virtuoso-t`` with a private ini; loaded with ``ld_dir``)
  rdflib-endpoint  rdflib-endpoint (rdflib's SPARQL engine behind FastAPI)
  ours-doc      ``/doc/practice/...`` in Turtle from ``icc-graph serve --data FILE`` (the defaults: documents
                are built by the server's own processes, whatever the query processes hold)

    python benchmarks/compare.py /tmp/icc-10k.nt --practices 10000 --seconds 20 --out results-10k.json
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

BIN = Path(sys.executable).parent
START_TIMEOUT = 900.0  # seconds a system may take to load and start (Virtuoso at 100k is slow)
PROBE = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
SYSTEMS = ("ours-cold", "ours-cold-memory", "ours-served", "oxigraph", "virtuoso", "rdflib-endpoint", "ours-doc")


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


def stop(process: subprocess.Popen) -> None:
    """Stop the server we started, by its process group (gunicorn, query workers, ...)."""
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
    env = {**os.environ, "ICC_QUERY_TIMEOUT": "30"}
    return launch(command, work / "ours.log", cwd=ROOT, env=env), f"http://127.0.0.1:{port}/sparql"


def start_oxigraph(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    location = work / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return launch(command, work / "oxigraph.log"), f"http://127.0.0.1:{port}/query"


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = ., {data_dir}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def start_virtuoso(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    db = work / "virtuoso"
    db.mkdir()
    sql_port = free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=port, data_dir=data.parent),
                   encoding="utf-8")
    process = launch(["virtuoso-t", "+foreground", "+configfile", str(ini)], work / "virtuoso.log", cwd=db)
    deadline = time.monotonic() + 120
    isql = ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba"]
    while subprocess.run([*isql, "exec=status();"], capture_output=True).returncode != 0:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("virtuoso did not start; see virtuoso.log")
        time.sleep(0.5)
    load = (f"ld_dir('{data.parent}', '{data.name}', 'http://127.0.0.1/icc-graph'); "
            "rdf_loader_run(); checkpoint;")
    subprocess.run([*isql, f"exec={load}"], check=True, capture_output=True, timeout=START_TIMEOUT)
    return process, f"http://127.0.0.1:{port}/sparql"


def start_rdflib_endpoint(data: Path, work: Path, port: int) -> tuple[subprocess.Popen, str]:
    command = [str(BIN / "rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    return launch(command, work / "rdflib-endpoint.log"), f"http://127.0.0.1:{port}/"


STARTERS = {
    "ours-cold": lambda d, w, p: start_ours(d, w, p, "--result-cache-mb", "0"),
    "ours-cold-memory": lambda d, w, p: start_ours(d, w, p, "--memory", "--result-cache-mb", "0"),
    "ours-served": lambda d, w, p: start_ours(d, w, p, "--memory", "--query-workers", "1"),
    "ours-doc": start_ours,  # documents come from the gunicorn workers: the defaults serve them
    "oxigraph": start_oxigraph,
    "virtuoso": start_virtuoso,
    "rdflib-endpoint": start_rdflib_endpoint,
}


def available(system: str) -> bool:
    needs = {"virtuoso": "virtuoso-t", "oxigraph": str(BIN / "oxigraph"),
             "rdflib-endpoint": str(BIN / "rdflib-endpoint")}.get(system)
    return needs is None or shutil.which(needs) is not None


def bench(system: str, data: Path, practices: int, clients: int, seconds: float, warmup: float) -> dict:
    """Start *system*, drive it, stop it; the figures of the run."""
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
            if warmup:
                driver.run(target, practices, clients, warmup, doc=doc, seed=99)
            stats = driver.run(target, practices, clients, seconds, doc=doc)
        finally:
            stop(process)
            peak = memory.stop()
    summary = stats.summary()
    summary.update(system=system, practices=practices, clients=clients, startup_s=round(startup, 2),
                   peak_memory_mb=round(peak / 1e6, 1))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ntriples", type=Path, help="the graph, from benchmarks/generate.py --ntriples")
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of the mix before measuring")
    parser.add_argument("--out", type=Path, help="append each system's summary (JSON lines) here")
    args = parser.parse_args(argv)
    data = args.ntriples.resolve()
    for system in args.systems.split(","):
        if not available(system):
            print(f"{system}: not installed, skipped\n")
            continue
        try:
            summary = bench(system, data, args.practices, args.clients, args.seconds, args.warmup)
        except (RuntimeError, subprocess.SubprocessError) as exc:
            print(f"{system}: failed: {exc}\n")
            continue
        print(driver.table(summary, f"{system}, {args.practices} practices, {args.clients} clients "
                                    f"(start-up {summary['startup_s']} s, peak memory {summary['peak_memory_mb']} MB)"))
        for sample in summary["error_samples"]:
            print("  failed:", sample)
        print(flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as out:
                out.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
