"""A private OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``) on 127.0.0.1, stopped by its pid.

Its own ``virtuoso.ini`` and database in a directory of its own, its HTTP and ISQL ports free
loopback ports, and SPARQL update and the Graph Store endpoint (``/sparql-graph-crud``) opened to
the anonymous SPARQL user, so ``icc-graph load`` can write without credentials. That is for a
private server on loopback only: a shared Virtuoso keeps writes behind its ``-auth`` endpoints.

As a command (``.ci/virtuoso.sh`` uses it; ``eval`` its output)::

    python -m tests.virtuoso_server start DIR   # prints VIRTUOSO_PID=... ICC_STORE=... (shell assignments)
    python -m tests.virtuoso_server load DIR    # start, then `icc-graph load` the current release of ./dist
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from icc_graph.store.remote_client import Endpoints
from tests.oxigraph_server import ServerProcess, free_port

VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"
VSP_DIR = "/var/lib/virtuoso-opensource-7/vsp"
START_TIMEOUT = 60.0  # seconds a fresh database may take to be created and answer

# NumberOfBuffers pages of 8 kB each: 20,000 (160 MB) for the tests, 170,000 (1.3 GB, Virtuoso's own
# suggestion for 2 GB of memory) for the benchmarks.
INI = """[Database]
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
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {dirs_allowed}, {vad}
VADInstallDir = {vad}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
DefaultGraph =
"""

# The anonymous user (SPARQL) may update, and write any graph: the loader needs both.
OPEN_TO_LOADER = ('grant SPARQL_UPDATE to "SPARQL";',
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);")


def virtuoso_binary() -> str | None:
    """``virtuoso-t`` when Debian's package is installed, else None."""
    return shutil.which("virtuoso-t") if shutil.which("isql-vt") else None


def endpoints(url: str, connect: float = 3.0, read: float = 10.0) -> Endpoints:
    """Virtuoso's endpoints under *url* (http://host:port): the public /sparql for queries and,
    opened as above, for updates; /sparql-graph-crud is its Graph Store Protocol."""
    url = url.rstrip("/")
    return Endpoints(f"{url}/sparql", f"{url}/sparql", f"{url}/sparql-graph-crud", connect, read)


class VirtuosoServer(ServerProcess):
    """``virtuoso-t +foreground`` with its own ini and database in *location*."""

    endpoints = staticmethod(endpoints)
    stop_wait = 30.0

    def __init__(self, location: Path, port: int | None = None, *, max_rows: int = 100_000, timeout: int = 0,
                 buffers: int = 20_000, dirs_allowed: Path | None = None, template: bool = True):
        self.binary = virtuoso_binary()
        if self.binary is None:
            raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
        self.location, self.port, self.sql_port = Path(location), port or free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.location.mkdir(parents=True, exist_ok=True)
        self.ini = self.location / "virtuoso.ini"
        self.ini.write_text(INI.format(db=self.location, sql_port=self.sql_port, http_port=self.port,
                                       buffers=buffers, dirty=buffers * 3 // 4, max_rows=max_rows, timeout=timeout,
                                       dirs_allowed=dirs_allowed or self.location, vad=VAD_DIR, vsp=VSP_DIR),
                            encoding="utf-8")
        self.process: subprocess.Popen | None = None
        self._opened = False
        self.template = template

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def isql(self, *statements: str, timeout: float = 600.0) -> subprocess.CompletedProcess:
        """Run SQL statements through ``isql-vt`` as dba (the password of a fresh database)."""
        return subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               f"exec={' '.join(statements)}"], capture_output=True, text=True, timeout=timeout)

    def start(self) -> VirtuosoServer:
        database = self.location / "virtuoso.db"
        if not database.exists() and self.template:
            shutil.copyfile(template_database(), database)  # a fresh database takes 30 s to create
            self._opened = True
        log = (self.location / "stdout.log").open("ab")
        self.process = subprocess.Popen([self.binary, "+foreground", "+configfile", str(self.ini)],
                                        cwd=self.location, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while self.isql("status();", timeout=10).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Virtuoso did not start; see {self.location}/virtuoso.log")
            time.sleep(0.3)
        opened = self.isql(*OPEN_TO_LOADER) if not self._opened else None
        self._opened = True  # kept in the database: a restart need not (and cannot) grant again
        if opened is not None and (opened.returncode != 0 or "Error" in opened.stdout + opened.stderr):
            self.stop()
            raise RuntimeError(f"Virtuoso refused the grants: {opened.stdout}{opened.stderr}")
        while not _listening(self.port):
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Virtuoso's HTTP server did not listen on {self.port}")
            time.sleep(0.1)
        return self


def template_database() -> Path:
    """An empty database, opened to the loader, made once per machine and user (written to a
    temporary name, then renamed): each server starts from a copy of it."""
    version = subprocess.run([virtuoso_binary() or "virtuoso-t", "-?"], capture_output=True, text=True)
    tag = hashlib.sha256((version.stdout + version.stderr).encode()).hexdigest()[:12]
    template = Path(tempfile.gettempdir()) / f"icc-virtuoso-template-{os.getuid()}-{tag}.db"
    if not template.exists():
        with tempfile.TemporaryDirectory(prefix="icc-virtuoso-template-") as work:
            server = VirtuosoServer(Path(work), template=False).start()
            try:
                server.isql("checkpoint;")
            finally:
                server.stop()
            partial = template.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(Path(work) / "virtuoso.db", partial)
            os.replace(partial, template)
    return template


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start a private Virtuoso on loopback (and load a release).")
    parser.add_argument("action", choices=("start", "load"))
    parser.add_argument("directory", type=Path, help="its ini and database go here")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="load: the release directory")
    parser.add_argument("--max-rows", type=int, default=100_000, help="ResultSetMaxRows (above the row cap)")
    args = parser.parse_args(argv)
    try:
        server = VirtuosoServer(args.directory, max_rows=args.max_rows).start()
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    ends = endpoints(server.url)
    if args.action == "load":
        command = [str(Path(sys.executable).parent / "icc-graph"), "--dist", str(args.dist), "load", "--grace", "0",
                   "--store", ends.query, "--store-update", ends.update, "--store-gsp", ends.gsp]
        loaded = subprocess.run(command, stdout=sys.stderr)
        if loaded.returncode != 0:
            server.stop()
            return loaded.returncode
    for name, value in (("VIRTUOSO_PID", server.pid), ("VIRTUOSO_URL", server.url), ("ICC_STORE", ends.query),
                        ("ICC_STORE_UPDATE", ends.update), ("ICC_STORE_GSP", ends.gsp)):
        print(f"{name}={shlex.quote(str(value))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
