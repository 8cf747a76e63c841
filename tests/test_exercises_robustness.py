"""Every checker answers anything a learner can type with a specific Feedback, never a traceback
or a warning; the "No answer yet" of an untouched cell is tested here, for every checker.

The checkers are found by introspection (``_exercise_helpers.discover_checkers``) and each is
called through its ``Case`` (a valid call and a right answer computed in plain numpy); one test
runs every category of answer against every checker.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from _exercise_helpers import CASES, assert_says, discover_checkers

CHECKERS = discover_checkers()


def _bad(value):
    """One entry of ``value`` replaced by ``bad`` (NaN or inf), as a float array or a float."""
    def make(bad):
        a = np.array(value, dtype=float)
        if a.ndim == 0:
            return bad
        a.flat[a.size // 2] = bad
        return a
    return make


def _fill_first_array(*args):
    """A learner's function that sets its first array argument to 0 in place and returns nothing.

    (The first argument of some checkers' functions is a dict or a Params of arrays, which has no
    ``fill``: then the first argument that has one is changed.)
    """
    next(a for a in args if hasattr(a, "fill")).fill(0.0)


def _raises_boom(*args):
    """A learner's function that raises."""
    raise RuntimeError("boom")


# category -> (make the answer from the right one, fragment expected in the message)
ARRAY_CATEGORIES = {
    "none": (lambda r: None, "No answer yet"),
    "string": (lambda r: "0.5", "string"),
    "dict": (lambda r: {"answer": 1}, "dict"),
    "set": (lambda r: {1, 2}, "set"),
    "ragged list": (lambda r: [[1.0, 2.0], [3.0]], "different lengths"),
    "list of None": (lambda r: [None, None], "not numbers"),
    "bool": (lambda r: np.asarray(r) > 0, "True/False"),
    "complex": (lambda r: np.asarray(r) + 1j, "complex"),
    "function": (lambda r: (lambda *args: r), "is a function"),
    "raising function": (lambda r: (lambda *args: 1 / 0), "is a function"),
    "nan": (lambda r: _bad(r)(np.nan), "NaN"),
    "inf": (lambda r: _bad(r)(np.inf), "inf"),
    "wrong shape": (lambda r: np.zeros(np.shape(r) + (2,)), "shape"),
    "in brackets": (lambda r: [r], "shape"),
}
FUNCTION_CATEGORIES = {
    "none": (lambda r: None, "No answer yet"),
    "result, not function": (lambda r: np.zeros((2, 2)), "Pass your function itself"),
    "raises": (lambda r: _raises_boom, "your function raised RuntimeError"),
    "wrong arguments": (lambda r: (lambda x: x), "your function raised TypeError"),
    "returns None": (lambda r: (lambda *a: None), "returned None"),
    "no return after in-place change": (lambda r: _fill_first_array, "returned None"),
    "returns string": (lambda r: (lambda *a: "dhidden"), "string"),
    "returns nan": (lambda r: (lambda *a: r(*a) * np.nan), "NaN"),
    "returns wrong shape": (lambda r: (lambda *a: np.zeros((1, 1, 1))), "shape"),
    "returns a list": (lambda r: (lambda *a: r(*a).tolist()), None),   # a list of the right numbers is right
}
MAPPING_CATEGORIES = {
    "none": (lambda r: None, "No answer yet"),
    "string": (lambda r: "hidden", "must be a dict"),
    "list": (lambda r: list(r.values()), "must be a dict"),
    "missing keys": (lambda r: {}, "lacks"),
    "values not shapes": (lambda r: dict.fromkeys(r, "N x H"), "is not a shape"),
    "floats in shapes": (lambda r: {k: tuple(float(n) for n in v) for k, v in r.items()}, "is not a shape"),
}
CATEGORIES = {"array": ARRAY_CATEGORIES, "function": FUNCTION_CATEGORIES, "mapping": MAPPING_CATEGORIES}


def test_every_checker_has_a_case():
    missing = sorted(set(CHECKERS) - set(CASES))
    assert not missing, f"add a Case to tests/_exercise_helpers.py CASES for: {missing}"
    assert not set(CASES) - set(CHECKERS), "CASES names checkers that do not exist"


@pytest.mark.parametrize("name", CHECKERS)
def test_right_answer_is_accepted(name):
    case = CASES[name]()
    feedback = case.call(case.right)
    assert_says(feedback, "right", correct=True)
    if case.kind == "array" and np.ndim(case.right) > 0:       # the same numbers typed as a list
        assert_says(case.call(np.asarray(case.right).tolist()), "right", correct=True)


def _kind(name: str) -> str:
    return CASES[name]().kind if name in CASES else "array"   # a missing case fails in the test


PAIRS = [(name, category) for name in CHECKERS for category in CATEGORIES[_kind(name)]]


@pytest.mark.parametrize("name, category", PAIRS, ids=[f"{n}-{c}" for n, c in PAIRS])
def test_any_answer_gets_specific_feedback(name, category):
    assert name in CASES, f"add a Case to tests/_exercise_helpers.py CASES for {name}"
    case = CASES[name]()
    make, fragment = CATEGORIES[case.kind][category]
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # no ComplexWarning, RuntimeWarning, ... from the checker
        feedback = case.call(make(case.right))
    if fragment is None:
        assert_says(feedback, "right", correct=True)
    else:
        assert_says(feedback, fragment)


WITH_ALIAS = [n for n in CHECKERS if n in CASES and CASES[n]().alias is not None]


def test_aliasing_is_tried_wherever_it_can_happen():
    """A checker without an alias case has no input array of its answer's shape (or names the slip)."""
    assert len(WITH_ALIAS) >= 10
    assert "ch04_softmax_gradient.check_dscores" in WITH_ALIAS and "ch05_batch_mean.check_dscores" in WITH_ALIAS


@pytest.mark.parametrize("name", WITH_ALIAS)
def test_answer_that_is_an_input_changed_in_place(name):
    """``answer = input; answer += 1``: the checker says the answer is its input (numpy aliasing)."""
    array, call = CASES[name]().alias()
    array += 1.0          # the learner's in-place change, made to the checker's input itself
    assert_says(call(array), "same array")


@pytest.mark.parametrize("name", WITH_ALIAS)
def test_checker_does_not_modify_its_inputs(name):
    case = CASES[name]()
    array, call = case.alias()
    before = array.copy()
    right = case.right
    call(np.array(right) + 1.0 if case.kind == "array" else right)
    np.testing.assert_array_equal(array, before)
