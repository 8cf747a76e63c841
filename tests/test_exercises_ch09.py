"""Checkers of chapter 09 (gradient descent and training): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict

import backprop as bp
from backprop.exercises import ch09_training as ex

from _helpers import numpy_reference, random_params

LR, REG = 0.1, 0.05


@pytest.fixture(scope="module")
def point(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(4), 4, 5, 3, scale=0.3)
    return params, X, y


def _pieces(point, param):
    """The parameter, its data gradient (plain numpy, independent of the helper), its full gradient, N."""
    params, X, y = point
    theta = getattr(params, param)
    data = numpy_reference(params, X, y)["grads"][param]
    l2 = REG * theta if param.startswith("W") else 0
    return theta, data, data + l2, l2, len(y)


STEP_COMMON = [  # (the answer from (theta, data gradient, gradient, L2 term, N), the slip it is, or RIGHT)
    (lambda t, d, g, l2, n: t - LR * g, RIGHT),
    (lambda t, d, g, l2, n: t + LR * g, "uphill"),
    (lambda t, d, g, l2, n: t - g, "no-lr"),
    (lambda t, d, g, l2, n: LR * g, "step-only"),
]
STEP_WEIGHTS = [(lambda t, d, g, l2, n: t - LR * (n * d + l2), "summed-loss-weight"),
                (lambda t, d, g, l2, n: t - LR * d, "no-l2")]
STEP_BIASES = [(lambda t, d, g, l2, n: t - LR * n * g, "summed-loss-bias"),
               (lambda t, d, g, l2, n: t - LR * (g + REG * t), "l2-on-bias")]
STEP = [(param, *row) for param in ("W1", "b1", "W2", "b2")
        for row in STEP_COMMON + (STEP_WEIGHTS if param.startswith("W") else STEP_BIASES)]


@pytest.mark.parametrize("param, answer, expected", STEP)
def test_step(point, param, answer, expected):
    params, X, y = point
    assert_verdict(ex.check_step(answer(*_pieces(point, param)), params, X, y, lr=LR, reg=REG, param=param),
                   ex.check_step, expected)


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


LOSSES = np.array([1.0, 0.8, 0.6, 0.4, 0.3, 0.2])   # <= 0.5 first at the 4th iteration (1-based)

N_ITER = [  # (answer, abstol, the slip it is, or RIGHT)
    (4, 0.5, RIGHT),
    (6, 0.1, RIGHT),                      # never reached: maxit
    (3, 0.5, "one-too-few"),
    (5, 0.5, "one-too-many"),
    (2, 0.5, "generic:number"),
]


@pytest.mark.parametrize("answer, abstol, expected", N_ITER)
def test_n_iter(answer, abstol, expected):
    assert_verdict(ex.check_n_iter(answer, LOSSES, abstol=abstol, maxit=6), ex.check_n_iter, expected)


Y_TRUE = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
Y_PRED = np.array([0, 0, 1, 1, 1, 1, 2, 1, 2, 0])
COUNTS = np.array([[2, 1, 0], [0, 3, 0], [1, 1, 2]])   # counted by hand from the two rows above

CONFUSION = [  # (answer, the slip it is, or RIGHT)
    (COUNTS, RIGHT),
    (COUNTS.T, "transposed"),
    (COUNTS / COUNTS.sum(axis=1, keepdims=True), "fractions"),
    (COUNTS + np.eye(3), "generic:values"),
]


@pytest.mark.parametrize("answer, expected", CONFUSION)
def test_confusion(answer, expected):
    assert_verdict(ex.check_confusion(answer, Y_TRUE, Y_PRED, n_classes=3), ex.check_confusion, expected)


COVERS = {ex.check_step: [row[1:] for row in STEP], ex.check_n_iter: N_ITER, ex.check_confusion: CONFUSION}
