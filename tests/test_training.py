"""train() against an independent loop and the R loop's stopping rule."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop as bp

from _helpers import random_params


def test_train_equals_the_plain_numpy_reference_loop(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=5)
    trained, history = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=300)
    expected, losses = bp.reference.train(X, y, params, lr=0.05, reg=1e-3, maxit=300, abstol=1e-2)
    assert len(losses) == 300
    np.testing.assert_allclose(history.loss, losses, rtol=1e-13)
    for a, b in zip(trained, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-15)


def test_train_and_the_reference_stop_at_the_same_iteration(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=5)
    _, history = bp.train(X, y, params, lr=0.1, reg=0.0, maxit=5000, abstol=0.1)
    _, losses = bp.reference.train(X, y, params, lr=0.1, reg=0.0, maxit=5000, abstol=0.1)
    assert 1 < history.n_iter < 5000 and history.n_iter == len(losses)
    assert losses[-1] <= 0.1 < losses[-2]


def test_loss_decreases_and_accuracy_is_recorded_at_display_steps(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=5)
    trained, history = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=250, X_test=X, y_test=y, display=100)
    assert history.loss[-1] < history.loss[0]
    np.testing.assert_array_equal(history.test_steps, [100, 200])
    at_100 = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=99)[0]  # parameters before update 100
    assert history.test_accuracy[0] == bp.accuracy(at_100, X, y)


def test_stops_when_loss_reaches_abstol_after_updating(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=5)
    trained, history = bp.train(X, y, params, lr=0.1, reg=0.0, maxit=100, abstol=2.0)
    assert history.n_iter == 1  # the first loss (about log 3) is already <= 2
    assert not np.array_equal(trained.W2, params.W2)  # R still updates in that iteration


def test_runs_maxit_iterations_when_tolerance_not_reached(iris_batch):
    X, y = iris_batch
    _, history = bp.train(X, y, bp.init_params(4, 10, 3, rng=5), lr=0.01, reg=0.0, maxit=17)
    assert history.n_iter == 17 and history.loss.shape == (17,)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2 ** 32 - 1), st.integers(1, 30), st.floats(0.0, 1.0))
def test_zero_learning_rate_changes_nothing(seed, maxit, reg):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((10, 3))
    y = rng.integers(0, 3, 10)
    params = random_params(rng, 3, 4, 3)
    trained, history = bp.train(X, y, params, lr=0.0, reg=reg, maxit=maxit, abstol=-1.0)
    for a, b in zip(trained, params, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(history.loss, history.loss[0])


def test_train_does_not_modify_inputs(iris_batch):
    X, y = iris_batch
    X0, y0 = X.copy(), y.copy()
    params = bp.init_params(4, 10, 3, rng=5)
    before = params.copy()
    trained, _ = bp.train(X, y, params, lr=0.1, reg=0.1, maxit=5)
    for p, p0, t in zip(params, before, trained, strict=True):
        np.testing.assert_array_equal(p, p0)
        assert not np.shares_memory(p, t)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
