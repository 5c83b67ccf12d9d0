# Two commands do all the set-up: `make serve` (build the graph and serve it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install build serve test clean assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) assets

build: $(STAMP)
	$(BIN)/icc-graph build

serve: $(STAMP) assets
	$(BIN)/icc-graph serve --build-if-needed

test: $(STAMP) assets
	$(BIN)/python -m pytest -q

# The query editor's front end (YASGUI, from npm) and the maps' base map (assets/basemap.mjs:
# world-atlas projected by d3-geo) into endpoint/static/vendor/. Without npm the editor stays a
# plain text box that still runs queries, and the maps show their list of places alone.
VENDOR := endpoint/static/vendor
YASGUI := node_modules/@zazuko/yasgui/build
assets: $(if $(shell command -v npm),$(VENDOR)/.copied $(VENDOR)/basemap.json,)

$(VENDOR)/basemap.json: $(VENDOR)/.copied assets/basemap.mjs
	node assets/basemap.mjs $@

$(VENDOR)/.copied: package-lock.json
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp $(YASGUI)/yasgui.min.js $(YASGUI)/yasgui.min.css $(VENDOR)/
	touch $@

clean:
	rm -rf dist build
