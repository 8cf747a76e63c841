"""Checkers of chapter 04 (softmax + cross-entropy gradient): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says, one_hot, softmax_rows

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


DSCORES = [  # (answer from probs P, one-hot T and labels y, fragment, correct)
    (lambda P, T, y: P - T, "dscores is right", True),
    (lambda P, T, y: None, "No answer yet", False),
    (lambda P, T, y: P, "still probs", False),
    (lambda P, T, y: P - 1, "subtracted from every entry", False),
    (lambda P, T, y: _column_index(P, y), "d[:, y] -= 1 does that", False),
    (lambda P, T, y: T - P, "this is T - P", False),
    (lambda P, T, y: T - P, "would climb the loss", False),
    (lambda P, T, y: (P - T) / len(P), "already divided by N", False),
    (lambda P, T, y: 2 * (P - T), "constant factor of 2", False),
]


@pytest.mark.parametrize("make, fragment, correct", DSCORES)
def test_dscores(probs_y, make, fragment, correct):
    probs, y = probs_y
    assert_says(ex.check_dscores(make(probs, one_hot(y, 3), y), probs, y), fragment, correct=correct)


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

JACOBIAN = [  # (answer from one row p of probs, fragment, correct)
    (lambda p: J_RIGHT, "J is right", True),
    (lambda p: J_RIGHT.T, "J is right", True),                 # J is symmetric
    (lambda p: None, "No answer yet", False),
    (lambda p: -np.outer(p, p), "diagonal term is missing", False),
    (lambda p: np.diag(p), "-p pᵀ term is missing", False),
    (lambda p: np.diag(p) - p * p, "broadcast as a row", False),
    (lambda p: np.diag(p) - (p * p)[:, None], "broadcast as a column", False),
    (lambda p: np.diag(p[None, :]) - np.outer(p[None, :], p[None, :]), "np.diag was given a 2-D row", False),
    (lambda p: np.eye(3) - p[None, :], "Jacobian of log p", False),
    (lambda p: np.eye(3) - p[:, None], "transpose of) the Jacobian of log p", False),
    (lambda p: np.outer(p, p) - np.diag(p), "wrong sign", False),
    (lambda p: np.zeros((3, 1)), "shape", False),
]


@pytest.mark.parametrize("make, fragment, correct", JACOBIAN)
def test_softmax_jacobian(make, fragment, correct):
    assert_says(ex.check_softmax_jacobian(make(P_ROW), P_ROW), fragment, correct=correct)


PROBS_GRADIENT = [  # (answer from probs P, one-hot T and labels y, fragment, correct)
    (lambda P, T, y: -T / P, "dl/dP is right", True),
    (lambda P, T, y: _finite_differences(P, y), "dl/dP is right", True),
    (lambda P, T, y: None, "No answer yet", False),
    (lambda P, T, y: -1 / P, "T is missing", False),
    (lambda P, T, y: T / P, "sign is flipped", False),
    (lambda P, T, y: -T * np.log(P), "the loss itself", False),
    (lambda P, T, y: -T / P / len(P), "divided by N", False),
    (lambda P, T, y: (-T / P).T, "transposed", False),
]


@pytest.mark.parametrize("make, fragment, correct", PROBS_GRADIENT)
def test_probs_gradient(probs_y, make, fragment, correct):
    probs, y = probs_y
    assert_says(ex.check_probs_gradient(make(probs, one_hot(y, 3), y), probs, y), fragment, correct=correct)


def test_softmax_jacobian_matches_finite_differences():
    s = np.log(P_ROW)
    numeric = np.array([central_difference(lambda v, k=k: softmax_rows(v[None, :])[0, k], s) for k in range(3)])
    np.testing.assert_allclose(ex.softmax_jacobian(P_ROW), numeric, atol=1e-9)
    np.testing.assert_allclose(J_RIGHT, numeric, atol=1e-9)


def test_softmax_jacobian_rejects_2d():
    with pytest.raises(ValueError, match="p_row must be a 1-D"):
        ex.softmax_jacobian(P_ROW[None, :])
