"""Checkers of chapter 01 (overview and notation): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says

import backprop as bp
from backprop.exercises import ch01_overview as ex


@pytest.fixture(scope="module")
def batch(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    return params._replace(b1=np.linspace(-0.05, 0.05, 10)), X, y


def right_shapes(N=75, D=4, H=10, K=3):
    return {"hidden": (N, H), "scores": (N, K), "dscores": (N, K), "dhidden": (N, H),
            "dW1": (D, H), "db1": (H,), "dW2": (H, K), "db2": (K,)}


def _without(name):
    shapes = right_shapes()
    del shapes[name]
    return shapes


SHAPES = [  # (answer, fragment, correct)
    (right_shapes(), "all 8 shapes are right", True),
    ({name: [np.int64(n) for n in shape] for name, shape in right_shapes().items()}, "all 8 shapes are right",
     True),
    (None, "No answer yet", False),
    ([(75, 10)], "must be a dict", False),
    (_without("dhidden"), "lacks dhidden", False),
    (right_shapes() | {"hidden": (10, 75), "dW2": (3, 10)}, "2 of 8 shapes are wrong", False),
    (right_shapes() | {"hidden": (10, 75)}, "hidden: (10, 75) is transposed", False),
    (right_shapes() | {"dW2": (3, 10)}, "dW2: (3, 10) is transposed", False),
    (right_shapes() | {"dW2": (3, 10)}, "the column convention's", False),
    (right_shapes() | {"db1": (1, 10)}, "db1: (1, 10) is how R stores it", False),
    (right_shapes() | {"dW1": (4, 3)}, "dW1: (4, 3) is wrong; a gradient has the shape of its parameter", False),
    (right_shapes() | {"scores": (75, 10)}, "scores: (75, 10) is wrong; a batch array has one row per example",
     False),
    (right_shapes() | {"db2": 3}, "db2: 3 is not a shape", False),
    (right_shapes() | {"db2": "3"}, "db2: '3' is not a shape", False),
]


@pytest.mark.parametrize("answer, fragment, correct", SHAPES)
def test_shapes(batch, answer, fragment, correct):
    assert_says(ex.check_shapes(answer, *batch), fragment, correct=correct)


def test_expected_shapes_follow_the_data(batch):
    params, X, y = batch
    assert ex.expected_shapes(params, X[:7], y[:7])["dscores"] == (7, 3)


HIDDEN_COLUMN = [  # (answer from params P and X, fragment, correct)
    (lambda P, X: np.maximum(P.W1.T @ X.T + P.b1[:, None], 0), "the column-convention hidden layer is right",
     True),
    (lambda P, X: None, "No answer yet", False),
    (lambda P, X: np.maximum(X @ P.W1 + P.b1, 0), "row convention's hidden.layer", False),
    (lambda P, X: P.W1.T @ X.T + P.b1[:, None], "ReLU is missing", False),
]


@pytest.mark.parametrize("make, fragment, correct", HIDDEN_COLUMN)
def test_hidden_column(batch, make, fragment, correct):
    params, X, _ = batch
    assert_says(ex.check_hidden_column(make(params, X), params, X), fragment, correct=correct)
