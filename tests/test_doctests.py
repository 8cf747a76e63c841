"""The examples in the package's docstrings run and print what they show.

Only the modules that hold examples are collected (a module without one would be a test that
asserts nothing); that every module imports is checked in ``test_package_structure.py``.
"""

import doctest
import importlib
import pkgutil

import pytest

import backprop as bp

ALL_MODULES = sorted(m.name for m in pkgutil.walk_packages(bp.__path__, "backprop."))


def _examples(name: str) -> int:
    return sum(len(test.examples) for test in doctest.DocTestFinder().find(importlib.import_module(name)))


WITH_EXAMPLES = [name for name in ALL_MODULES if _examples(name)]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE,
                             raise_on_error=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_rcompat_and_grading_examples_are_among_them():
    """The examples that show R's random numbers and the grader's notebook reading stay examples."""
    attempted = sum(_examples(name) for name in WITH_EXAMPLES if name.startswith("backprop.rcompat"))
    assert attempted >= 10
    assert "backprop.grade.notebook" in WITH_EXAMPLES
