"""Checkers of chapter 03 (data and the forward pass): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says, softmax_rows

import backprop as bp
from backprop.exercises import ch03_forward_pass as ex


@pytest.fixture(scope="module")
def batch(iris_batch):
    X, _ = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    return params._replace(b1=np.linspace(-0.05, 0.05, 10)), X


HIDDEN = [  # (answer from Z = X W1 + b1, params P and X, fragment, correct)
    (lambda Z, P, X: np.maximum(Z, 0), "hidden is right", True),
    (lambda Z, P, X: None, "No answer yet", False),
    (lambda Z, P, X: np.max(Z, 0), "np.max(z, 0) is a reduction", False),
    (lambda Z, P, X: np.max(Z, 1), "np.max(z, 1) is a reduction", False),
    (lambda Z, P, X: Z, "ReLU is missing", False),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0) + P.b1, "ReLU comes after the bias", False),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0), "bias b1 is missing", False),
]


@pytest.mark.parametrize("make, fragment, correct", HIDDEN)
def test_hidden(batch, make, fragment, correct):
    params, X = batch
    Z = X @ params.W1 + params.b1
    assert_says(ex.check_hidden(make(Z, params, X), params, X), fragment, correct=correct)


def _naive(s):
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    assert np.isnan(naive).all()          # the case really overflows
    return naive


SOFTMAX = [  # (answer from scores S of size about 1000, fragment, correct)
    (lambda S: softmax_rows(S), "probs is right", True),
    (lambda S: softmax_rows(S - S.max()), "probs is right", True),     # one global shift is as right
    (lambda S: None, "No answer yet", False),
    (lambda S: _naive(S), "exp overflowed", False),
    (lambda S: softmax_rows(S.T).T, "each column sums to 1", False),
    (lambda S: np.exp(S - S.max(axis=1, keepdims=True)), "do not sum to 1", False),
]


@pytest.mark.parametrize("make, fragment, correct", SOFTMAX)
def test_softmax(make, fragment, correct):
    big_scores = np.random.default_rng(3).standard_normal((6, 3)) + 1000.0
    assert_says(ex.check_softmax(make(big_scores), big_scores), fragment, correct=correct)


@pytest.fixture(scope="module")
def probs_y(iris_batch):
    _, y = iris_batch
    return softmax_rows(np.random.default_rng(4).standard_normal((len(y), 3))), y


CORRECT_LOGPROBS = [  # (answer from probs P and labels y, fragment, correct)
    (lambda P, y: np.array([-np.log(P[i, y[i]]) for i in range(len(y))]), "correct_logprobs is right", True),
    (lambda P, y: None, "No answer yet", False),
    (lambda P, y: -np.log(P[:, y]), "probs[:, y] picks whole columns", False),
    (lambda P, y: -np.log(P) * np.eye(3)[y], "one number per example is wanted", False),
    (lambda P, y: -np.log(P[np.arange(len(y)), y]).mean(), "that is one number, the data loss", False),
    (lambda P, y: np.log(P[np.arange(len(y)), y]), "minus sign is missing", False),
    (lambda P, y: -np.log(P).sum(axis=1), "summed over all classes", False),
]


@pytest.mark.parametrize("make, fragment, correct", CORRECT_LOGPROBS)
def test_correct_logprobs(probs_y, make, fragment, correct):
    probs, y = probs_y
    assert_says(ex.check_correct_logprobs(make(probs, y), probs, y), fragment, correct=correct)
