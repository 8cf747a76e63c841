"""Checkers of chapter 05 (dividing by the batch size): right answers pass, each slip gets its message.

One table per checker: rows of (answer, fragment of the message, correct), each row its own test.
An answer is a function of the batch, so that the table is built before the fixtures exist.
"""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch05_batch_mean as ex

N, K, D, H = 6, 3, 4, 5
REG = 0.1


@pytest.fixture
def batch():
    rng = np.random.default_rng(5)
    scores = rng.standard_normal((N, K))
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    y = np.array([0, 1, 2, 2, 1, 0])
    onehot = np.eye(K)[y]
    return {"probs": probs, "y": y, "right": (probs - onehot) / N}


DSCORES = [  # (answer from the batch, fragment, correct)
    (lambda b: b["right"], "dscores is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: b["right"] * N, "6 times too large", False),
    (lambda b: b["right"] / N, "divided by N twice", False),
    (lambda b: b["probs"] / N, "not subtracted", False),
    (lambda b: (b["probs"] - 1) / N, "every entry", False),
    (lambda b: b["right"].T, "transposed", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DSCORES)
def test_dscores(batch, answer, fragment, correct):
    assert_says(ex.check_dscores(answer(batch), batch["probs"], batch["y"]), fragment, correct=correct)


def test_dscores_with_probs_changed_in_place(batch):
    probs, y = batch["probs"], batch["y"]
    d = probs                      # no copy: d and probs are one array
    d[np.arange(N), y] -= 1
    d /= N
    assert_says(ex.check_dscores(d, probs, y), "same array as probs")


@pytest.fixture
def sums():
    rng = np.random.default_rng(6)
    return {"dW1_sum": rng.standard_normal((D, H)), "W1": rng.standard_normal((D, H))}


DW1_FROM_SUM = [  # (answer from dW1_sum and W1, fragment, correct)
    (lambda s, W: s / N + REG * W, "dW1 is right", True),
    (lambda s, W: (s + REG * W) / N, "reg·W1 was divided by N too", False),
    (lambda s, W: s / N, "L2 term is missing", False),
    (lambda s, W: s + REG * W, "the 1/N is missing", False),
    (lambda s, W: s / N**2 + REG * W, "divided by N twice", False),
    (lambda s, W: None, "No answer yet", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DW1_FROM_SUM)
def test_dW1_from_sum(sums, answer, fragment, correct):
    feedback = ex.check_dW1_from_sum(answer(sums["dW1_sum"], sums["W1"]), sums["dW1_sum"], sums["W1"],
                                     batch_size=N, reg=REG)
    assert_says(feedback, fragment, correct=correct)


@pytest.mark.parametrize("W1_of, reg, match", [
    (lambda W: W.T, REG, "W1 must have the shape"),
    (lambda W: W, -1.0, "reg"),
])
def test_dW1_from_sum_rejects_bad_input(sums, W1_of, reg, match):
    with pytest.raises(ValueError, match=match):
        ex.check_dW1_from_sum(sums["dW1_sum"], sums["dW1_sum"], W1_of(sums["W1"]), batch_size=N, reg=reg)


SUM_LEARNING_RATE = [  # (answer, fragment, correct), lr = 0.01 and N = 75
    (0.01 / 75, "lr_sum is right.", True),
    (1.33e-4, "right to the 3 significant digits you typed", True),    # a number typed by hand
    (1.3333e-4, "right to the 5 significant digits you typed", True),
    (1.3e-4, "only to the 2 significant digits", False),
    (1e-4, "only to the 1 significant digit", False),
    (1.34e-4, "is wrong (the first 2 significant digits agree)", False),
    ([0.01 / 75], "its value is right, but you gave an array of shape (1,)", False),
    (0.75, "multiplies by N", False),
    (0.01, "divide it by N", False),
    (0.01, "N times larger steps", False),
    (None, "No answer yet", False),
    (float("nan"), "NaN", False),
    ("1.33e-4", "string", False),
]


@pytest.mark.parametrize("answer, fragment, correct", SUM_LEARNING_RATE)
def test_sum_learning_rate(answer, fragment, correct):
    assert_says(ex.check_sum_learning_rate(answer, lr=0.01, batch_size=75), fragment, correct=correct)


@pytest.fixture
def regression():
    rng = np.random.default_rng(7)
    X, theta, target = rng.standard_normal((9, 3)), rng.standard_normal(3), rng.standard_normal(9)
    return {"X": X, "theta": theta, "target": target, "right": X.T @ (X @ theta - target) / 9}


LINREG_GRADIENT = [  # (answer from the regression, fragment, correct)
    (lambda r: r["right"], "grad_J is right", True),
    (lambda r: r["right"] * 9, "9 times too large", False),
    (lambda r: -r["right"], "wrong sign", False),
    (lambda r: r["right"][:, None], "reshape", False),
]


@pytest.mark.parametrize("answer, fragment, correct", LINREG_GRADIENT)
def test_linreg_gradient(regression, answer, fragment, correct):
    r = regression
    assert_says(ex.check_linreg_gradient(answer(r), r["X"], r["theta"], r["target"]), fragment, correct=correct)
