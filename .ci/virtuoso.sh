#!/usr/bin/env bash
# CI: Virtuoso 7 (Debian's virtuoso-opensource) behind the endpoint. Installs the package if missing,
# starts a private Virtuoso on loopback (its own ini and database: tests/virtuoso_server.py), loads
# a fresh build into it with `icc-graph load`, and runs the endpoint test suite and the remote-store
# tests against it (ICC_TEST_STORE=remote, ICC_TEST_STORE_SERVER=virtuoso). Stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
fi

WORK="$(mktemp -d)"
SERVER=""
stop() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; while kill -0 "$SERVER" 2>/dev/null; do sleep 0.2; done; fi
  rm -rf "$WORK"
}
trap stop EXIT

echo "== a private Virtuoso, and icc-graph load: a fresh build into it"
.venv/bin/icc-graph --dist "$WORK/dist" build -q
eval "$($PY -m tests.virtuoso_server load "$WORK/virtuoso" --dist "$WORK/dist")"
SERVER="$VIRTUOSO_PID"
export ICC_STORE ICC_STORE_UPDATE ICC_STORE_GSP
.venv/bin/icc-graph --dist "$WORK/dist" load --grace 0 --drop-old   # the same release again: no upload

echo "== the endpoint tests against Virtuoso"
env -u ICC_STORE -u ICC_STORE_UPDATE -u ICC_STORE_GSP ICC_TEST_STORE=remote ICC_TEST_STORE_SERVER=virtuoso \
  ICC_TEST_STORE_URL="$VIRTUOSO_URL" $PY -m pytest -q tests/endpoint tests/icc_graph/store/test_remote.py
