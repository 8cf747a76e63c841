"""Checkers of chapter 13 (autograd): right answers pass; each slip, and anything else, gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch13_autograd as ex

ODD_ANSWERS = [None, "g / n", [1, 2], {"g": 1}, 3.0, np.nan, np.ones((2, 2))]
D, H, K = 784, 256, 10
P = D * H + H + H * K + K             # the parameters of a 784 → 256 → 10 network


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _in_place(g, out):
    g *= out * (1 - out)
    return g


MEAN_VJP = [  # (the learner's answer, fragment, correct)
    (lambda g, n: np.full(n, g / n), "is right", True),
    (lambda g, n: g / n * np.ones(n), "is right", True),
    (None, "No answer yet", False),
    ("np.full(n, g / n)", "must be a function", False),
    (lambda g, n: g / n, "returns one number", False),
    (lambda g, n: np.full(n, g), "75 times too large", False),
    (lambda g, n: np.full(n, 1 / n), "ignores g", False),
    (lambda g, n: np.full((n, 1), g / n), "(N, 1) column", False),
    (lambda g, n: 1 / 0, "raised ZeroDivisionError", False),
    (lambda g: g, "raised TypeError", False),
    (lambda g, n: None, "returned None", False),
    (lambda g, n: "g/n", "array of numbers", False),
    (lambda g, n: np.full(n, np.nan), "holds 75 NaN", False),
]


@pytest.mark.parametrize("answer, fragment, correct", MEAN_VJP)
def test_mean_vjp(answer, fragment, correct):
    assert_says(ex.check_mean_vjp(answer), fragment, correct=correct)


SIGMOID_VJP = [  # (the learner's answer, fragment, correct)
    (lambda g, out: g * out * (1 - out), "is right", True),
    (None, "No answer yet", False),
    (lambda g, out: out * (1 - out), "multiply it by g", False),
    (lambda g, out: g * _sig(out) * (1 - _sig(out)), "applies σ to out again", False),
    (lambda g, out: g * (1 - out ** 2), "tanh's derivative", False),
    (lambda g, out: g * out, "(1 - out) is missing", False),
    (lambda g, out: g * (1 - out), "the factor out is missing", False),
    (lambda g, out: (g * out * (1 - out)).sum(axis=0), "summed over the batch", False),
    (lambda g, out: (g * out * (1 - out)).sum(axis=1), "summed over the units", False),
    (lambda g, out: g @ (out * (1 - out)).T, "matrix product", False),
    (_in_place, "in place", False),
    (lambda g, out: g, "returned one of its arguments", False),
    (lambda g, out: np.ones(3) + np.ones(4), "raised ValueError", False),
    (42, "must be a function", False),
]


@pytest.mark.parametrize("answer, fragment, correct", SIGMOID_VJP)
def test_sigmoid_vjp(answer, fragment, correct):
    assert_says(ex.check_sigmoid_vjp(answer), fragment, correct=correct)


@pytest.mark.parametrize("check", [ex.check_mean_vjp, ex.check_sigmoid_vjp])
@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_vjp_checkers_answer_anything_without_raising(check, answer):
    fb = check(answer)
    assert not fb.correct and fb.message


FD_COUNT = [  # (the learner's answer, fragment, correct)
    (2 * P, "is right", True),
    (np.int64(2 * P), "is right", True),
    (float(2 * P), "is right", True),
    (None, "No answer yet", False),
    (P, "one pass per parameter", False),
    (2 * (D * H + H * K), "biases are missing", False),
    (P + 1, "forward difference", False),
    ([2 * P], "one whole number", False),
    ("407060", "not the string", False),
    (5, "= 5 is wrong", False),
    (True, "dtype bool", False),
    (np.nan, "NaN", False),
]


@pytest.mark.parametrize("answer, fragment, correct", FD_COUNT)
def test_finite_difference_count(answer, fragment, correct):
    assert P == 203530
    assert_says(ex.check_finite_difference_count(answer, n_features=D, n_hidden=H, n_classes=K), fragment,
                correct=correct)


def test_finite_difference_count_checks_its_sizes():
    with pytest.raises(ValueError, match="n_hidden must be >= 1"):
        ex.check_finite_difference_count(10, n_features=4, n_hidden=0, n_classes=3)
