"""Checkers of chapter 13 (autograd): right answers pass; slips and anything else get a message."""

import numpy as np
import pytest

from backprop.exercises import ch13_autograd as ex

ODD_ANSWERS = [None, "g / n", [1, 2], {"g": 1}, 3.0, np.nan, np.ones((2, 2))]


def test_mean_vjp():
    assert ex.check_mean_vjp(lambda g, n: np.full(n, g / n)).correct
    assert ex.check_mean_vjp(lambda g, n: g / n * np.ones(n)).correct
    cases = {
        "No answer yet": None,
        "must be a function": "np.full(n, g / n)",
        "returns one number": lambda g, n: g / n,
        "75 times too large": lambda g, n: np.full(n, g),
        "ignores g": lambda g, n: np.full(n, 1 / n),
        "(N, 1) column": lambda g, n: np.full((n, 1), g / n),
        "raised ZeroDivisionError": lambda g, n: 1 / 0,
        "raised TypeError": lambda g: g,
        "returned None": lambda g, n: None,
        "array of numbers": lambda g, n: "g/n",
        "holds 75 NaN": lambda g, n: np.full(n, np.nan),
    }
    for text, answer in cases.items():
        fb = ex.check_mean_vjp(answer)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_sigmoid_vjp():
    assert ex.check_sigmoid_vjp(lambda g, out: g * out * (1 - out)).correct

    def sig(x):
        return 1 / (1 + np.exp(-x))

    def in_place(g, out):
        g *= out * (1 - out)
        return g

    cases = {
        "No answer yet": None,
        "multiply it by g": lambda g, out: out * (1 - out),
        "applies σ to out again": lambda g, out: g * sig(out) * (1 - sig(out)),
        "tanh's derivative": lambda g, out: g * (1 - out ** 2),
        "(1 - out) is missing": lambda g, out: g * out,
        "the factor out is missing": lambda g, out: g * (1 - out),
        "summed over the batch": lambda g, out: (g * out * (1 - out)).sum(axis=0),
        "summed over the units": lambda g, out: (g * out * (1 - out)).sum(axis=1),
        "matrix product": lambda g, out: g @ (out * (1 - out)).T,
        "in place": in_place,
        "returned one of its arguments": lambda g, out: g,
        "raised ValueError": lambda g, out: np.ones(3) + np.ones(4),
        "must be a function": 42,
    }
    for text, answer in cases.items():
        fb = ex.check_sigmoid_vjp(answer)
        assert not fb.correct and text in fb.message, (text, fb.message)


@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_vjp_checkers_answer_anything_without_raising(answer):
    for check in (ex.check_mean_vjp, ex.check_sigmoid_vjp):
        fb = check(answer)
        assert not fb.correct and fb.message


def test_finite_difference_count():
    D, H, K = 784, 256, 10
    P = D * H + H + H * K + K

    def check(a):
        return ex.check_finite_difference_count(a, n_features=D, n_hidden=H, n_classes=K)

    assert P == 203530
    assert check(2 * P).correct and check(np.int64(2 * P)).correct and check(float(2 * P)).correct
    cases = {"No answer yet": None, "one pass per parameter": P, "biases are missing": 2 * (D * H + H * K),
             "forward difference": P + 1, "one whole number": [2 * P], "not the string": "407060",
             "= 5 is wrong": 5}
    for text, answer in cases.items():
        fb = check(answer)
        assert not fb.correct and text in fb.message, (text, fb.message)
    assert not check(True).correct and not check(np.nan).correct
    with pytest.raises(ValueError, match="n_hidden must be >= 1"):
        ex.check_finite_difference_count(10, n_features=4, n_hidden=0, n_classes=3)
