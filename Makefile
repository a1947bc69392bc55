# GridPact: `make run` serves the demo, `make test` runs everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(CURDIR)/$(PY) $(CURDIR)/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and calendar files point to where `make run` serves (unless set explicitly).
GRIDPACT_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
PG_URL ?= postgres://gridpact:gridpact@127.0.0.1:5432/gridpact
export DJANGO_ALLOW_ASYNC_UNSAFE := true
# The W3C Nu HTML checker (npm package vnu-jar, MIT) checks every page the browser tests visit.
VNU_VERSION := 26.9.27
VNU_DIR := .tools/vnu
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run setup test test-sqlite test-postgres check-html lint messages translations bench openapi backup restore prod-local clean

$(VENV)/.installed: requirements/base.txt requirements/test.txt requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements/test.txt -c requirements/constraints.txt
	touch $@

# Java from apt when missing; the jar from npm, without its install script (which fetches a Java).
$(VNU_DIR)/.installed-$(VNU_VERSION):
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
	rm -rf $(VNU_DIR) && mkdir -p $(VNU_DIR)
	npm install --prefix $(VNU_DIR) --ignore-scripts --no-save --no-audit --no-fund --loglevel=error vnu-jar@$(VNU_VERSION)
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	cd src/gridpact && $(MANAGE) compilemessages -v0

## setup: install, migrate the embedded SQLite database and load the demo data (idempotent)
setup: $(VENV)/.installed messages
	$(MANAGE) migrate -v0
	$(MANAGE) load_demo

## run: set everything up and serve the demo on http://127.0.0.1:8000 (another port: PORT=8123)
run: export GRIDPACT_BASE_URL := $(GRIDPACT_BASE_URL)
run: setup
	@echo "GridPact runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(MANAGE) runserver $(HOST):$(PORT)

# Spectral (pinned, from npm) into .tools/; Node.js and npm from apt when the machine has none.
SPECTRAL_VERSION := 6.16.3
SPECTRAL := .tools/spectral-$(SPECTRAL_VERSION)/node_modules/.bin/spectral
ADR_RULESETS := docs/api/adr/spectral-2.1.0.yml docs/api/adr/linter-2.2.yaml

$(SPECTRAL):
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --prefix .tools/spectral-$(SPECTRAL_VERSION) --no-audit --no-fund --silent \
		@stoplight/spectral-cli@$(SPECTRAL_VERSION)

## lint: ruff, import contracts (.importlinter), function-level imports say why, migrations, and
## the OpenAPI file against the NL API Design Rules (2.1.0 and 2.2)
lint: $(VENV)/.installed $(SPECTRAL)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_local_imports.py
	DJANGO_SETTINGS_MODULE=gridpact.settings.test $(MANAGE) makemigrations --check --dry-run -v0
	@set -o pipefail; for ruleset in $(ADR_RULESETS); do \
		$(SPECTRAL) lint --quiet --format json --fail-severity error --ruleset $$ruleset docs/api/openapi.yaml \
		| $(PY) docs/api/adr/check_warnings.py $$ruleset || exit 1; \
	done

# The Nu HTML check runs once, with the SQLite run: the pages do not depend on the database.
test-sqlite: $(VENV)/.installed messages $(VNU_DIR)/.installed-$(VNU_VERSION)
	DATABASE_URL=sqlite:///:memory: GRIDPACT_VNU_JAR=$(VNU_JAR) $(PY) -m pytest -q -p no:cacheprovider

test-postgres: $(VENV)/.installed messages
	bash scripts/ensure-services.sh
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -p no:cacheprovider

## check-html: only the browser tests, then the Nu HTML checker over every page they visited
check-html: $(VENV)/.installed messages $(VNU_DIR)/.installed-$(VNU_VERSION)
	GRIDPACT_VNU_JAR=$(VNU_JAR) $(PY) -m pytest -q -p no:cacheprovider -m browser tests/e2e

## test: lint, then the whole suite on SQLite and on PostgreSQL (unit and browser tests)
test: $(VENV)/.installed
	bash scripts/ensure-services.sh
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

clean:
	rm -rf $(VENV) var .tools

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
	$(MANAGE) spectacular --lang en --file docs/api/openapi.yaml

## backup / restore: the whole database (audit trail included) as gzipped JSON under var/backups/
backup: $(VENV)/.installed
	$(MANAGE) backup

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<file>.json.gz (into an empty database)"; exit 2; }
	$(MANAGE) migrate -v0
	$(MANAGE) restore $(FILE)

## prod-local: the production stack on this machine (PostgreSQL, Redis, gunicorn, Celery worker + beat)
PROD_ENV = DJANGO_SETTINGS_MODULE=gridpact.settings.production \
	DATABASE_URL=postgres://gridpact:gridpact@127.0.0.1:5432/gridpact_prod \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/1 REDIS_URL=redis://127.0.0.1:6379/2 \
	DJANGO_SECRET_KEY=$$(cat var/prod_secret_key) DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	GRIDPACT_MAP_TILE_URL= PYTHONPATH=src
prod-local: $(VENV)/.installed messages
	bash scripts/ensure-services.sh
	@redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@mkdir -p var && test -f var/prod_secret_key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/prod_secret_key
	@psql postgres://gridpact:gridpact@127.0.0.1:5432/postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gridpact_prod'" | grep -q 1 || psql postgres://gridpact:gridpact@127.0.0.1:5432/postgres -qc "CREATE DATABASE gridpact_prod"
	$(PROD_ENV) $(MANAGE) migrate -v0
	$(PROD_ENV) $(MANAGE) collectstatic --noinput -v0
	$(PROD_ENV) $(MANAGE) load_demo
	@echo "Production stack on http://127.0.0.1:8001 (behind a TLS proxy in real use; send X-Forwarded-Proto: https). Ctrl-C stops all."
	$(PROD_ENV) bash -c 'trap "kill 0" EXIT; \
		$(VENV)/bin/celery -A gridpact worker --loglevel=warning --concurrency=2 & \
		$(VENV)/bin/celery -A gridpact beat --loglevel=warning --schedule var/celerybeat-schedule & \
		$(VENV)/bin/gunicorn gridpact.wsgi --workers 2 --bind 127.0.0.1:8001 --access-logfile -'
