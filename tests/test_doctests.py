"""The examples in the package's docstrings run and print what they show."""

import doctest
import importlib
import pkgutil

import pytest

import backprop as bp

MODULES = sorted(m.name for m in pkgutil.walk_packages(bp.__path__, "backprop."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE,
                             raise_on_error=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_rcompat_examples_are_among_them():
    attempted = sum(doctest.testmod(importlib.import_module(name), report=False).attempted
                    for name in MODULES if name.startswith("backprop.rcompat"))
    assert attempted >= 10
