# backprop: two commands do everything on a fresh machine.
#   make docs   set up .venv, build the course website into docs/_build/html
#   make test   set up .venv and browser deps, run the tests (unit, notebooks, wheel, editions, website)
# Other targets: make setup | make lint | make unit (the package's own tests, seconds) | make test-slow
# (the exhaustive tier) | make notebooks (regenerate outputs) | make bench | make matrix (oldest and
# newest supported versions, nox) | make editions (student/instructor) | make slides | make pdf

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Deterministic numerics for tests, notebooks and benchmarks: one BLAS thread, no backend override.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
unexport MPLBACKEND

.PHONY: setup lint unit test test-slow notebooks docs site-deps

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $(STAMP)

## Lint the Python code (ruff: pyflakes, pycodestyle errors, import order, bugbear; pyproject.toml).
lint: setup
	$(BIN)/ruff check .

# Both workers busy to the end: each test module and each notebook goes to one worker as a whole,
# the longest first (tests/conftest.py orders them; --no-loadscope-reorder keeps that order).
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadscope --no-loadscope-reorder
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

## The package's own tests (unit, property, parity, exercises, grading): no browser, no build, no
## notebook; the inner loop while changing backprop/.
unit: setup
	$(PYTEST) -m "not slow and not artefact" tests $(PYTEST_ARGS)

## The tests, after the lint: the package's own tests, nbval on every notebook (each run once), the
## notebook hygiene, the wheel installed outside the repository (one notebook, every module, the
## data), the editions, the slides and the website in headless Chromium. Under 3 minutes on 2 cores.
## Fails if a test fails or none passed. `make test-slow` runs the exhaustive tier.
test: setup site-deps lint
	$(PYTEST) -m "not slow" --durations=10 $(NBVAL) tests notebooks $(PYTEST_ARGS)

## The exhaustive tier (`@pytest.mark.slow`): every notebook from the wheel, the whole student
## edition run, the editions graded, every deck and page in Chromium, the PDF, every notebook and
## the long runs under perturbed arithmetic (issue 17). CI runs it after `make test`.
test-slow: setup site-deps
	$(PYTEST) -m slow --durations=10 tests $(PYTEST_ARGS)

## Re-execute every notebook in a fresh kernel and store its outputs (byte-reproducible).
notebooks: setup
	$(BIN)/python tools/execute_notebooks.py

## The course website, from the notebooks' stored outputs, into docs/_build/html. Read fresh
## every time (-E) so that every warning is seen, and warnings are errors.
SITE := docs/_build/html
docs: setup
	$(BIN)/python -m sphinx -E -W --keep-going -q -b html -d docs/_build/doctrees docs $(SITE)
	@echo "website: $(SITE)/index.html  (or serve it: python3 -m http.server -d $(SITE))"

## Headless Chromium for the website, slides and PDF tests, and poppler-utils (pdftoppm, pdftotext)
## for the PDF's; does nothing when both are installed.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
site-deps:
	@{ test -x /usr/bin/chromium && command -v pdftoppm >/dev/null; } || { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils >/dev/null; }

## Performance benchmarks, not part of the tests (benchmarks/README.md): backprop.train per step
## against a minimal loop, scikit-learn and the matrix products alone, one BLAS thread, a few
## minutes. `make bench BENCH_ARGS=--quick` for a short run.
.PHONY: bench
bench: setup
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

## The supported versions at both edges (noxfile.py): Python 3.10 with every dependency at its
## declared floor, Python 3.13 with the newest; unit tests and nbval on every notebook in each.
## `make matrix NOX_SESSIONS=oldest` runs one (CI runs the oldest after `make test`).
NOX_SESSIONS ?= oldest newest
.PHONY: matrix
matrix: setup
	$(BIN)/python -m nox -s $(NOX_SESSIONS)

## Student and instructor editions into build/student and build/instructor (tools/make_editions.py).
.PHONY: editions
editions: setup
	$(BIN)/python tools/make_editions.py --out build

## One reveal.js deck per chapter into build/slides (index.html), from the notebooks' slide metadata
## (tools/make_slides.py); reveal.js and MathJax are copied beside them, so the folder works offline.
.PHONY: slides
slides: setup
	$(BIN)/python tools/make_slides.py --out build/slides

## The course as one PDF, printed by headless Chromium: docs/_build/pdf/backprop-course.pdf.
.PHONY: pdf
pdf: setup site-deps
	$(BIN)/python tools/make_pdf.py --out docs/_build/pdf/backprop-course.pdf
