#!/usr/bin/env bash
# CI: the remote backend. Starts Oxigraph server on loopback, loads a fresh build into it with
# `icc-graph load`, checks it, and runs the endpoint test suite against it (ICC_TEST_STORE=remote),
# then the benchmark of the remote hop. The server is stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
.venv/bin/pip install --quiet 'oxigraph>=0.5,<0.6'  # the server CLI (no clash: pyoxigraph has no command)

WORK="$(mktemp -d)"
PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
.venv/bin/oxigraph serve --location "$WORK/db" --bind "127.0.0.1:$PORT" >"$WORK/oxigraph.log" 2>&1 &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT

for _ in $(seq 100); do
  $PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), timeout=0.2)" 2>/dev/null && break
  sleep 0.1
done

export ICC_STORE="$URL/query" ICC_STORE_UPDATE="$URL/update" ICC_STORE_GSP="$URL/store"

echo "== icc-graph load: a fresh build into Oxigraph server at $URL"
.venv/bin/icc-graph --dist "$WORK/dist" build -q
.venv/bin/icc-graph --dist "$WORK/dist" load --grace 0
.venv/bin/icc-graph --dist "$WORK/dist" load --grace 0 --drop-old   # the same release again: no upload

echo "== the endpoint tests against the remote store"
# create_app reads ICC_STORE from the environment: unset it, the test fixture chooses the store
env -u ICC_STORE -u ICC_STORE_UPDATE -u ICC_STORE_GSP ICC_TEST_STORE=remote ICC_TEST_STORE_URL="$URL" \
  $PY -m pytest -q tests/endpoint tests/icc_graph/store/test_remote.py

echo "== the cost of the remote hop (embedded vs remote)"
$PY benchmarks/remote_hop.py --dist "$WORK/dist" --requests 100
