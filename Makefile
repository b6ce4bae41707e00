# Community Ledger — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USER ?= demo
DEMO_PASSWORD ?= demo-ledger-2026

.PHONY: install run test test-browser-deps lint format check messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=/path/to/python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	touch $@

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --user $(DEMO_USER) --password $(DEMO_PASSWORD)
	@echo
	@echo "  Community Ledger is at http://$(HOST):$(PORT)/   (local use only)"
	@echo "  Demo logins, all with the password $(DEMO_PASSWORD):"
	@echo "    $(DEMO_USER)      superuser (everything, and the admin)"
	@echo "    clerk     录入员 of 安培社区: 我的台账 with a returned record, a submitted one and a draft"
	@echo "    reviewer  审核员 of 东安路街道: the review queue"
	@echo "    manager   管理者 of 卫东区: totals and review"
	@echo "  The job worker (imports, large exports, rebuilds) runs beside the server; Ctrl+C stops both."
	@echo
	@# Background commands of a script ignore Ctrl+C: the trap stops the worker (SIGTERM lets it finish
	@# its current job's batch and exit) however the server ends. --no-reload: a reloading worker forks a
	@# child that the trap would not reach; restart `make run` after changing a task's code.
	$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
		$(MANAGE) runserver $(HOST):$(PORT)

# Browser tests need Debian's chromium (and a Chinese font, or screenshots show boxes);
# install them when we can (root), else the browser tests are skipped.
test-browser-deps:
	@if { [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ]; } \
		&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing chromium and a Chinese font for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

test: install test-browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-long-enough-key \
		ALLOWED_HOSTS=ledger.example.org $(MANAGE) check --deploy --fail-level WARNING

# Refresh the Chinese catalogue after changing strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
