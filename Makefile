# harmledger: two commands for a new user — `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///harmledger.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

VENDOR := src/harmledger/web/static/vendor
# Browser libraries come from npm (package-lock.json) and are served locally, never from a CDN.
# Without npm the pages still work; the map says how to install its library.
ifneq ($(shell command -v npm 2>/dev/null),)
ASSETS := $(VENDOR)/.installed
endif

.PHONY: run test lint bench clean assets

## run: create .venv, install, ingest examples/ into ./harmledger.db and serve the UI
run: $(VENV)/.installed-run $(ASSETS)
	@$(BIN)/harmledger ingest examples/ --db $(DB)
	@echo "harmledger UI: http://$(HOST):$(PORT)"
	@$(BIN)/harmledger serve --db $(DB) --host $(HOST) --port $(PORT)

## test: create/update .venv with the test extras and run the whole suite
test: $(VENV)/.installed-test $(ASSETS)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/cog --check docs/cli.md
	$(BIN)/pytest -q

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install -q -e ".[test,bench]"
	touch $@

## assets: install Leaflet and Swagger UI from package-lock.json (no install scripts) into web/static/vendor
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)/leaflet $(VENDOR)/swagger-ui
	mkdir -p $(VENDOR)/swagger-ui
	cp -R node_modules/leaflet/dist $(VENDOR)/leaflet
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/favicon-32x32.png $(VENDOR)/swagger-ui/
	touch $@

## bench: measure speed and memory, write docs/benchmarks.md (BENCH_ARGS=--quick for a smoke run)
bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
