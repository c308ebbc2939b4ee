# Nokrabob — two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Two or more workers (pytest-xdist), one test database each: the suite takes about half the time.
PYTEST_ARGS ?= -n auto --maxprocesses 4

.PHONY: run test test-sqlite test-postgres lint format migrate demo browsers bench messages clean help

help:
	@echo "make run   — install, migrate, load reference and demo data, start web server and worker"
	@echo "make test  — install test needs, run the whole suite on SQLite (and PostgreSQL if DATABASE_URL)"
	@echo "make lint  — ruff and mypy"

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Nokrabob needs Python 3.11 (found %d.%d)" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

migrate: $(VENV)/.installed-base
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_org_units
	$(PY) manage.py load_demo

run: demo
	@HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/run-dev

browsers:
	@bin/ensure-chromium

test: $(VENV)/.installed-dev browsers test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-dev
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== test suite on PostgreSQL ($$DATABASE_URL) =="; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	else \
		echo "== DATABASE_URL is not set: PostgreSQL run skipped (set it to run the suite on PostgreSQL too) =="; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --ignore ".venv/*"

bench: $(VENV)/.installed-dev
	$(PY) -m bench

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
