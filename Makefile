PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
N ?= 3

.PHONY: run serve-replicas test test-fast lint bench bench-load update-data messages clean

# uv installs the pinned requirements in seconds where pip takes half a minute (it fetches in
# parallel); it compiles them to bytecode as pip would, since this machine's Python does not write any.
UV := $(VENV)/bin/uv
INSTALL := $(UV) pip install --quiet --compile-bytecode --python $(PY)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.run-deps: requirements.txt | $(UV)
	$(INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt | $(UV)
	$(INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.port $(PORT)

# N replicas of the app behind HAProxy (Debian's haproxy package) on PORT; Ctrl-C stops them all.
serve-replicas: $(VENV)/.run-deps
	$(PY) -m deploy.replicas $(N) --port $(PORT)

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache

# Every test, one pytest-xdist worker per logical CPU (each worker starts its own browser and app
# server). --dist loadfile runs a module's tests on one worker, so what a module shares (a server on
# its own data, the replicas, an exported chart's files) is made once, not once per worker. (xdist's
# loadgroup would say it test by test, but pytest 9.2 no longer takes the group it adds to a test's id.)
# Lint runs beside the tests, not before them, where mypy's 15 s on one core left the other idle; its
# output follows theirs, and either failing fails the run. The tests' Pythons (servers, command lines)
# keep the package's bytecode, which this machine's Python is set not to write.
test: $(VENV)/.dev-deps
	@$(MAKE) --no-print-directory lint >$(VENV)/lint.log 2>&1 & lint=$$!; \
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n logical --dist loadfile; tests=$$?; \
	wait $$lint; linted=$$?; cat $(VENV)/lint.log; [ $$linted = 0 ] && exit $$tests

# Everything but the browser tests and the slow ones (markers in pyproject.toml): a few minutes. Test
# by test to the workers: no module here shares anything costly, and a long module would run alone.
test-fast: $(VENV)/.dev-deps
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n logical -m "not browser and not slow"

bench: $(VENV)/.dev-deps
	$(PY) -m bench

update-data: $(VENV)/.run-deps
	$(PY) -m moskvich update-rates

# Locust against 1 and 2 replicas behind HAProxy, the dashboard and the bare app (about half an hour).
bench-load: $(VENV)/.dev-deps
	$(PY) -m bench load

# The Russian catalog: extract the messages from the code, merge them into messages.po (translate
# what is new there), compile messages.mo. All three files are committed; a test checks they agree.
LOCALE := moskvich/base/locale
messages: $(VENV)/.run-deps
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --omit-header --width 110 -o $(LOCALE)/messages.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages --no-fuzzy-matching --ignore-obsolete --width 110
	$(VENV)/bin/pybabel compile -d $(LOCALE) -D messages --statistics

clean:
	rm -rf $(VENV) .pytest_cache test-output
