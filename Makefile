# The two commands: `make run` and `make test`. Both set up what they need first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

# Django 6.1 needs Python 3.12 or newer; the machine's default python3 may be older.
PYTHON ?= $(shell for c in python3.13 python3.12 python3.14 \
	$${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3 \
	$${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3 python3; do \
	if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	echo $$c; break; fi; done)

DEV_ENV := DJANGO_DEBUG=true
# `make run` serves the app as production does (DEBUG off: the app's own error pages, static
# files collected and served by whitenoise; one cache and one site address for every process
# honcho starts, which gives each process a PORT of its own), over plain HTTP on this machine:
# no redirect to HTTPS, cookies not marked secure. Its signing key is drawn once, kept in var/.
SECRET_KEY_FILE := var/secret_key
RUN_ENV := DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false \
	DJANGO_SECRET_KEY=$$(cat $(SECRET_KEY_FILE)) DJANGO_SITE_URL=http://127.0.0.1:$(PORT)
# Settings as in production, for `check --deploy`: a long random key, HTTPS, a real mailer.
DEPLOY_ENV := DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=diary.example.org DJANGO_SECURE_SSL_REDIRECT=true \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_EMAIL_URL=smtp+tls://diary:secret@mail.example.org:587
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false

.PHONY: run test check lint format migrations-check deploy-check setup var browser bench docs clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found (Django 6.1 needs it). Install python3.12 or python3.13, or run: make PYTHON=/path/to/python3.12 ..." >&2; \
		exit 1; fi
	@echo "Setting up $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet '.[test]'
	@touch $@

var:
	@mkdir -p var/broker/queue var/broker/processed var/static

$(SECRET_KEY_FILE): | var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: setup var $(SECRET_KEY_FILE)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py load_content
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo ""
	@echo "  Symptom Diary: http://127.0.0.1:$(PORT)/"
	@# The care team's demo, which prints the logins with the clinician's second step.
	@$(RUN_ENV) $(PY) manage.py seed_demo_care
	@echo "  Web server, Celery worker and beat start below; Ctrl-C stops them all."
	@echo ""
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(RUN_ENV) WEB_BIND=127.0.0.1 honcho start -p $(PORT)

# Chromium drives the browser tests; Debian's package is the one that works here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium is missing: install it (apt-get install chromium) or the browser tests will fail." >&2; fi; }

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: setup var
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

deploy-check: setup var
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

check: lint migrations-check deploy-check

# The bulk reads of her days (tracker/aggregates.py) and what draws or judges them (trends, the
# summary and alerts, the tips' selection and the library's search) run again on SQLite, the
# embedded default of `make run`, when the main run used another database (CI's PostgreSQL):
# both dialects are proved. The rest of knowledge (content, admin, pages) reads no day in bulk.
SQLITE_TOO := tests/tracker/test_aggregates.py tests/trends tests/reports \
	$(addprefix tests/knowledge/,test_tips_for.py test_rules.py test_search.py test_what_to_do.py)

test: setup var browser check
	$(TEST_ENV) $(VENV)/bin/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "Again on SQLite: $(SQLITE_TOO)"; \
		$(TEST_ENV) DATABASE_URL= $(VENV)/bin/pytest -m "not browser" $(SQLITE_TOO); fi

bench: setup
	$(TEST_ENV) $(PY) -m bench.run

clean:
	rm -rf $(VENV) var

docs: setup
	$(DEV_ENV) $(PY) manage.py measures_doc > docs/measures.md
