"""Checkers of chapter 13 (autograd): right answers pass; each slip, and anything else, gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict

from backprop.exercises import ch13_autograd as ex

ODD_ANSWERS = [None, "g / n", [1, 2], {"g": 1}, 3.0, np.nan, np.ones((2, 2))]
D, H, K = 784, 256, 10
P = D * H + H + H * K + K             # the parameters of a 784 → 256 → 10 network


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _in_place(g, out):
    g *= out * (1 - out)
    return g


MEAN_VJP = [  # (the learner's answer, the slip it is, or RIGHT)
    (lambda g, n: np.full(n, g / n), RIGHT),
    (lambda g, n: g / n * np.ones(n), RIGHT),
    ("np.full(n, g / n)", "generic:not-callable"),
    (lambda g, n: g / n, "one-number"),
    (lambda g, n: np.full(n, g), "generic:batch-too-large"),
    (lambda g, n: np.full(n, 1 / n), "ignores-g"),
    (lambda g, n: np.full((n, 1), g / n), "column"),
    (lambda g, n: 1 / 0, "generic:raised"),
    (lambda g: g, "generic:not-called"),
    (lambda g, n: None, "generic:returned-none"),
    (lambda g, n: "g/n", "generic:string"),
    (lambda g, n: np.full(n, np.nan), "generic:nonfinite"),
]


@pytest.mark.parametrize("answer, expected", MEAN_VJP)
def test_mean_vjp(answer, expected):
    assert_verdict(ex.check_mean_vjp(answer), ex.check_mean_vjp, expected)


SIGMOID_VJP = [  # (the learner's answer, the slip it is, or RIGHT)
    (lambda g, out: g * out * (1 - out), RIGHT),
    (lambda g, out: out * (1 - out), "local-only"),
    (lambda g, out: g * _sig(out) * (1 - _sig(out)), "sigmoid-twice"),
    (lambda g, out: g * (1 - out ** 2), "tanh"),
    (lambda g, out: g * out, "no-1-minus-out"),
    (lambda g, out: g * (1 - out), "no-out"),
    (lambda g, out: (g * out * (1 - out)).sum(axis=0), "summed-over-batch"),
    (lambda g, out: (g * out * (1 - out)).sum(axis=1), "summed-over-units"),
    (lambda g, out: g @ (out * (1 - out)).T, "matrix-product"),
    (_in_place, "generic:changed-argument"),
    (lambda g, out: g, "g-unchanged"),
    (lambda g, out: np.ones(3) + np.ones(4), "generic:product"),
    (42, "generic:not-callable"),
]


@pytest.mark.parametrize("answer, expected", SIGMOID_VJP)
def test_sigmoid_vjp(answer, expected):
    assert_verdict(ex.check_sigmoid_vjp(answer), ex.check_sigmoid_vjp, expected)


@pytest.mark.parametrize("check", [ex.check_mean_vjp, ex.check_sigmoid_vjp])
@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_vjp_checkers_answer_anything_without_raising(check, answer):
    fb = check(answer)
    assert not fb.correct and fb.message


FD_COUNT = [  # (the learner's answer, the slip it is, or RIGHT)
    (2 * P, RIGHT),
    (np.int64(2 * P), RIGHT),
    (float(2 * P), RIGHT),
    (P, "one-per-parameter"),
    (2 * (D * H + H * K), "no-biases"),
    (P + 1, "forward-difference"),
    ([2 * P], "in-brackets"),
    ("407060", "generic:string"),
    (5, "generic:number"),
    (True, "generic:bool"),
    (np.nan, "generic:nonfinite"),
]


@pytest.mark.parametrize("answer, expected", FD_COUNT)
def test_finite_difference_count(answer, expected):
    assert P == 203530
    assert_verdict(ex.check_finite_difference_count(answer, n_features=D, n_hidden=H, n_classes=K),
                   ex.check_finite_difference_count, expected)


COVERS = {ex.check_mean_vjp: MEAN_VJP, ex.check_sigmoid_vjp: SIGMOID_VJP,
          ex.check_finite_difference_count: FD_COUNT}


def test_finite_difference_count_checks_its_sizes():
    with pytest.raises(ValueError, match="n_hidden must be >= 1"):
        ex.check_finite_difference_count(10, n_features=4, n_hidden=0, n_classes=3)
