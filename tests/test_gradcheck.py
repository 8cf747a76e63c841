"""The gradient-checking helpers on functions with known gradients."""

import numpy as np
import pytest

import backprop as bp

from _helpers import random_params


def test_numerical_gradient_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal(4)
    x0 = x.copy()
    g = bp.numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(g, (A + A.T) @ x, rtol=1e-8)
    np.testing.assert_array_equal(x, x0)


def test_numerical_gradient_keeps_the_shape_of_a_matrix():
    M = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(bp.numerical_gradient(lambda m: np.sum(np.sin(m)), M), np.cos(M), rtol=1e-8)


def test_central_difference_error_is_second_order():
    errors = [abs(bp.numerical_gradient(lambda v: np.exp(v[0]), np.array([1.0]), h=h)[0] - np.e) for h in (1e-2, 1e-3)]
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_relative_error():
    a = np.array([1.0, 2.0])
    assert bp.relative_error(a, a) == 0.0
    assert bp.relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert bp.relative_error(a, -a) == pytest.approx(1.0)
    assert bp.relative_error(a, a * (1 + 1e-6)) == pytest.approx(0.5e-6, rel=1e-3)
    with pytest.raises(ValueError, match="same shape"):
        bp.relative_error(a, np.ones(3))


def test_check_gradients_passes_right_gradients_and_flags_wrong_ones(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(1), 4, 10, 3, scale=0.3)
    good = bp.check_gradients(params, X, y, reg=1e-3)
    assert [r.name for r in good.rows] == ["W1", "b1", "W2", "b2"]
    assert good.max_relative_error < 1e-7
    _, grads = bp.loss_and_gradients(params, X, y, reg=1e-3)
    bad = bp.check_gradients(params, X, y, reg=1e-3, grads=grads._replace(W2=grads.W2 * len(y)))
    assert bad.rows[2].relative_error > 0.9 and bad.rows[0].relative_error < 1e-7
    table = str(bad)
    assert "W2" in table and "(10, 3)" in table


def test_check_gradients_rejects_wrongly_shaped_grads(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(1), 4, 10, 3)
    _, grads = bp.loss_and_gradients(params, X, y, reg=0.0)
    with pytest.raises(ValueError, match=r"grads.W2 must have shape \(10, 3\)"):
        bp.check_gradients(params, X, y, reg=0.0, grads=grads._replace(W2=grads.W2.T))


def test_numerical_gradient_of_a_column_major_array():
    x = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    np.testing.assert_allclose(bp.numerical_gradient(lambda v: np.sum(v ** 2), x), 2 * x, rtol=1e-8)
