# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ASSETS := web/node_modules/.package-lock.json
AUDITS := conformance/node_modules/.package-lock.json
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint typecheck pytest pytest-sqlite pytest-postgresql install schema clean bench

run: $(STAMP) $(ASSETS)
	$(BIN)/registers migrate
	$(BIN)/registers seed --demo --if-empty
	$(BIN)/registers serve

test: install lint typecheck pytest   # install includes Chromium for the browser test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

# The whole suite twice, at the same time (one run per core; each run's output is printed
# whole when it ends): on SQLite files, and on a throwaway PostgreSQL cluster that the suite
# starts itself (initdb into a temporary folder, a Unix socket, stopped at the end;
# tests/postgres.py). PostgreSQL's server binaries (initdb, postgres) must be on the PATH.
pytest: install
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest-sqlite pytest-postgresql

pytest-sqlite: install
	mkdir -p .pytest-tmp
	REGISTERS_TEST_DATABASE=sqlite $(BIN)/pytest --basetemp=.pytest-tmp/sqlite

pytest-postgresql: install
	mkdir -p .pytest-tmp
	REGISTERS_TEST_DATABASE=postgresql $(BIN)/pytest --basetemp=.pytest-tmp/postgresql

install: $(STAMP) $(ASSETS) $(AUDITS) $(CHROMIUM)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins every dependency to the versions CI last passed with.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# GraphiQL and React come from the npm registry (web/package-lock.json), never from a CDN.
$(ASSETS): web/package.json web/package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	cd web && npm ci --no-audit --no-fund --loglevel=error

# graphql-http's GraphQL-over-HTTP audits, which tests/http/test_conformance.py runs with Node
# (conformance/package-lock.json).
$(AUDITS): conformance/package.json conformance/package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	cd conformance && npm ci --no-audit --no-fund --loglevel=error

# The browser test drives Debian's Chromium through Playwright; Playwright's own browser
# download is never used (tests/browser/test_graphiql.py).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# GraphQL against a plain Starlette baseline doing the same SQL, over HTTP, on SQLite and on a
# throwaway PostgreSQL cluster (bench/README.md); not part of `make test`. Debian's `hey` is the
# load generator. Options: make bench BENCH_ARGS="--database sqlite --scale 20000 --rounds 1".
HEY := /usr/bin/hey
BENCH_ARGS ?=

bench: install $(HEY)
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

$(HEY):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey

schema: install
	$(BIN)/registers schema

clean:
	rm -rf $(VENV) web/node_modules conformance/node_modules .mypy_cache .ruff_cache .pytest_cache .pytest-tmp
