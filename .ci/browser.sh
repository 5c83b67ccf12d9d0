#!/usr/bin/env bash
# CI: the pages in a real browser. Debian's Chromium (never a Playwright download), Playwright for
# Python, the front-end assets from npm (YASGUI, axe-core); then tests/browser against a live server.
# Screenshots are left in artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
make install
.venv/bin/pip install --quiet -e '.[test,browser]'
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
.venv/bin/python -m pytest -q -p no:cacheprovider tests/browser
echo "== screenshots: $(ls artifacts/screenshots | wc -l) in artifacts/screenshots/"
