# hocvuso: two commands on a fresh machine. `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOCVUSO := $(BIN)/hocvuso

.PHONY: run test lint check pytest install install-dev translations messages demo clean \
	system-deps serve-prod audit

# The VietQR cross-check test reads the npm package unpacked by system-deps.
export VIETNAM_QR_PAY ?= $(CURDIR)/var/vendor/vietnam-qr-pay

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed translations

# Chromium, fonts, gettext and the VietQR package for the tests: installed when
# missing as root, else a stop at once with the exact command (docs/deploy.md).
system-deps:
	$(PYTHON) deploy/system_deps.py
install-dev: $(VENV)/.installed-dev translations

translations: | $(BIN)/python
	$(BIN)/python -m hocvuso.core.i18n_compile

# After changing a user-facing string: extract it into every catalogue (needs GNU
# gettext), translate it (vi always, km where you can), then `make translations`.
messages: | $(BIN)/python
	$(BIN)/python -m hocvuso.core.i18n_messages

run: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(HOCVUSO) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(HOCVUSO) collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(HOCVUSO) demo --scale small --if-empty
	DJANGO_SETTINGS_MODULE=config.settings.dev $(HOCVUSO) runserver 127.0.0.1:$(PORT)

# The production stack on this machine (nginx + TLS, gunicorn, the task worker,
# config.settings.prod) against the local PostgreSQL: docs/deploy.md.
serve-prod: install
	$(BIN)/python deploy/serve_prod.py

# Known vulnerabilities in the installed packages (pip-audit, in .venv-audit);
# says so and passes where PyPI's vulnerability data cannot be reached.
audit: install-dev
	$(BIN)/python deploy/audit.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(HOCVUSO) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(HOCVUSO) makemigrations --check --dry-run

pytest: system-deps install-dev
	$(BIN)/pytest -q

test: system-deps lint check pytest

clean:
	rm -rf $(VENV) var staticfiles
