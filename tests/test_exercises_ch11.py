"""Checkers of chapter 11 (library cross-check and beyond): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch11_beyond as ex


def test_alpha():
    assert ex.check_alpha(0.075, reg=1e-3, n_samples=75).correct
    assert "No answer yet" in ex.check_alpha(None, reg=1e-3, n_samples=75).message
    cases = {"too small by a factor N": 1e-3, "divided instead of multiplied": 1e-3 / 75,
             "does not change alpha": 0.15}
    for text, answer in cases.items():
        fb = ex.check_alpha(answer, reg=1e-3, n_samples=75)
        assert not fb.correct and text in fb.message, (text, fb.message)


@pytest.fixture
def layer():
    rng = np.random.default_rng(7)
    N, n_prev, n_l, n_next = 8, 3, 5, 4
    h_prev = np.maximum(rng.standard_normal((N, n_prev)), 0)
    z = rng.standard_normal((N, n_l))
    return h_prev, np.maximum(z, 0), rng.standard_normal((N, n_l)), rng.standard_normal((N, n_next)), \
        rng.standard_normal((n_prev, n_l)), rng.standard_normal((n_l, n_next))


def test_delta(layer):
    _, h, _, delta_next, _, W_next = layer
    back = np.einsum("nk,lk->nl", delta_next, W_next)
    assert ex.check_delta(back * (h > 0), delta_next, W_next, h).correct
    assert "No answer yet" in ex.check_delta(None, delta_next, W_next, h).message
    assert "mask is missing" in ex.check_delta(back, delta_next, W_next, h).message
    assert "inverted" in ex.check_delta(back * (h <= 0), delta_next, W_next, h).message
    assert "transposed" in ex.check_delta((back * (h > 0)).T, delta_next, W_next, h).message


def test_layer_weight_gradient(layer):
    h_prev, _, delta, _, W, _ = layer
    reg = 0.1
    data = np.einsum("np,nl->pl", h_prev, delta)
    assert ex.check_layer_weight_gradient(data + reg * W, h_prev, delta, W, reg=reg).correct
    assert "No answer yet" in ex.check_layer_weight_gradient(None, h_prev, delta, W, reg=reg).message
    cases = {"is missing": data, "half what": data + 0.5 * reg * W, "twice what": data + 2 * reg * W,
             "transposed": (data + reg * W).T}
    for text, answer in cases.items():
        fb = ex.check_layer_weight_gradient(answer, h_prev, delta, W, reg=reg)
        assert not fb.correct and text in fb.message, (text, fb.message)
