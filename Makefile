# advert-assistant: `make run` serves the web page, `make test` runs every test.
# Both create .venv and install the hash-pinned dependencies (spaCy English pipeline
# included) on first use; `make test` also installs Chromium for the browser tests.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= $(or $(ADVERT_ASSISTANT_HOST),127.0.0.1)
PORT   ?= $(or $(ADVERT_ASSISTANT_PORT),7860)
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install run test test-fast bench screenshots devset-eval system-deps browser-deps clean

$(STAMP): requirements/dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "advert-assistant needs Python 3.10 or newer"; exit 2; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(MAKE) --no-print-directory system-deps PKGS=python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP)

# Debian/Ubuntu packages; runs apt-get as root, or through sudo.
system-deps:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  echo "installing$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

browser-deps:
	@[ -x /usr/bin/chromium ] || $(MAKE) --no-print-directory system-deps PKGS=chromium

run: install
	ADVERT_ASSISTANT_HOST=$(HOST) ADVERT_ASSISTANT_PORT=$(PORT) $(PY) app.py

test: install browser-deps
	$(PY) -m pytest -q -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -q -p no:cacheprovider -m "not browser and not slow"

bench: install
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/load_ui.py

screenshots: install browser-deps
	ADVERT_ASSISTANT_SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/browser

devset-eval: install
	$(PY) scripts/eval_devset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info

-include training/Makefile.inc
