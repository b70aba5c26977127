# Job Centre Desk. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(CURDIR)/.data
STAMP := $(VENV)/.installed

.PHONY: run test hq bench dist translations lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## open the desktop app on a local data folder (.data/)
	JOBCENTRE_DATA_DIR=$(DATA_DIR) $(VENV)/bin/jobcentre gui

test: $(STAMP)  ## every test, slow ones included
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

hq: $(STAMP)  ## the headquarters API on a local SQLite file, 127.0.0.1:8000
	$(VENV)/bin/jobcentre-hq serve

bench: $(STAMP)  ## benchmarks; writes BENCHMARKS.md
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

dist: $(STAMP)  ## the app bundle for this machine's OS in dist/jobcentre/ (PyInstaller)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--workpath .pyinstaller --distpath dist build/jobcentre.spec
	@du -sh dist/jobcentre

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
