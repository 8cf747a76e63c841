"""Checkers of chapter 01 (overview and notation): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

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


SHAPES = [  # (answer, the slip it is, or RIGHT)
    (right_shapes(), RIGHT),
    ({name: [np.int64(n) for n in shape] for name, shape in right_shapes().items()}, RIGHT),
    (right_shapes() | {"hidden": (10, 75)}, "transposed"),
    (right_shapes() | {"dW2": (3, 10)}, "transposed"),
    (right_shapes() | {"db1": (1, 10)}, "r-matrix"),
    (right_shapes() | {"db2": (3, 1)}, "r-matrix"),
    (right_shapes() | {"dW1": (4, 3)}, "gradient"),
    (right_shapes() | {"scores": (75, 10)}, "batch-array"),
    (right_shapes() | {"db2": 3}, "one-int"),
    (right_shapes() | {"db2": "3"}, "not-a-shape"),
    (right_shapes() | {"db2": (3.0,)}, "not-a-shape"),
]


@pytest.mark.parametrize("answer, expected", SHAPES)
def test_shapes(batch, answer, expected):
    assert_verdict(ex.check_shapes(answer, *batch), ex.check_shapes, expected)


@pytest.mark.parametrize("answer, fragment", [
    ([(75, 10)], "must be a dict"),
    (_without("dhidden"), "lacks dhidden"),
    (right_shapes() | {"hidden": (10, 75), "dW2": (3, 10)}, "2 of 8 shapes are wrong:\n  hidden: (10, 75) is "
                                                            "transposed"),
])
def test_shapes_says_what_the_dict_lacks_and_every_wrong_shape(batch, answer, fragment):
    assert_says(ex.check_shapes(answer, *batch), fragment)


def test_expected_shapes_follow_the_data(batch):
    params, X, y = batch
    assert ex.expected_shapes(params, X[:7], y[:7])["dscores"] == (7, 3)


HIDDEN_COLUMN = [  # (answer from params P and X, the slip it is, or RIGHT)
    (lambda P, X: np.maximum(P.W1.T @ X.T + P.b1[:, None], 0), RIGHT),
    (lambda P, X: np.maximum(X @ P.W1 + P.b1, 0), "row-convention"),
    (lambda P, X: P.W1.T @ X.T + P.b1[:, None], "no-relu"),
]


@pytest.mark.parametrize("make, expected", HIDDEN_COLUMN)
def test_hidden_column(batch, make, expected):
    params, X, _ = batch
    assert_verdict(ex.check_hidden_column(make(params, X), params, X), ex.check_hidden_column, expected)


#: Every checker of this chapter and the slips its rows name (tests/test_exercises_slips.py).
COVERS = {ex.check_shapes: SHAPES, ex.check_hidden_column: HIDDEN_COLUMN}
