"""The supported versions, tested at both edges (``make matrix``; CI runs ``oldest``).

* ``oldest``: Python 3.10 with every dependency at the floor that ``pyproject.toml`` declares,
  pinned as ``==X.Y.*`` (``numpy>=1.26`` -> ``numpy==1.26.*``), read from the file itself so the
  pins cannot drift from the declared floors.
* ``newest``: Python 3.13 with the newest release of everything.

Each session installs the package (editable) with the runtime dependencies, the test tools of
the ``dev`` extra and Sphinx from the ``docs`` extra (``tools/make_editions.py`` imports the
website's list of chapters, ``docs/_ext/backprop_site.py``), then runs the package's tests (both
tiers: the slow guard of the floating-point policy too) and ``pytest --nbval`` on every notebook.
The tests of built artefacts stay in the main runs (``make test``, ``make test-slow``): the
website, the slides and the PDF (they need Chromium and Playwright), the wheel installed outside
the repository and the editions; ``tests/conftest.py`` lists them (``ARTEFACT_MODULES``).

Interpreters come from PATH or, when ``python3.10`` there is a pyenv shim that does not run, from
pyenv's versions folder (``$PYENV_ROOT``, default ``~/.pyenv``); nox never downloads one.
Extra arguments go to pytest: ``nox -s oldest -- -n 0 -x``.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path

import nox
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent
nox.options.sessions = ["oldest", "newest"]
nox.options.default_venv_backend = "venv"
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True
nox.options.envdir = str(ROOT / "build" / "nox")  # git-ignored, like every build output

OLDEST_PYTHON, NEWEST_PYTHON = "3.10", "3.13"
# The dev extra's test tools; the rest of it (JupyterLab, Playwright, nox, pypdf) serves the
# main run and the authors, not these tests.
TEST_TOOLS = {"ipykernel", "nbconvert", "nbformat", "nbval", "pytest", "pytest-xdist", "hypothesis", "tomli"}
# From the docs extra: Sphinx (and its docutils), which tools/make_editions.py imports through the
# website's list of chapters (docs/_ext/backprop_site.py); the editions' and the guide's tests need it.
DOCS_TOOLS = {"sphinx"}

def _artefact_tests() -> list[str]:
    """The test modules of built artefacts, as ``tests/conftest.py`` lists them (read, not imported)."""
    tree = ast.parse((ROOT / "tests" / "conftest.py").read_text())
    value = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                 and any(getattr(t, "id", None) == "ARTEFACT_MODULES" for t in node.targets))
    return [f"tests/{name}" for name in ast.literal_eval(value)]


# Tests of built artefacts (website, slides, PDF, wheel, editions): part of `make test` only.
ARTEFACT_TESTS = _artefact_tests()
DETERMINISTIC_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                     "PYTHONHASHSEED": "0"}
# Printed at the start of each session: what it actually installed.
REPORTED = ["numpy", "matplotlib", "scikit-learn", "scipy", "ipykernel", "jupyter_client", "nbclient",
            "nbconvert", "nbformat", "nbval", "pytest", "pytest-xdist", "hypothesis", "sphinx"]


def interpreter(version: str) -> str:
    """A runnable ``python<version>``: from PATH, else from pyenv's versions folder."""
    found = shutil.which(f"python{version}")
    candidates = [found] if found else []
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted((str(p) for p in pyenv.glob(f"versions/{version}.*/bin/python{version}")), reverse=True)
    for candidate in candidates:
        if subprocess.run([candidate, "--version"], capture_output=True, check=False).returncode == 0:
            return candidate
    return version  # nox then reports the interpreter as missing, and fails


def requirements(pin_floors: bool) -> list[str]:
    """The runtime dependencies and the test tools, as pip arguments; floors pinned if asked."""
    project = nox.project.load_toml(ROOT / "pyproject.toml")["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for r in project["optional-dependencies"]["dev"]
               if Requirement(r).name in TEST_TOOLS]
    wanted += [Requirement(r) for r in project["optional-dependencies"]["docs"]
               if Requirement(r).name in DOCS_TOOLS]
    args = []
    for req in wanted:
        spec = str(req.specifier)
        if pin_floors:
            floors = [s.version for s in req.specifier if s.operator == ">="]
            assert len(floors) == 1, f"{req}: the oldest session needs exactly one '>=' floor"
            major_minor = ".".join(floors[0].split(".")[:2])
            spec = f"=={major_minor}.*"
        marker = f"; {req.marker}" if req.marker else ""
        args.append(f"{req.name}{spec}{marker}")
    return args


def run_tests(session: nox.Session, pin_floors: bool) -> None:
    session.install(*requirements(pin_floors))
    session.install("--no-deps", "-e", ".")
    session.run("python", "-c", "import sys; print('Python', sys.version.split()[0])")
    session.run("python", "-c", "import importlib.metadata as m, sys; "
                f"[print(f'{{n}}=={{m.version(n)}}') for n in {REPORTED!r}]")
    env = dict(DETERMINISTIC_ENV, MPLBACKEND=None)
    ignore = [f"--ignore={path}" for path in ARTEFACT_TESTS]
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadscope",
                "--no-loadscope-reorder",
                "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", *ignore,
                "tests", "notebooks", *session.posargs, env=env)


@nox.session(python=interpreter(OLDEST_PYTHON))
def oldest(session: nox.Session) -> None:
    """Python 3.10, every dependency at its declared floor (==X.Y.*)."""
    run_tests(session, pin_floors=True)


@nox.session(python=interpreter(NEWEST_PYTHON))
def newest(session: nox.Session) -> None:
    """Python 3.13, the newest release of every dependency."""
    run_tests(session, pin_floors=False)
