PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench update-data clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

bench: $(VENV)/.dev-deps
	$(PY) -m bench

update-data: $(VENV)/.run-deps
	$(PY) -m moskvich update-rates

clean:
	rm -rf $(VENV) .pytest_cache test-output
