"""Checkers of chapter 10 (gradient checking): right answers pass, each slip gets its message.

One parametrised table per checker: rows of (answer, the slip it is or RIGHT) through ``assert_verdict``.
"""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

import backprop as bp
from backprop.exercises import ch10_gradient_checking as ex

from _helpers import numpy_reference, random_params

REG = 1e-3


@pytest.fixture(scope="module")
def pair():
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 3))
    b = a + 1e-3 * rng.standard_normal((4, 3))
    a[0, 0], b[0, 0] = 1e-12, -1e-12          # an entry that is ~0 in both: element-wise error 1
    diff = np.sqrt(((a - b) ** 2).sum())
    return {"a": a, "b": b, "diff": diff, "na": np.sqrt((a ** 2).sum()), "nb": np.sqrt((b ** 2).sum())}


RELATIVE_ERROR = [  # (the answer from the pair's pieces, the slip it is, or RIGHT)
    (lambda p: p["diff"] / (p["na"] + p["nb"]), RIGHT),
    (lambda p: np.max(np.abs(p["a"] - p["b"]) / (np.abs(p["a"]) + np.abs(p["b"]))), "elementwise"),
    (lambda p: p["diff"] / p["na"], "by-a"),
    (lambda p: p["diff"] / p["nb"], "by-b"),
    (lambda p: p["diff"], "absolute"),
    (lambda p: p["diff"] ** 2, "squared"),
]


@pytest.mark.parametrize("answer, expected", RELATIVE_ERROR)
def test_relative_error(pair, answer, expected):
    assert_verdict(ex.check_relative_error(answer(pair), pair["a"], pair["b"]), ex.check_relative_error, expected)


@pytest.fixture(scope="module")
def point(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(6), 4, 5, 3, scale=0.3)
    return params, X, y


def _loss(params, X, y):
    """The loss with plain numpy (independent of the helper)."""
    penalty = 0.5 * REG * ((params.W1 ** 2).sum() + (params.W2 ** 2).sum())
    return numpy_reference(params, X, y)["data_loss"] + penalty


H = 1e-5
CENTRAL = [  # (the answer from L(θ + δ) as `at(δ)` and the analytic gradient, the slip, or RIGHT)
    (lambda at, g: (at(H) - at(-H)) / (2 * H), RIGHT),
    (lambda at, g: (at(H) - at(0.0)) / H, "forward"),
    (lambda at, g: (at(0.0) - at(-H)) / H, "backward"),
    (lambda at, g: (at(H) - at(-H)) / H, "twice"),
    (lambda at, g: (at(H) - at(-H)) / (4 * H), "half"),
    (lambda at, g: (at(-H) - at(H)) / (2 * H), "sign"),
    (lambda at, g: g, "analytic"),
]
ENTRIES = [("W2", (1, 2)), ("b1", (3,)), ("b2", (2,)), ("W1", (2, 0))]


def _at(point, param, index):
    params, X, y = point

    def at(delta):
        value = getattr(params, param).copy()
        value[index] += delta
        return _loss(params._replace(**{param: value}), X, y)
    return at


def _analytic(point, param, index):
    params, X, y = point
    return float(getattr(bp.loss_and_gradients(params, X, y, reg=REG)[1], param)[index])


@pytest.mark.parametrize("param, index", ENTRIES)
@pytest.mark.parametrize("answer, expected", CENTRAL)
def test_central_difference(point, param, index, answer, expected):
    params, X, y = point
    given = answer(_at(point, param, index), _analytic(point, param, index))
    assert_verdict(ex.check_central_difference(given, params, X, y, reg=REG, param=param, index=index, h=H),
                   ex.check_central_difference, expected)


COVERS = {ex.check_relative_error: RELATIVE_ERROR, ex.check_central_difference: CENTRAL}


@pytest.mark.parametrize("param, index", ENTRIES)
def test_analytic_gradient_is_within_the_tolerance(point, param, index):
    """Why only exactness tells the analytic gradient apart: it is within 1e-9 of the central difference."""
    at = _at(point, param, index)
    central, analytic = (at(H) - at(-H)) / (2 * H), _analytic(point, param, index)
    assert abs(central - analytic) < 1e-9 and central != analytic


def test_central_difference_accepts_fortran_ordered_params(point):
    params, X, y = point
    fortran = params._replace(W2=np.asfortranarray(params.W2))
    central = (_at(point, "W2", (0, 1))(H) - _at(point, "W2", (0, 1))(-H)) / (2 * H)
    assert_says(ex.check_central_difference(central, fortran, X, y, reg=REG, param="W2", index=(0, 1)),
                "is right", correct=True)


def test_central_difference_rejects_unknown_param(point):
    params, X, y = point
    with pytest.raises(ValueError, match="param must be one of"):
        ex.check_central_difference(0.0, params, X, y, reg=REG, param="W3", index=(0, 0))
