# Job Centre Desk. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(CURDIR)/.data
STAMP := $(VENV)/.installed
# Test processes (pytest-xdist): one per core; `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto

# The window's words (resources/i18n/README.md): the .ts files are kept in git and
# translated there; the .qm files the app loads are built from them, never committed.
I18N := resources/i18n
TS := $(I18N)/jobcentre_km.ts
QM := $(TS:.ts=.qm)
I18N_SOURCES = $(shell find app -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort)

.PHONY: run test hq bench dist windows-wheels translations lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) $(QM)  ## open the desktop app on a local data folder (.data/)
	@# Qt aborts when its platform plugin cannot load; ask first, and say what to install.
	@$(PY) -m app.qt_platform
	JOBCENTRE_DATA_DIR=$(DATA_DIR) $(VENV)/bin/jobcentre gui

test: $(STAMP) $(QM)  ## every test, slow ones included
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile

hq: $(STAMP) $(QM)  ## the headquarters API on a local SQLite file, 127.0.0.1:8000
	$(VENV)/bin/jobcentre-hq serve

bench: $(STAMP)  ## benchmarks; writes BENCHMARKS.md
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

dist: $(STAMP) $(QM)  ## the app bundle for this machine's OS in dist/jobcentre/ (PyInstaller)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--workpath .pyinstaller --distpath dist build/jobcentre.spec
	@du -sh dist/jobcentre

windows-wheels: $(STAMP)  ## check every dependency installs on 64-bit Windows from wheels (needs PyPI)
	$(PY) build/windows_wheels.py

translations: $(STAMP)  ## collect new strings into the .ts files, then build the .qm files
	@echo "pyside6-lupdate app/**/*.py -> $(TS)"
	@$(VENV)/bin/pyside6-lupdate -silent -no-obsolete -locations relative \
		$(I18N_SOURCES) -ts $(TS)
	$(MAKE) --no-print-directory $(QM)

$(I18N)/%.qm: $(I18N)/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
