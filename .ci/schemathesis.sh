#!/usr/bin/env bash
# The HTTP contract: run schemathesis against a live server and its /openapi.json. Fails on any
# 500 and on any answer that breaks the description (status, content type, headers, schema).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install --quiet -e '.[contract]'
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
.venv/bin/icc-graph --dist "$work/dist" build >/dev/null
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ICC_QUERY_TIMEOUT=2 .venv/bin/icc-graph serve --host 127.0.0.1 --port "$port" --dist "$work/dist" \
    >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/robots.txt" >/dev/null && break
    sleep 0.2
done
.venv/bin/st run "http://127.0.0.1:$port/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "${ICC_CONTRACT_EXAMPLES:-50}" --request-timeout 10 --suppress-health-check all
