# Backprop Lab — the two commands: `make run` and `make test`; `make serve` for a classroom.
# Idempotent: installs happen only when a requirements file is newer than its stamp.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
REPLICAS ?= $(shell nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

.PHONY: run serve test test-core test-app test-e2e lint format bench snap clean browser packages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

run: $(VENV)/.installed-run
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

# REPLICAS Streamlit processes behind HAProxy on PORT (scripts/serve.sh; Ctrl-C stops them all).
serve: $(VENV)/.installed-run packages
	REPLICAS=$(REPLICAS) PORT=$(PORT) PY=$(PY) bash scripts/serve.sh

browser:
	@bash scripts/ensure_browser.sh $(PY)

packages:
	@bash scripts/ensure_packages.sh haproxy

test: $(VENV)/.installed-dev browser packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# the core and AppTest layers are CPU-bound Python: one worker per core; the browser tests
	# run one server and browser at a time (several measure how the app keeps up)
	$(PY) -m pytest -n auto tests/core tests/app
	$(PY) -m pytest tests/e2e

test-core: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto tests/core

test-app: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto tests/app

test-e2e: $(VENV)/.installed-dev browser packages
	$(PY) -m pytest tests/e2e

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev browser
	$(PY) bench/bench_core.py

snap: $(VENV)/.installed-dev browser
	../shared/tools/snap snapshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
