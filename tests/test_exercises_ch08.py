"""Checkers of chapter 08 (first layer and regularisation): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch08_first_layer as ex

from _helpers import numpy_reference, random_params

REG = 0.05


@pytest.fixture(scope="module")
def point(iris_batch):
    """Non-zero biases and some inactive units, so that every slip gives different numbers; with the pieces
    of the backward pass computed in plain numpy (independent of the helper)."""
    X, y = iris_batch
    params = random_params(np.random.default_rng(3), 4, 6, 3, scale=0.3)
    ref = numpy_reference(params, X, y)
    dA = ref["dhidden"]                                   # before the mask
    return {"params": params, "X": X, "y": y, "dA": dA, "dZ": dA * (ref["Z"] > 0)}


def test_point_has_inactive_units(point):
    Z = point["X"] @ point["params"].W1 + point["params"].b1
    assert 0 < (Z <= 0).mean() < 1


DW1 = [  # (the answer built from the point's pieces, fragment, correct)
    (lambda b: b["X"].T @ b["dZ"] + REG * b["params"].W1, "is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: b["X"].T @ b["dA"] + REG * b["params"].W1, "the ReLU mask is missing", False),
    (lambda b: b["X"].T @ b["dA"], "mask and the L2 term are both missing", False),
    (lambda b: b["X"].T @ b["dZ"], "the L2 term is missing", False),
    (lambda b: b["X"].T @ b["dZ"] + 0.5 * REG * b["params"].W1, "half what it should be", False),
    (lambda b: b["X"].T @ b["dZ"] + 2 * REG * b["params"].W1, "twice what it should be", False),
    (lambda b: len(b["y"]) * b["X"].T @ b["dZ"] + REG * b["params"].W1, "N times too large", False),
    (lambda b: (b["X"].T @ b["dZ"] + REG * b["params"].W1).T, "transposed", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DW1)
def test_dW1(point, answer, fragment, correct):
    assert_says(ex.check_dW1(answer(point), point["params"], point["X"], point["y"], reg=REG), fragment,
                correct=correct)


DB1 = [  # (the answer built from the point's pieces, fragment, correct)
    (lambda b: b["dZ"].sum(axis=0), "is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: b["dZ"].sum(axis=0) + REG * b["params"].b1, "penalises only the weights", False),
    (lambda b: b["dA"].sum(axis=0), "the ReLU mask is missing", False),
    (lambda b: b["dZ"].sum(axis=0) / len(b["y"]), "mean over the rows", False),
    (lambda b: b["dZ"].sum(axis=1), "should be (6,)", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DB1)
def test_db1(point, answer, fragment, correct):
    assert_says(ex.check_db1(answer(point), point["params"], point["X"], point["y"], reg=REG), fragment,
                correct=correct)


def _squares(*arrays):
    return sum((a ** 2).sum() for a in arrays)


L2 = [  # (the answer from the parameters, fragment, correct)
    (lambda p: 0.5 * REG * _squares(p.W1, p.W2), "is right", True),
    (lambda p: None, "No answer yet", False),
    (lambda p: REG * _squares(p.W1, p.W2), "the 0.5 is missing", False),
    (lambda p: 0.5 * REG * _squares(p.W1, p.b1, p.W2, p.b2), "biases were included", False),
    (lambda p: 0.5 * REG * _squares(p.W1), "W2 is missing", False),
    (lambda p: 0.5 * REG * _squares(p.W2), "W1 is missing", False),
]


@pytest.mark.parametrize("answer, fragment, correct", L2)
def test_l2_penalty(point, answer, fragment, correct):
    assert_says(ex.check_l2_penalty(answer(point["params"]), point["params"], reg=REG), fragment, correct=correct)
