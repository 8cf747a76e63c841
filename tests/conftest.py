"""Shared fixtures, and how the tests are split into tiers and between the two xdist workers.

Shared helper functions are in ``_helpers.py``.

Tiers (``README.md``, "Tests"): ``make unit`` runs ``-m "not slow and not artefact"`` (the package's
own tests), ``make test`` runs ``-m "not slow"`` with nbval on every notebook, ``make test-slow``
runs ``-m slow``. The marks ``artefact`` (tests of what is built from the repository: the website,
the PDF, the slides, the wheel, the editions) and, for the PDF, ``slow`` are set here by module, so
that the owners of those modules need not repeat them.

Workers (``-n 2 --dist loadscope --no-loadscope-reorder``): each test module, and each notebook
(its cells share a kernel), goes to one worker as a whole, so that a module's fixtures (a website, a
wheel, an edition) are built once. The units start longest first, in the order of
``LONGEST_FIRST``, then the other notebooks, then the other modules, largest first, which fill
both workers to the end. (``--dist loadgroup`` would spread the cheap tests one by one, but
pytest-xdist 3.8 cannot rename the tests of a group under pytest 9, and puts every test alone.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import backprop as bp

#: Test modules of built artefacts: not in ``make unit``, not in the nox sessions (noxfile.py reads
#: this list), in ``make test`` and ``make test-slow``.
ARTEFACT_MODULES = ("test_site.py", "test_site_tools.py", "test_pdf.py", "test_slides.py", "test_wheel_install.py",
                    "test_editions.py")
#: Whole modules in the slow tier (their owners may also mark them; a second mark changes nothing).
SLOW_MODULES = ("test_pdf.py",)
#: The units that take longest, started first (measured with --durations); then the other
#: notebooks, then the other modules, most tests first.
LONGEST_FIRST = ("tests/test_site.py", "tests/test_wheel_install.py", "tests/test_perturbed_arithmetic.py",
                 "notebooks/15-the-gradient-seen-moving.ipynb", "notebooks/14-cs231n-spiral.ipynb",
                 "tests/test_editions.py", "tests/test_student_outputs.py", "tests/test_grade.py",
                 "tests/test_animation.py", "notebooks/11-library-cross-check-and-beyond.ipynb",
                 "notebooks/09-gradient-descent-and-training.ipynb", "tests/test_slides.py", "tests/test_pdf.py")


def _unit(item: pytest.Item) -> str:
    """The module or notebook of ``item``, relative to the repository: one unit of work for xdist."""
    path = Path(str(item.fspath))
    root = item.config.rootpath
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        name = Path(str(item.fspath)).name
        if name in ARTEFACT_MODULES:
            item.add_marker(pytest.mark.artefact)
        if name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    sizes: dict[str, int] = {}
    for item in items:
        sizes[_unit(item)] = sizes.get(_unit(item), 0) + 1

    def rank(indexed):
        index, item = indexed
        unit = _unit(item)
        if unit in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(unit), index)
        return (1 if unit.endswith(".ipynb") else 2, -sizes[unit], index)

    items[:] = [item for _, item in sorted(enumerate(items), key=rank)]


@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session, exitstatus):
    """A run in which no test passed (all deselected, or all skipped) fails: CI proved nothing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if (reporter is not None and not hasattr(session.config, "workerinput") and not session.config.option.collectonly
            and session.exitstatus == pytest.ExitCode.OK and not reporter.stats.get("passed")):
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED
        reporter.write_line("no test passed: a run that proves nothing fails (tests/conftest.py)", red=True)
    return (yield)


@pytest.fixture(scope="session")
def iris_batch():
    X, y, _, _ = bp.load_iris_data()
    split = bp.split_per_class(X, y, n_train_per_class=25, rng=1)
    return split.X_train, split.y_train


@pytest.fixture(scope="module")
def r_batch():
    """The R program's initial weights and training batch, untrained: ``(params, X, y)``.

    A test module that needs other pieces of the run defines its own ``r_batch``.
    """
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train
