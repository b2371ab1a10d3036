# Newsbrief: `make site` builds the bundled example, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site build serve check test test-deps screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(STAMP)  ## build the bundled example into site/ with the real MkDocs
	$(BIN)/mkdocs build

build: $(STAMP)  ## the fast path: only changed files are written
	$(BIN)/newsbrief build

check: $(STAMP)
	$(BIN)/newsbrief check

serve: $(STAMP)  ## preview on http://127.0.0.1:8000/, reloading on edits to content/ and templates/
	$(BIN)/mkdocs serve

test-deps: $(STAMP)  ## Chromium, Playwright and axe-core for the browser tests (tests/browser/)
	VENV=$(VENV) bash scripts/install-test-deps.sh

test: test-deps
	$(BIN)/python -m pytest -q

screenshots: test-deps  ## PNGs of the bundled example for the README, into docs/screenshots/
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site .cache
