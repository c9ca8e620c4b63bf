# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make run    set up .venv from uv.lock if needed, then run the pipeline on every report in raw/
#   make test   set up .venv from uv.lock if needed, then run the tests (make test-fast: the pure ones)
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
VENV := .venv
SYNCED := $(VENV)/.synced

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

FUZZ_EXAMPLES ?= 1000
FUZZ_BINARY_EXAMPLES ?= 1000
RANDOM_REPORTS ?= 300
RANDOM_CHUNKS ?= 10
TEST_WORKERS ?= 2

PREFECT_PORT ?= 4200

.PHONY: run test test-fast test-random bench fuzz lint setup clean server serve browser ocr

run: $(SYNCED) ocr
	$(VENV)/bin/report-pipeline run raw/ --out output/

# The tests on TEST_WORKERS processes (pytest-xdist), a file at a time each: a file's server or fixtures
# are started once; the longest files first (tests/conftest.py).
test: $(SYNCED) browser ocr lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

# The pure extractor and check tests alone (no subprocess, server or browser), from the files that have
# them (the others are not even collected): about 23 s.
FAST_FILES = $(shell grep -l "mark.fast" tests/test_*.py)
test-fast: $(SYNCED)
	$(VENV)/bin/pytest -m fast -q -n $(TEST_WORKERS) $(FAST_FILES)

bench: $(SYNCED) ocr
	$(VENV)/bin/python bench/bench.py

# A real Prefect server on 127.0.0.1, its state (SQLite) in Prefect's home (PREFECT_HOME, ~/.prefect unless set:
# the same with and without make, so `prefect config set` and `prefect deployment run` see it); keeps running.
server: $(SYNCED)
	$(VENV)/bin/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT)

# The scheduled ingestion of raw/ against that server; keeps running (Prefect's serve).
serve: $(SYNCED)
	PREFECT_API_URL=http://127.0.0.1:$(PREFECT_PORT)/api $(VENV)/bin/report-pipeline serve

# Random reports (tests/random_report): RANDOM_REPORTS per format (text, ruled PDF, .hwpx), each compared with
# the model that made it, in RANDOM_CHUNKS seeded chunks, without the per-test timeout; prints how long it took.
test-random: $(SYNCED) browser ocr
	@start=$$(date +%s); \
	RANDOM_REPORTS=$(RANDOM_REPORTS) RANDOM_CHUNKS=$(RANDOM_CHUNKS) $(VENV)/bin/pytest tests/test_random_reports.py \
		-q -p no:cacheprovider --timeout=0; status=$$?; \
	echo "make test-random: $(RANDOM_REPORTS) random reports per format in $$(( $$(date +%s) - start )) s"; \
	exit $$status

# A longer fuzz run than make test's sample: text mutants, and mutants of the binary formats (PDF,
# .hwpx, .hwp) read under the run's memory and time limits; it prints how many cases it tried.
fuzz: $(SYNCED)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_BINARY_EXAMPLES=$(FUZZ_BINARY_EXAMPLES) $(VENV)/bin/pytest \
		tests/test_fuzz.py tests/test_fuzz_binary.py -k "not command_line" -q -p no:cacheprovider

# The review page's tests drive Debian's Chromium (Playwright pointed at /usr/bin/chromium; nothing
# downloads a browser) and need Korean fonts: installed with apt-get where missing.
BROWSER_PACKAGES := chromium fonts-nanum
browser:
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || { \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y --no-install-recommends $(BROWSER_PACKAGES) >/dev/null 2>&1 \
		|| { apt-get update >/dev/null && apt-get install -y --no-install-recommends $(BROWSER_PACKAGES) >/dev/null; }; }

# Scanned pages are read by Tesseract (the tesserocr wheel, from uv.lock) with Debian's Korean language
# data: installed with apt-get where missing.
OCR_PACKAGES := tesseract-ocr-kor
ocr:
	@dpkg -s $(OCR_PACKAGES) >/dev/null 2>&1 || { \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y --no-install-recommends $(OCR_PACKAGES) >/dev/null 2>&1 \
		|| { apt-get update >/dev/null && apt-get install -y --no-install-recommends $(OCR_PACKAGES) >/dev/null; }; }

# Ruff on everything; mypy on the pure packages (pyproject.toml's [tool.mypy]): part of make test.
lint: $(SYNCED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

setup: $(SYNCED)

# The environment is rebuilt from the lock file whenever it is missing or older than the lock.
$(SYNCED): pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)" \
		|| { $(PYTHON) -m ensurepip --upgrade && $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(UV) sync --locked --compile-bytecode
	@touch $@

clean:
	rm -rf output .prefect .pytest_cache
