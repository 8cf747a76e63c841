"""The checkers of chapter 04 (softmax + cross-entropy gradient) accept the right answers and name each slip."""

import numpy as np
import pytest

from backprop.exercises import ch04_softmax_gradient as ex

from _helpers import central_difference


def softmax_rows(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def probs_y(iris_batch):
    _, y = iris_batch
    return softmax_rows(np.random.default_rng(5).standard_normal((len(y), 3))), y


def test_dscores_right(probs_y):
    probs, y = probs_y
    T = (y[:, None] == np.arange(3)).astype(float)
    assert ex.check_dscores(probs - T, probs, y).correct


@pytest.mark.parametrize("checker, slip, phrase", [
    ("check_dscores", lambda p, T: p, "still probs"),
    ("check_dscores", lambda p, T: p - 1, "subtracted from every entry"),
    ("check_dscores", lambda p, T: T - p, "this is t - y"),
    ("check_dscores", lambda p, T: (p - T) / len(p), "already divided by N"),
    ("check_dscores", lambda p, T: 2 * (p - T), "constant factor of 2"),
    ("check_probs_gradient", lambda p, T: -1 / p, "T is missing"),
    ("check_probs_gradient", lambda p, T: T / p, "sign is flipped"),
    ("check_probs_gradient", lambda p, T: -T * np.log(p), "the loss itself"),
    ("check_probs_gradient", lambda p, T: -T / p / len(p), "divided by N"),
    ("check_probs_gradient", lambda p, T: (-T / p).T, "transposed"),
])
def test_batch_slips(probs_y, checker, slip, phrase):
    probs, y = probs_y
    T = (y[:, None] == np.arange(3)).astype(float)
    feedback = getattr(ex, checker)(slip(probs, T), probs, y)
    assert not feedback.correct and phrase in feedback.message, feedback.message


def test_dscores_column_index_slip_is_named(probs_y):
    # the R habit d[:, y] -= 1 (numpy selects whole columns) must be recognised
    probs, y = probs_y
    d = probs.copy()
    d[:, y] -= 1
    assert "every entry" in ex.check_dscores(d, probs, y).message


def test_dscores_none(probs_y):
    assert "No answer yet" in ex.check_dscores(None, *probs_y).message


@pytest.fixture(scope="module")
def y_row():
    return np.array([0.2, 0.3, 0.5])


def test_softmax_jacobian_matches_finite_differences(y_row):
    z = np.log(y_row)
    numeric = np.array([central_difference(lambda v, k=k: softmax_rows(v[None, :])[0, k], z) for k in range(3)])
    np.testing.assert_allclose(ex.softmax_jacobian(y_row), numeric, atol=1e-9)


def test_softmax_jacobian_rejects_2d(y_row):
    with pytest.raises(ValueError, match="y_row must be a 1-D"):
        ex.softmax_jacobian(y_row[None, :])


def test_jacobian_right_and_transposed(y_row):
    J = np.array([[y_row[k] * ((k == j) - y_row[j]) for j in range(3)] for k in range(3)])
    assert ex.check_softmax_jacobian(J, y_row).correct
    assert ex.check_softmax_jacobian(J.T, y_row).correct  # J is symmetric


@pytest.mark.parametrize("slip, phrase", [
    (lambda y: -np.outer(y, y), "diagonal term is missing"),
    (lambda y: np.diag(y), "-y yᵀ term is missing"),
    (lambda y: np.diag(y) - y * y, "broadcast as a row"),
    (lambda y: np.diag(y) - (y * y)[:, None], "broadcast as a column"),
    (lambda y: np.diag(y[None, :]) - np.outer(y[None, :], y[None, :]), "np.diag was given a 2-D row"),
    (lambda y: np.eye(3) - y[None, :], "Jacobian of log y"),
    (lambda y: np.eye(3) - y[:, None], "transpose of) the Jacobian of log y"),
    (lambda y: np.outer(y, y) - np.diag(y), "wrong sign"),
])
def test_jacobian_slips(y_row, slip, phrase):
    feedback = ex.check_softmax_jacobian(slip(y_row), y_row)
    assert not feedback.correct and phrase in feedback.message, feedback.message


def test_jacobian_wrong_shape(y_row):
    feedback = ex.check_softmax_jacobian(np.zeros((3, 1)), y_row)
    assert not feedback.correct and "shape" in feedback.message


def test_jacobian_none(y_row):
    assert "No answer yet" in ex.check_softmax_jacobian(None, y_row).message


def test_probs_gradient_matches_finite_differences(probs_y):
    probs, y = probs_y
    rows = np.arange(len(y))
    numeric = central_difference(lambda p: -np.log(p[rows, y]).sum(), probs)
    feedback = ex.check_probs_gradient(numeric, probs, y)
    assert feedback.correct, feedback.message


def test_probs_gradient_none(probs_y):
    assert "No answer yet" in ex.check_probs_gradient(None, *probs_y).message


def test_dscores_aliasing_is_seen_although_the_learner_did_subtract(probs_y):
    from _exercise_helpers import assert_says
    probs, y = probs_y
    probs = probs.copy()
    d = probs                      # numpy: no copy (R's <- would copy)
    d[np.arange(len(y)), y] -= 1
    feedback = ex.check_dscores(d, probs, y)
    assert_says(feedback, "you did subtract, but in probs")
    assert "still probs" not in feedback.message


def test_probs_changed_without_aliasing_is_named(probs_y):
    from _exercise_helpers import assert_says
    probs, y = probs_y
    changed = probs.copy()
    changed[0] += 1
    assert_says(ex.check_dscores(probs - 1, changed, y), "probs has been changed: row 0 sums to 4")
