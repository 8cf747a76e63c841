"""The checkers of chapter 03 (data and the forward pass) accept the right answers and name each slip."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import ch03_forward_pass as ex


@pytest.fixture(scope="module")
def batch(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    return params._replace(b1=np.linspace(-0.05, 0.05, 10)), X, y


def test_hidden_right(batch):
    params, X, _ = batch
    answer = np.maximum(X @ params.W1 + params.b1, 0)
    assert ex.check_hidden(answer, params, X).correct


@pytest.mark.parametrize("slip, phrase", [
    (lambda Z, P, X: np.max(Z, 0), "np.max(z, 0) is a reduction"),
    (lambda Z, P, X: np.max(Z, 1), "np.max(z, 1) is a reduction"),
    (lambda Z, P, X: Z, "ReLU is missing"),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0) + P.b1, "ReLU comes after the bias"),
    (lambda Z, P, X: np.maximum(X @ P.W1, 0), "bias b1 is missing"),
])
def test_hidden_slips(batch, slip, phrase):
    params, X, _ = batch
    Z = X @ params.W1 + params.b1
    feedback = ex.check_hidden(slip(Z, params, X), params, X)
    assert not feedback.correct and phrase in feedback.message, feedback.message


def test_hidden_none(batch):
    params, X, _ = batch
    assert "No answer yet" in ex.check_hidden(None, params, X).message


@pytest.fixture(scope="module")
def big_scores():
    return np.random.default_rng(3).standard_normal((6, 3)) + 1000.0


def stable_softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_softmax_right(big_scores):
    assert ex.check_softmax(stable_softmax(big_scores), big_scores).correct
    # subtracting one global constant is just as right (shift invariance)
    assert ex.check_softmax(stable_softmax(big_scores - big_scores.max()), big_scores).correct


def test_softmax_overflow(big_scores):
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big_scores) / np.exp(big_scores).sum(axis=1, keepdims=True)
    assert np.isnan(naive).all()
    feedback = ex.check_softmax(naive, big_scores)
    assert not feedback.correct and "exp overflowed" in feedback.message


def test_softmax_columns(big_scores):
    feedback = ex.check_softmax(stable_softmax(big_scores.T).T, big_scores)
    assert not feedback.correct and "each column sums to 1" in feedback.message


def test_softmax_unnormalised(big_scores):
    feedback = ex.check_softmax(np.exp(big_scores - big_scores.max(axis=1, keepdims=True)), big_scores)
    assert not feedback.correct and "do not sum to 1" in feedback.message


def test_softmax_none(big_scores):
    assert "No answer yet" in ex.check_softmax(None, big_scores).message


@pytest.fixture(scope="module")
def probs_y(iris_batch):
    _, y = iris_batch
    probs = stable_softmax(np.random.default_rng(4).standard_normal((len(y), 3)))
    return probs, y


def test_logprobs_right(probs_y):
    probs, y = probs_y
    answer = np.array([-np.log(probs[i, y[i]]) for i in range(len(y))])
    assert ex.check_correct_logprobs(answer, probs, y).correct


@pytest.mark.parametrize("slip, phrase", [
    (lambda p, y: -np.log(p[:, y]), "probs[:, y] picks whole columns"),
    (lambda p, y: -np.log(p) * np.eye(3)[y], "one number per example is wanted"),
    (lambda p, y: -np.log(p[np.arange(len(y)), y]).mean(), "that is one number, the data loss"),
    (lambda p, y: np.log(p[np.arange(len(y)), y]), "minus sign is missing"),
    (lambda p, y: -np.log(p).sum(axis=1), "summed over all classes"),
])
def test_logprobs_slips(probs_y, slip, phrase):
    probs, y = probs_y
    feedback = ex.check_correct_logprobs(slip(probs, y), probs, y)
    assert not feedback.correct and phrase in feedback.message, feedback.message


def test_logprobs_none(probs_y):
    assert "No answer yet" in ex.check_correct_logprobs(None, *probs_y).message
