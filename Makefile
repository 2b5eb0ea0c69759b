# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench bench-large lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m app.ui.qt_check
	$(PY) main.py demo

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests bench main.py
	$(VENV)/bin/ruff format --check app tests bench main.py
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --dist loadfile

# The core alone, no window and no long scenario runs: under a minute.
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --dist loadfile -m "not slow and not gui" --ignore=tests/ui

bench: $(STAMP)
	@for b in bench/bench_import.py bench/bench_analysis.py bench/bench_chart.py bench/bench_ground_truth.py \
		bench/bench_scenario.py bench/bench_dates.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# The large case end to end (about 15 minutes and 4 GB): scenario, import, analysis.
LARGE ?= /tmp/ariadne-large
bench-large: $(STAMP)
	rm -rf $(LARGE) $(LARGE).ariadne*
	$(PY) main.py scenario $(LARGE) --size large --seed 1
	$(PY) bench/bench_large.py import $(LARGE) $(LARGE).ariadne
	$(PY) bench/bench_large.py analyze $(LARGE).ariadne $(LARGE)

clean:
	rm -rf $(VENV) build *.egg-info
