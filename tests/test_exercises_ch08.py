"""Checkers of chapter 08 (first layer and regularisation): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch08_first_layer as ex

from _helpers import numpy_reference, random_params

REG = 0.05


@pytest.fixture(scope="module")
def point(iris_batch):
    """Non-zero biases and some inactive units, so that every slip gives different numbers."""
    X, y = iris_batch
    params = random_params(np.random.default_rng(3), 4, 6, 3, scale=0.3)
    return params, X, y


def _by_hand(params, X, y):
    """Pre-activations, dscores and the unmasked dhidden, with plain numpy (independent of the helper)."""
    ref = numpy_reference(params, X, y)
    return ref["Z"], ref["dscores"], ref["dhidden"]


def test_point_has_inactive_units(point):
    params, X, y = point
    Z, _, _ = _by_hand(params, X, y)
    assert 0 < (Z <= 0).mean() < 1


def test_dW1(point):
    params, X, y = point
    Z, dscores, dh = _by_hand(params, X, y)
    W1 = params.W1
    right = X.T @ (dh * (Z > 0)) + REG * W1
    assert ex.check_dW1(right, params, X, y, reg=REG).correct
    assert "No answer yet" in ex.check_dW1(None, params, X, y, reg=REG).message
    cases = {
        "the ReLU mask is missing": X.T @ dh + REG * W1,
        "mask and the L2 term are both missing": X.T @ dh,
        "the L2 term is missing": X.T @ (dh * (Z > 0)),
        "half what it should be": X.T @ (dh * (Z > 0)) + 0.5 * REG * W1,
        "twice what it should be": X.T @ (dh * (Z > 0)) + 2 * REG * W1,
        "N times too large": len(y) * X.T @ (dh * (Z > 0)) + REG * W1,
        "transposed": right.T,
    }
    for text, answer in cases.items():
        fb = ex.check_dW1(answer, params, X, y, reg=REG)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_db1(point):
    params, X, y = point
    Z, _, dh = _by_hand(params, X, y)
    right = (dh * (Z > 0)).sum(axis=0)
    assert ex.check_db1(right, params, X, y, reg=REG).correct
    assert "No answer yet" in ex.check_db1(None, params, X, y, reg=REG).message
    cases = {
        "penalises only the weights": right + REG * params.b1,
        "the ReLU mask is missing": dh.sum(axis=0),
        "mean over the rows": right / len(y),
        "should be (6,)": (dh * (Z > 0)).sum(axis=1),
    }
    for text, answer in cases.items():
        fb = ex.check_db1(answer, params, X, y, reg=REG)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_l2_penalty(point):
    params, _, _ = point
    W1, b1, W2, b2 = params
    sq = (W1 ** 2).sum() + (W2 ** 2).sum()
    assert ex.check_l2_penalty(0.5 * REG * sq, params, reg=REG).correct
    assert "No answer yet" in ex.check_l2_penalty(None, params, reg=REG).message
    cases = {
        "the 0.5 is missing": REG * sq,
        "biases were included": 0.5 * REG * (sq + (b1 ** 2).sum() + (b2 ** 2).sum()),
        "W2 is missing": 0.5 * REG * (W1 ** 2).sum(),
        "W1 is missing": 0.5 * REG * (W2 ** 2).sum(),
    }
    for text, answer in cases.items():
        fb = ex.check_l2_penalty(answer, params, reg=REG)
        assert not fb.correct and text in fb.message, (text, fb.message)
