"""Checkers of chapter 09 (gradient descent and training): right answers pass, each slip gets its message."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import ch09_training as ex

from _helpers import numpy_reference, random_params

LR, REG = 0.1, 0.05


@pytest.fixture(scope="module")
def point(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(4), 4, 5, 3, scale=0.3)
    return params, X, y


@pytest.mark.parametrize("param", ["W1", "b1", "W2", "b2"])
def test_step(point, param):
    params, X, y = point
    theta = getattr(params, param)
    data = numpy_reference(params, X, y)["grads"][param]
    grad = data + (REG * theta if param.startswith("W") else 0)
    check = lambda answer: ex.check_step(answer, params, X, y, lr=LR, reg=REG, param=param)  # noqa: E731
    assert check(theta - LR * grad).correct
    assert "No answer yet" in check(None).message
    cases = {
        "uphill": theta + LR * grad,
        "learning rate is missing": theta - grad,
        "the step lr·d": LR * grad,
        "summed loss": theta - LR * (len(y) * data + (REG * theta if param.startswith("W") else 0)),
    }
    if param.startswith("W"):
        cases["L2 term"] = theta - LR * data
    else:
        cases["biases are not penalised"] = theta - LR * (grad + REG * theta)
    for text, answer in cases.items():
        fb = check(answer)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_step_rejects_unknown_param(point):
    params, X, y = point
    with pytest.raises(ValueError, match="param must be one of"):
        ex.check_step(params.W1, params, X, y, lr=LR, reg=REG, param="W3")


def test_stopping_iteration_matches_train(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    _, long = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=400, abstol=-1.0)
    abstol = float(long.loss[150])   # reached exactly at iteration 151
    _, short = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=400, abstol=abstol)
    assert ex.stopping_iteration(long.loss, abstol=abstol, maxit=400) == short.n_iter
    assert ex.stopping_iteration(long.loss, abstol=-1.0, maxit=400) == 400
    assert ex.stopping_iteration(long.loss, abstol=-1.0, maxit=50) == 50
    with pytest.raises(ValueError, match="losses must cover"):
        ex.stopping_iteration(long.loss[:10], abstol=-1.0, maxit=50)


def test_n_iter():
    losses = np.array([1.0, 0.8, 0.6, 0.4, 0.3, 0.2])
    # losses <= 0.5 first at the 4th iteration (1-based)
    assert ex.check_n_iter(4, losses, abstol=0.5, maxit=6).correct
    assert ex.check_n_iter(6, losses, abstol=0.1, maxit=6).correct   # never reached: maxit
    assert "No answer yet" in ex.check_n_iter(None, losses, abstol=0.5, maxit=6).message
    assert "one too few" in ex.check_n_iter(3, losses, abstol=0.5, maxit=6).message
    assert "one too many" in ex.check_n_iter(5, losses, abstol=0.5, maxit=6).message


def test_confusion():
    y_true = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
    y_pred = np.array([0, 0, 1, 1, 1, 1, 2, 1, 2, 0])
    right = np.array([[2, 1, 0], [0, 3, 0], [1, 1, 2]])
    assert ex.check_confusion(right, y_true, y_pred, n_classes=3).correct
    assert "No answer yet" in ex.check_confusion(None, y_true, y_pred, n_classes=3).message
    assert "transposed" in ex.check_confusion(right.T, y_true, y_pred, n_classes=3).message
    fractions = right / right.sum(axis=1, keepdims=True)
    assert "fractions" in ex.check_confusion(fractions, y_true, y_pred, n_classes=3).message
    fb = ex.check_confusion(right + np.eye(3), y_true, y_pred, n_classes=3)
    assert not fb.correct and "wrong values" in fb.message
