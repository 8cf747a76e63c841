"""The network's loss and gradients against finite differences and identities."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop as bp

from _helpers import central_difference, hidden_preactivations, random_params, rel_err

H_STEP = 1e-6


def _away_from_kinks(params, X, margin=1e-3):
    """True when no hidden pre-activation is within ``margin`` of 0 (finite differences are valid)."""
    return np.min(np.abs(hidden_preactivations(params, X))) > margin


def _numeric_grads(params, X, y, reg):
    grads = []
    for k, name in enumerate(bp.Params._fields):
        def f(value, name=name):
            return bp.loss_and_gradients(params._replace(**{name: value}), X, y, reg=reg)[0]
        grads.append(central_difference(f, params[k], h=H_STEP))
    return bp.Params(*grads)


@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences_on_iris(iris_batch, seed):
    X, y = iris_batch
    rng = np.random.default_rng(seed)
    params = random_params(rng, 4, 10, 3, scale=0.3)
    assert _away_from_kinks(params, X)
    _, grads = bp.loss_and_gradients(params, X, y, reg=1e-2)
    numeric = _numeric_grads(params, X, y, 1e-2)
    for name, g, n in zip(bp.Params._fields, grads, numeric, strict=True):
        assert rel_err(g, n) < 1e-7, name


@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences_on_random_data(seed):
    rng = np.random.default_rng(100 + seed)
    N, D, H, K = 20, 6, 8, 5
    X = rng.standard_normal((N, D))
    y = rng.integers(0, K, N)
    params = random_params(rng, D, H, K)
    while not _away_from_kinks(params, X):  # redraw until no pre-activation sits near the kink
        params = random_params(rng, D, H, K)
    _, grads = bp.loss_and_gradients(params, X, y, reg=0.1)
    numeric = _numeric_grads(params, X, y, 0.1)
    for name, g, n in zip(bp.Params._fields, grads, numeric, strict=True):
        assert rel_err(g, n) < 1e-7, name


def test_loss_at_small_initial_weights_is_log_k(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    loss, _ = bp.loss_and_gradients(params, X, y, reg=0.0)
    assert loss == pytest.approx(np.log(3), abs=5e-3)
    np.testing.assert_allclose(bp.predict_proba(params, X), 1 / 3, atol=0.02)


def test_loss_is_data_loss_plus_penalty(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(1), 4, 10, 3, scale=0.3)
    data_loss = bp.reference.train_step(params, X, y, lr=0.0, reg=0.0).loss
    penalty = 0.5 * 0.2 * (np.sum(params.W1 ** 2) + np.sum(params.W2 ** 2))
    assert bp.loss_and_gradients(params, X, y, reg=0.2)[0] == pytest.approx(data_loss + penalty, rel=1e-13)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32 - 1), st.integers(0, 5), st.floats(0.0, 1.0))
def test_dead_hidden_unit_gets_zero_row_in_dW2_apart_from_reg(seed, dead, reg):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((12, 4))
    y = rng.integers(0, 3, 12)
    params = random_params(rng, 4, 6, 3)
    W1, b1 = params.W1.copy(), params.b1.copy()
    W1[:, dead] = 0.0
    b1[dead] = -1.0  # pre-activation -1 for every example: the unit is dead for the whole batch
    params = params._replace(W1=W1, b1=b1)
    _, grads = bp.loss_and_gradients(params, X, y, reg=reg)
    np.testing.assert_allclose(grads.W2[dead], reg * params.W2[dead], rtol=1e-15, atol=0)
    np.testing.assert_array_equal(grads.b1[dead], 0.0)
    np.testing.assert_allclose(grads.W1[:, dead], reg * W1[:, dead], atol=0)


def test_forward_backward_returns_the_arrays_of_the_plain_numpy_reference(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(2), 4, 10, 3, scale=0.3)
    assert 0 < (hidden_preactivations(params, X) <= 0).mean() < 1  # the ReLU mask matters
    ws = bp.forward_backward(params, X, y, reg=0.01)
    ref = bp.reference.train_step(params, X, y, lr=0.0, reg=0.01)
    np.testing.assert_allclose(ws.hidden, ref.hidden, rtol=1e-14)
    np.testing.assert_allclose(ws.scores, ref.scores, rtol=1e-13)
    np.testing.assert_allclose(ws.probs, ref.probs, rtol=1e-13)
    np.testing.assert_allclose(ws.dscores, ref.dscores, rtol=1e-13, atol=1e-17)
    np.testing.assert_allclose(ws.dhidden, ref.dhidden, rtol=1e-13, atol=1e-17)   # delta_A, before the mask
    np.testing.assert_allclose(ws.dz, ref.dz, rtol=1e-13, atol=1e-17)             # delta_Z, after it
    for name, g, r in zip(bp.Params._fields, ws.grads, ref.grads, strict=True):
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-17, err_msg=name)
    _, grads = bp.loss_and_gradients(params, X, y, reg=0.01)
    for g, w in zip(grads, ws.grads, strict=True):
        np.testing.assert_array_equal(g, w)


def test_dhidden_is_delta_A_before_the_mask_and_dz_delta_Z_after_it(iris_batch):
    """One name, one meaning (the notation page): ``dhidden`` is R's dhidden before the mask line,
    ``dz`` after it, in the workspace and in the plain-numpy reference alike."""
    X, y = iris_batch
    params = random_params(np.random.default_rng(2), 4, 10, 3, scale=0.3)
    ws = bp.forward_backward(params, X, y, reg=0.01)
    step = bp.reference.train_step(params, X, y, lr=0.0, reg=0.01)
    off = ws.hidden <= 0
    assert off.any() and (~off).any()
    for dhidden, dz, W2 in ((ws.dhidden, ws.dz, params.W2), (step.dhidden, step.dz, params.W2)):
        np.testing.assert_allclose(dhidden, (ws.dscores @ W2.T), rtol=1e-13, atol=1e-17)   # delta_S W2^T
        assert np.any(dhidden[off] != 0)                                  # not masked ...
        assert np.all(dz[off] == 0)                                       # ... dz is
        np.testing.assert_array_equal(dz[~off], dhidden[~off])            # and equal where the unit is on
        assert not np.shares_memory(dhidden, dz)
    np.testing.assert_allclose(ws.grads.W1, X.T @ ws.dz + 0.01 * params.W1, rtol=1e-12, atol=1e-17)


def test_forward_runs_the_forward_pass_only(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(2), 4, 10, 3, scale=0.3)
    ws = bp.forward(params, X)
    full = bp.forward_backward(params, X, y, reg=0.01)
    for name in ("hidden", "scores", "probs"):
        np.testing.assert_array_equal(getattr(ws, name), getattr(full, name), err_msg=name)
    assert ws.dscores is None and ws.dhidden is None and ws.dz is None and ws.grads is None
    with pytest.raises(TypeError):
        bp.forward(params, X, y)  # labels are for forward_backward


def test_predict_and_accuracy():
    W1 = np.eye(2)
    params = bp.Params(W1, np.zeros(2), np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([0.0, 0.0, 0.5]))
    X = np.array([[2.0, 0.0], [0.0, 2.0], [0.1, 0.1]])
    np.testing.assert_array_equal(bp.predict(params, X), [0, 1, 2])
    assert bp.accuracy(params, X, np.array([0, 1, 1])) == pytest.approx(2 / 3)


def test_loss_and_gradients_do_not_modify_inputs(iris_batch):
    X, y = iris_batch
    X0, y0 = X.copy(), y.copy()
    params = random_params(np.random.default_rng(3), 4, 10, 3)
    before = params.copy()
    bp.loss_and_gradients(params, X, y, reg=0.1)
    bp.predict(params, X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    for p, p0 in zip(params, before, strict=True):
        np.testing.assert_array_equal(p, p0)


def test_integer_features_are_accepted_as_float():
    params = random_params(np.random.default_rng(4), 2, 3, 3)
    Xi = np.array([[1, 2], [3, 4]])
    y = np.array([0, 2])
    as_float = bp.loss_and_gradients(params, Xi.astype(float), y, reg=0.0)[0]
    assert bp.loss_and_gradients(params, Xi, y, reg=0.0)[0] == as_float


def test_column_major_parameters_give_the_same_results(iris_batch):
    """R fills matrices column by column; parameters built that way (order="F") must work everywhere."""
    X, y = iris_batch
    params = random_params(np.random.default_rng(6), 4, 10, 3, scale=0.3)
    fortran = bp.Params(*(np.asfortranarray(p) for p in params))
    loss, grads = bp.loss_and_gradients(params, X, y, reg=0.01)
    loss_f, grads_f = bp.loss_and_gradients(fortran, np.asfortranarray(X), y, reg=0.01)
    assert loss_f == loss
    for g, gf in zip(grads, grads_f, strict=True):
        np.testing.assert_array_equal(g, gf)
    ws = bp.forward_backward(fortran, X, y, reg=0.01)
    np.testing.assert_array_equal(ws.grads.W1, grads.W1)
    assert bp.check_gradients(fortran, X, y, reg=0.01).max_relative_error < 1e-7
