# Quick start: `make site` builds the example site, `make test` runs every test.
# Needs only Python >= 3.11 and make; everything else goes into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; older than pyproject.toml means stale.
STAMP := $(VENV)/.installed
# The JavaScript verifiers the tests run (tests/test_verifiers_js.py), pinned by the lock file.
JS_STAMP := tests/js/node_modules/.installed

.PHONY: site test golden bench docs clean

site: $(STAMP)
	$(BIN)/credsite build --source . --out site
	@echo
	@echo "Site written to site/. To look at it:"
	@echo "    $(PYTHON) -m http.server -d site 8000"
	@echo "then open http://localhost:8000/"

test: $(STAMP) $(JS_STAMP)
	$(BIN)/python -m pytest

golden: $(STAMP)
	$(BIN)/python tests/golden.py --update

# `make bench BENCH_ARGS="--sizes 200 --runs 1"` passes options on (benchmarks/README.md).
BENCH_ARGS ?=

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

docs: $(STAMP)
	$(BIN)/python -m credsite.fieldref

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

# Without npm the verifier tests skip locally (as the browser tests do without
# Chromium) and fail on CI, where .ci/run installs Node.js first.
$(JS_STAMP): tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --ignore-scripts --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: the JavaScript verifier tests will be skipped (apt-get install nodejs npm)"; \
	fi

# Only generated, git-ignored things: never anything git tracks.
clean:
	rm -rf $(VENV) site build dist .pytest_cache .hypothesis tests/js/node_modules
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
