# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The tests always run on PostgreSQL; pytest-django creates and drops test_imr.
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/imr

.PHONY: run test lint bench soak check-deploy demo clean backup restore audit-deps

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

# One pytest worker per core (pytest-xdist), each on a test database of its own
# (test_imr_gw0, test_imr_gw1...). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

test: $(VENV)/.test node_modules/axe-core/axe.min.js
	$(PY) -m ruff check .
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest -n $(TEST_WORKERS)

# The benchmarks, each on a throwaway PostgreSQL database: printing (a report on screen),
# then the most used pages at three scales (bench/pages.py; results in bench/results.md).
bench: $(VENV)/.test
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/printing.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/pages.py

$(VENV)/.soak: $(VENV)/.test
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,soak]"
	touch $@

# Load, a PostgreSQL restart in the middle of it, and a print worker killed mid-job
# (bench/soak.py; about 5 minutes). Needs Redis; starts its own PostgreSQL and gunicorn.
soak: $(VENV)/.soak
	$(PY) bench/soak.py

lint: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# What production must pass: the same check the deploy runs, with an example production environment.
check-deploy: $(VENV)/.runtime
	DEBUG=false HTTPS=true ALLOWED_HOSTS=imr.example.org \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(PY) manage.py check --deploy --fail-level WARNING

# A dump of DATABASE_URL (pg_dump -Fc) and its manifest, in BACKUP_DIR. It holds every
# record: keep it as safe as the database. README.md, "Backup and restore".
BACKUP_DIR ?= backups
backup: $(VENV)/.runtime
	$(PY) manage.py backup_database --output-dir "$(BACKUP_DIR)"

# make restore FILE=backups/NAME.dump TARGET_URL=postgres://USER:PASSWORD@HOST:5432/NEW_NAME
# Into a new or empty database only, then verified. The command reads TARGET_URL from its
# environment, so the password is never printed here.
restore: $(VENV)/.runtime
	@test -n "$(FILE)" && test -n "$$TARGET_URL" || { echo "Usage: make restore FILE=backups/NAME.dump TARGET_URL=postgres://USER:PASSWORD@HOST:5432/NEW_NAME"; exit 2; }
	$(PY) manage.py restore_database "$(FILE)"

# Known vulnerabilities in the pinned set (constraints.txt). pip-audit asks PyPI's JSON API
# about each pin: where that does not answer, say so and fail rather than pass on nothing.
AUDIT_PROBE = https://pypi.org/pypi/django/$(shell sed -n 's/^Django==//p' constraints.txt)/json
audit-deps: $(VENV)/.test
	@$(PY) -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20)' '$(AUDIT_PROBE)' 2>/dev/null || { \
	  echo "audit-deps: pip-audit's vulnerability database (PyPI's JSON API, $(AUDIT_PROBE))"; \
	  echo "does not answer from this machine, so nothing was audited. Run it where pypi.org is reachable."; \
	  exit 2; }
	$(PY) -m pip_audit --strict --no-deps --disable-pip --progress-spinner off --requirement constraints.txt

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles var
