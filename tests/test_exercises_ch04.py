"""Checkers of chapter 04 (softmax + cross-entropy gradient): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict, one_hot, softmax_rows

from backprop.exercises import ch04_softmax_gradient as ex

from _helpers import central_difference


@pytest.fixture(scope="module")
def probs_y(iris_batch):
    _, y = iris_batch
    return softmax_rows(np.random.default_rng(5).standard_normal((len(y), 3))), y


def _column_index(p, y):
    d = p.copy()
    d[:, y] -= 1               # the R habit: numpy selects whole columns
    return d


def _finite_differences(p, y):
    rows = np.arange(len(y))
    return central_difference(lambda q: -np.log(q[rows, y]).sum(), p)


DSCORES = [  # (answer from probs P, one-hot T and labels y, the slip it is, or RIGHT)
    (lambda P, T, y: P - T, RIGHT),
    (lambda P, T, y: P, "not-subtracted"),
    (lambda P, T, y: P - 1, "every-entry"),
    (lambda P, T, y: _column_index(P, y), "every-entry"),
    (lambda P, T, y: T - P, "T-minus-P"),
    (lambda P, T, y: (P - T) / len(P), "divided"),
    (lambda P, T, y: 2 * (P - T), "generic:factor"),
]


@pytest.mark.parametrize("make, expected", DSCORES)
def test_dscores(probs_y, make, expected):
    probs, y = probs_y
    assert_verdict(ex.check_dscores(make(probs, one_hot(y, 3), y), probs, y), ex.check_dscores, expected)


def test_dscores_aliasing_is_seen_although_the_learner_did_subtract(probs_y):
    probs, y = probs_y
    probs = probs.copy()
    d = probs                      # numpy: no copy (R's <- would copy)
    d[np.arange(len(y)), y] -= 1
    feedback = ex.check_dscores(d, probs, y)
    assert_says(feedback, "you did subtract, but in probs")
    assert "still probs" not in feedback.message


def test_probs_changed_without_aliasing_is_named(probs_y):
    probs, y = probs_y
    changed = probs.copy()
    changed[0] += 1
    assert_says(ex.check_dscores(probs - 1, changed, y), "probs has been changed: row 0 sums to 4")


P_ROW = np.array([0.2, 0.3, 0.5])
J_RIGHT = np.array([[P_ROW[k] * ((k == j) - P_ROW[j]) for j in range(3)] for k in range(3)])

JACOBIAN = [  # (answer from one row p of probs, the slip it is, or RIGHT)
    (lambda p: J_RIGHT, RIGHT),
    (lambda p: J_RIGHT.T, RIGHT),                 # J is symmetric
    (lambda p: -np.outer(p, p), "no-diagonal"),
    (lambda p: np.diag(p), "no-outer"),
    (lambda p: np.diag(p) - p * p, "row-broadcast"),
    (lambda p: np.diag(p) - (p * p)[:, None], "column-broadcast"),
    (lambda p: np.diag(p[None, :]) - np.outer(p[None, :], p[None, :]), "diag-of-2d"),
    (lambda p: np.eye(3) - p[None, :], "log-jacobian"),
    (lambda p: np.eye(3) - p[:, None], "log-jacobian-transposed"),
    (lambda p: np.diag(p * (1 - p)), "diagonal-only"),
    (lambda p: np.outer(p, p) - np.diag(p), "generic:sign"),
    (lambda p: np.zeros((3, 1)), "generic:other-shape"),
]


@pytest.mark.parametrize("make, expected", JACOBIAN)
def test_softmax_jacobian(make, expected):
    assert_verdict(ex.check_softmax_jacobian(make(P_ROW), P_ROW), ex.check_softmax_jacobian, expected)


PROBS_GRADIENT = [  # (answer from probs P, one-hot T and labels y, the slip it is, or RIGHT)
    (lambda P, T, y: -T / P, RIGHT),
    (lambda P, T, y: _finite_differences(P, y), RIGHT),
    (lambda P, T, y: -1 / P, "no-T"),
    (lambda P, T, y: T / P, "sign"),
    (lambda P, T, y: -T * np.log(P), "loss"),
    (lambda P, T, y: -T / P / len(P), "divided"),
    (lambda P, T, y: (-T / P).T, "generic:transposed"),
]


@pytest.mark.parametrize("make, expected", PROBS_GRADIENT)
def test_probs_gradient(probs_y, make, expected):
    probs, y = probs_y
    assert_verdict(ex.check_probs_gradient(make(probs, one_hot(y, 3), y), probs, y), ex.check_probs_gradient,
                   expected)


COVERS = {ex.check_dscores: DSCORES, ex.check_softmax_jacobian: JACOBIAN, ex.check_probs_gradient: PROBS_GRADIENT}


def test_softmax_jacobian_matches_finite_differences():
    s = np.log(P_ROW)
    numeric = np.array([central_difference(lambda v, k=k: softmax_rows(v[None, :])[0, k], s) for k in range(3)])
    np.testing.assert_allclose(ex.softmax_jacobian(P_ROW), numeric, atol=1e-9)
    np.testing.assert_allclose(J_RIGHT, numeric, atol=1e-9)


def test_softmax_jacobian_rejects_2d():
    with pytest.raises(ValueError, match="p_row must be a 1-D"):
        ex.softmax_jacobian(P_ROW[None, :])
