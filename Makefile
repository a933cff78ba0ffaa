# `make run` serves the site with demo data; `make test` runs the whole suite.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

# Defaults for a developer machine: debug on, SQLite, tasks in-process, console mail.
# Every one of them can be overridden from the environment (see README).
export DEBUG ?= 1
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test worker beat need-broker lint fmt bench messages setup setup-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

setup: $(VENV)/.installed-run
	scripts/system-packages run
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

setup-dev: $(VENV)/.installed-dev
	scripts/system-packages test
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

run: setup
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo --with-demo-users
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@$(BIN)/python manage.py demo_logins
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The site, every worker and beat need the same CELERY_BROKER_URL and DATABASE_URL
# (README: "Running with PostgreSQL, Redis, a worker and beat").
WORKER_CONCURRENCY ?= 4
BEAT_SCHEDULE ?= .make/celerybeat-schedule

need-broker:
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) and DATABASE_URL for the site, the workers and beat; see README."; exit 1; }

worker: setup need-broker
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=$(WORKER_CONCURRENCY)

# Exactly one beat per installation; a second one by mistake sends nothing twice.
beat: setup need-broker
	@mkdir -p $(dir $(BEAT_SCHEDULE))
	$(BIN)/celery -A config beat --loglevel=INFO --schedule=$(BEAT_SCHEDULE)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=tests

bench: setup-dev
	$(BIN)/python bench/run_all.py
