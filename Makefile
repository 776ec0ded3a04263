# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The tests always run on PostgreSQL; pytest-django creates and drops test_imr.
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/imr

.PHONY: run test lint bench bench-fidelity check-deploy demo clean

$(VENV)/.runtime: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

node_modules/axe-core/axe.min.js: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: $(VENV)/.runtime
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_curriculum
	DEBUG=true $(PY) manage.py seed_demo
	# The demo's logins share one password; two-step sign-in is off unless asked for.
	DEBUG=true TWO_STEP_REQUIRED=$${TWO_STEP_REQUIRED:-false} $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.test node_modules/axe-core/axe.min.js
	$(PY) -m ruff check .
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest

# Printing at realistic scale, on a throwaway PostgreSQL database; prints a report.
bench: $(VENV)/.test
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/printing.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/fidelity.py

# Only the fidelity dashboards at state scale (BENCH_SCALE=0.1 for a quick look).
bench-fidelity: $(VENV)/.test
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/fidelity.py

lint: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# What production must pass: the same check the deploy runs, with an example production environment.
check-deploy: $(VENV)/.runtime
	DEBUG=false HTTPS=true ALLOWED_HOSTS=imr.example.org \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles var
