# GridPact: `make run` serves the demo, `make test` runs everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(CURDIR)/$(PY) $(CURDIR)/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://gridpact:gridpact@127.0.0.1:5432/gridpact
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: run setup test test-sqlite test-postgres lint messages translations bench openapi clean

$(VENV)/.installed: requirements/base.txt requirements/test.txt requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements/test.txt -c requirements/constraints.txt
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	cd src/gridpact && $(MANAGE) compilemessages -v0

## setup: install, migrate the embedded SQLite database and load the demo data (idempotent)
setup: $(VENV)/.installed messages
	$(MANAGE) migrate -v0
	$(MANAGE) load_demo

## run: set everything up and serve the demo on http://127.0.0.1:8000
run: setup
	@echo "GridPact runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=gridpact.settings.test $(MANAGE) makemigrations --check --dry-run -v0

test-sqlite: $(VENV)/.installed messages
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest -q -p no:cacheprovider

test-postgres: $(VENV)/.installed messages
	bash scripts/ensure-services.sh
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -p no:cacheprovider

## test: lint, then the whole suite on SQLite and on PostgreSQL (unit and browser tests)
test: $(VENV)/.installed
	bash scripts/ensure-services.sh
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

clean:
	rm -rf $(VENV) var

## translations: refresh the .po files after changing strings (then translate new entries)
translations: $(VENV)/.installed
	cd src/gridpact && $(MANAGE) makemessages -l nl -l en --no-obsolete --no-wrap -v0
	@msgattrib --untranslated --no-obsolete src/gridpact/locale/nl/LC_MESSAGES/django.po | grep '^msgid' | tail -n +2 || true

## bench: national-scale data set + load benchmark on PostgreSQL; writes docs/performance.md
bench: $(VENV)/.installed
	bash scripts/ensure-services.sh
	$(PY) bench/load.py --users 20 --seconds 60

## openapi: regenerate docs/api/openapi.yaml after changing the API (a test fails on drift)
openapi: $(VENV)/.installed
	$(MANAGE) spectacular --file docs/api/openapi.yaml
