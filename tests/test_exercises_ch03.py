"""Checkers of chapter 03 (data and the forward pass): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict, softmax_rows

import backprop as bp
from backprop.exercises import ch03_forward_pass as ex


@pytest.fixture(scope="module")
def batch(iris_batch):
    X, _ = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    return params._replace(b1=np.linspace(-0.05, 0.05, 10)), X


HIDDEN = [  # (answer from Z = X W1 + b1, params P and X, the slip it is, or RIGHT)
    (lambda Z, P, X: np.maximum(Z, 0), RIGHT),
    (lambda Z, P, X: np.max(Z, 0), "max-axis-0"),
    (lambda Z, P, X: np.max(Z, 1), "max-axis-1"),
    (lambda Z, P, X: Z, "no-relu"),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0) + P.b1, "relu-before-bias"),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0), "no-bias"),
    (lambda Z, P, X: np.maximum(Z, 0).T, "generic:transposed"),
]


@pytest.mark.parametrize("make, expected", HIDDEN)
def test_hidden(batch, make, expected):
    params, X = batch
    Z = X @ params.W1 + params.b1
    assert_verdict(ex.check_hidden(make(Z, params, X), params, X), ex.check_hidden, expected)


def _naive(s):
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    assert np.isnan(naive).all()          # the case really overflows
    return naive


SOFTMAX = [  # (answer from scores S of size about 1000, the slip it is, or RIGHT)
    (lambda S: softmax_rows(S), RIGHT),
    (lambda S: softmax_rows(S - S.max()), RIGHT),     # one global shift is as right
    (lambda S: _naive(S), "overflow"),
    (lambda S: softmax_rows(S.T).T, "columns"),
    (lambda S: np.exp(S - S.max(axis=1, keepdims=True)), "not-normalised"),
]


@pytest.mark.parametrize("make, expected", SOFTMAX)
def test_softmax(make, expected):
    big_scores = np.random.default_rng(3).standard_normal((6, 3)) + 1000.0
    assert_verdict(ex.check_softmax(make(big_scores), big_scores), ex.check_softmax, expected)


@pytest.fixture(scope="module")
def probs_y(iris_batch):
    _, y = iris_batch
    return softmax_rows(np.random.default_rng(4).standard_normal((len(y), 3))), y


CORRECT_LOGPROBS = [  # (answer from probs P and labels y, the slip it is, or RIGHT)
    (lambda P, y: np.array([-np.log(P[i, y[i]]) for i in range(len(y))]), RIGHT),
    (lambda P, y: -np.log(P[:, y]), "columns"),
    (lambda P, y: -np.log(P) * np.eye(3)[y], "no-pick"),
    (lambda P, y: -np.log(P[np.arange(len(y)), y]).mean(), "mean"),
    (lambda P, y: np.log(P[np.arange(len(y)), y]), "no-minus"),
    (lambda P, y: -np.log(P).sum(axis=1), "every-class"),
]


@pytest.mark.parametrize("make, expected", CORRECT_LOGPROBS)
def test_correct_logprobs(probs_y, make, expected):
    probs, y = probs_y
    assert_verdict(ex.check_correct_logprobs(make(probs, y), probs, y), ex.check_correct_logprobs, expected)


COVERS = {ex.check_hidden: HIDDEN, ex.check_softmax: SOFTMAX, ex.check_correct_logprobs: CORRECT_LOGPROBS}
