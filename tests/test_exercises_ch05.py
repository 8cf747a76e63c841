"""Checkers of chapter 05 (dividing by the batch size): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch05_batch_mean as ex

N, K, D, H = 6, 3, 4, 5


@pytest.fixture
def batch():
    rng = np.random.default_rng(5)
    scores = rng.standard_normal((N, K))
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    y = np.array([0, 1, 2, 2, 1, 0])
    onehot = np.eye(K)[y]
    return probs, y, (probs - onehot) / N


def test_dscores_right_and_unanswered(batch):
    probs, y, right = batch
    assert ex.check_dscores(right, probs, y).correct
    fb = ex.check_dscores(None, probs, y)
    assert not fb.correct and "No answer yet" in fb.message


def test_dscores_missing_mean_and_double_division(batch):
    probs, y, right = batch
    assert "6 times too large" in ex.check_dscores(right * N, probs, y).message
    assert "divided by N twice" in ex.check_dscores(right / N, probs, y).message


def test_dscores_one_not_subtracted_or_subtracted_everywhere(batch):
    probs, y, _ = batch
    assert "not subtracted" in ex.check_dscores(probs / N, probs, y).message
    assert "every entry" in ex.check_dscores((probs - 1) / N, probs, y).message


def test_dscores_transposed(batch):
    probs, y, right = batch
    assert "transposed" in ex.check_dscores(right.T, probs, y).message


@pytest.fixture
def sums():
    rng = np.random.default_rng(6)
    return rng.standard_normal((D, H)), rng.standard_normal((D, H)), 0.1


def test_dW1_from_sum(sums):
    dW1_sum, W1, reg = sums
    right = dW1_sum / N + reg * W1
    assert ex.check_dW1_from_sum(right, dW1_sum, W1, batch_size=N, reg=reg).correct
    cases = {
        "reg·W1 was divided by N too": (dW1_sum + reg * W1) / N,
        "L2 term is missing": dW1_sum / N,
        "the 1/N is missing": dW1_sum + reg * W1,
        "divided by N twice": dW1_sum / N**2 + reg * W1,
    }
    for text, wrong in cases.items():
        fb = ex.check_dW1_from_sum(wrong, dW1_sum, W1, batch_size=N, reg=reg)
        assert not fb.correct and text in fb.message, (text, fb.message)
    assert "No answer yet" in ex.check_dW1_from_sum(None, dW1_sum, W1, batch_size=N, reg=reg).message


def test_dW1_from_sum_rejects_bad_input(sums):
    dW1_sum, W1, reg = sums
    with pytest.raises(ValueError, match="W1 must have the shape"):
        ex.check_dW1_from_sum(dW1_sum, dW1_sum, W1.T, batch_size=N, reg=reg)
    with pytest.raises(ValueError, match="reg"):
        ex.check_dW1_from_sum(dW1_sum, dW1_sum, W1, batch_size=N, reg=-1.0)


def test_sum_learning_rate_slips():
    assert ex.check_sum_learning_rate(0.01 / 75, lr=0.01, batch_size=75).correct
    assert "multiplies by N" in ex.check_sum_learning_rate(0.75, lr=0.01, batch_size=75).message
    assert "N times larger steps" in ex.check_sum_learning_rate(0.01, lr=0.01, batch_size=75).message
    assert "No answer yet" in ex.check_sum_learning_rate(None, lr=0.01, batch_size=75).message


def test_linreg_gradient():
    rng = np.random.default_rng(7)
    X, theta, target = rng.standard_normal((9, 3)), rng.standard_normal(3), rng.standard_normal(9)
    right = X.T @ (X @ theta - target) / 9
    assert ex.check_linreg_gradient(right, X, theta, target).correct
    assert "9 times too large" in ex.check_linreg_gradient(right * 9, X, theta, target).message
    assert "wrong sign" in ex.check_linreg_gradient(-right, X, theta, target).message
    assert "reshape" in ex.check_linreg_gradient(right[:, None], X, theta, target).message


LR_N = 0.01 / 75


@pytest.mark.parametrize("answer, fragment, correct", [
    (0.01 / 75, "lr_sum is right.", True),
    (1.33e-4, "right to the 3 significant digits you typed", True),    # a number typed by hand
    (1.3333e-4, "right to the 5 significant digits you typed", True),
    (1.3e-4, "only to the 2 significant digits", False),
    (1e-4, "only to the 1 significant digit", False),
    (1.34e-4, "is wrong (the first 2 significant digits agree)", False),
    ([0.01 / 75], "its value is right, but you gave an array of shape (1,)", False),
    (0.75, "multiplies by N", False),
    (0.01, "divide it by N", False),
    (float("nan"), "NaN", False),
    ("1.33e-4", "string", False),
])
def test_sum_learning_rate(answer, fragment, correct):
    from _exercise_helpers import assert_says
    assert_says(ex.check_sum_learning_rate(answer, lr=0.01, batch_size=75), fragment, correct=correct)


def test_dscores_with_probs_changed_in_place(batch):
    from _exercise_helpers import assert_says
    probs, y, _ = batch
    d = probs                      # no copy: d and probs are one array
    d[np.arange(N), y] -= 1
    d /= N
    assert_says(ex.check_dscores(d, probs, y), "same array as probs")
