"""Checkers of chapter 05 (dividing by the batch size): right answers pass, each slip gets its message.

One table per checker: rows of (answer, the slip it is or RIGHT), each row its own test.
An answer is a function of the batch, so that the table is built before the fixtures exist.
"""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

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


DSCORES = [  # (answer from the batch, the slip it is, or RIGHT)
    (lambda b: b["right"], RIGHT),
    (lambda b: b["right"] * N, "generic:batch-too-large"),
    (lambda b: b["right"] / N, "generic:batch-twice"),
    (lambda b: b["probs"] / N, "not-subtracted"),
    (lambda b: (b["probs"] - 1) / N, "every-entry"),
    (lambda b: -b["right"], "T-minus-P"),
    (lambda b: b["right"].T, "generic:transposed"),
]


@pytest.mark.parametrize("answer, expected", DSCORES)
def test_dscores(batch, answer, expected):
    assert_verdict(ex.check_dscores(answer(batch), batch["probs"], batch["y"]), ex.check_dscores, expected)


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


DW1_FROM_SUM = [  # (answer from dW1_sum and W1, the slip it is, or RIGHT)
    (lambda s, W: s / N + REG * W, RIGHT),
    (lambda s, W: (s + REG * W) / N, "l2-divided"),
    (lambda s, W: s / N, "no-l2"),
    (lambda s, W: s + REG * W, "no-1/N"),
    (lambda s, W: s / N**2 + REG * W, "twice"),
]


@pytest.mark.parametrize("answer, expected", DW1_FROM_SUM)
def test_dW1_from_sum(sums, answer, expected):
    feedback = ex.check_dW1_from_sum(answer(sums["dW1_sum"], sums["W1"]), sums["dW1_sum"], sums["W1"],
                                     batch_size=N, reg=REG)
    assert_verdict(feedback, ex.check_dW1_from_sum, expected)


@pytest.mark.parametrize("W1_of, reg, match", [
    (lambda W: W.T, REG, "W1 must have the shape"),
    (lambda W: W, -1.0, "reg"),
])
def test_dW1_from_sum_rejects_bad_input(sums, W1_of, reg, match):
    with pytest.raises(ValueError, match=match):
        ex.check_dW1_from_sum(sums["dW1_sum"], sums["dW1_sum"], W1_of(sums["W1"]), batch_size=N, reg=reg)


SUM_LEARNING_RATE = [  # (answer, the slip it is, or RIGHT), lr = 0.01 and N = 75
    (0.01 / 75, RIGHT),
    (1.33e-4, RIGHT),                   # a number typed by hand, to 3 significant digits
    (1.3333e-4, RIGHT),
    (1.3e-4, "generic:typed-too-few"),
    (1.34e-4, "generic:typed-wrong"),
    ([0.01 / 75], "generic:bracketed-right"),
    ([0.02], "generic:bracketed"),
    (0.75, "times-N"),
    (0.01, "same"),
]


@pytest.mark.parametrize("answer, expected", SUM_LEARNING_RATE)
def test_sum_learning_rate(answer, expected):
    assert_verdict(ex.check_sum_learning_rate(answer, lr=0.01, batch_size=75), ex.check_sum_learning_rate, expected)


@pytest.mark.parametrize("answer, fragment, correct", [
    (1.33e-4, "right to the 3 significant digits you typed (the exact value is 0.0001333333333)", True),
    (1.3333e-4, "right to the 5 significant digits you typed", True),
    (1.3e-4, "only to the 2 significant digits you typed: give at least 3", False),
    (1e-4, "only to the 1 significant digit you typed", False),
    (1.34e-4, "is wrong (the first 2 significant digits agree)", False),
])
def test_a_typed_number_is_judged_at_the_digits_typed(answer, fragment, correct):
    assert_says(ex.check_sum_learning_rate(answer, lr=0.01, batch_size=75), fragment, correct=correct)


@pytest.fixture
def regression():
    rng = np.random.default_rng(7)
    X, theta, target = rng.standard_normal((9, 3)), rng.standard_normal(3), rng.standard_normal(9)
    return {"X": X, "theta": theta, "target": target, "right": X.T @ (X @ theta - target) / 9}


LINREG_GRADIENT = [  # (answer from the regression, the slip it is, or RIGHT)
    (lambda r: r["right"], RIGHT),
    (lambda r: r["right"] * 9, "generic:batch-too-large"),
    (lambda r: -r["right"], "generic:sign"),
    (lambda r: r["right"][:, None], "generic:reshaped"),
    (lambda r: r["right"] / 2, "half-kept"),
    (lambda r: np.mean(r["X"] @ r["theta"] - r["target"]), "mean-residual"),
]


@pytest.mark.parametrize("answer, expected", LINREG_GRADIENT)
def test_linreg_gradient(regression, answer, expected):
    r = regression
    assert_verdict(ex.check_linreg_gradient(answer(r), r["X"], r["theta"], r["target"]), ex.check_linreg_gradient,
                   expected)


COVERS = {ex.check_dscores: DSCORES, ex.check_dW1_from_sum: DW1_FROM_SUM,
          ex.check_sum_learning_rate: SUM_LEARNING_RATE, ex.check_linreg_gradient: LINREG_GRADIENT}
