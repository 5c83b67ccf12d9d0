# Two commands do all the set-up: `make serve` (build the graph and serve it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install build serve test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/icc-graph build

serve: $(STAMP)
	$(BIN)/icc-graph serve --build-if-needed

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf dist build
