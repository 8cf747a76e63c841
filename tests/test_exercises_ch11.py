"""Checkers of chapter 11 (library cross-check and beyond): right answers pass, each slip gets its message.

One parametrised table per checker: rows of (answer, fragment, correct) through ``assert_says``.
"""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch11_beyond as ex


@pytest.mark.parametrize("answer, fragment, correct", [
    (0.075, "is right", True),
    (None, "No answer yet", False),
    (1e-3, "too small by a factor N", False),
    (1e-3 / 75, "divided instead of multiplied", False),
    (0.15, "does not change alpha", False),
])
def test_alpha(answer, fragment, correct):
    assert_says(ex.check_alpha(answer, reg=1e-3, n_samples=75), fragment, correct=correct)


@pytest.fixture
def layer():
    rng = np.random.default_rng(7)
    N, n_prev, n_l, n_next = 8, 3, 5, 4
    z = rng.standard_normal((N, n_l))
    return {"h_prev": np.maximum(rng.standard_normal((N, n_prev)), 0), "h": np.maximum(z, 0),
            "delta": rng.standard_normal((N, n_l)), "delta_next": rng.standard_normal((N, n_next)),
            "W": rng.standard_normal((n_prev, n_l)), "W_next": rng.standard_normal((n_l, n_next))}


def _back(b):
    return np.einsum("nk,lk->nl", b["delta_next"], b["W_next"])


DELTA = [  # (the answer from the layer, fragment, correct)
    (lambda b: _back(b) * (b["h"] > 0), "is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: _back(b), "mask is missing", False),
    (lambda b: _back(b) * (b["h"] <= 0), "inverted", False),
    (lambda b: (_back(b) * (b["h"] > 0)).T, "transposed", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DELTA)
def test_delta(layer, answer, fragment, correct):
    assert_says(ex.check_delta(answer(layer), layer["delta_next"], layer["W_next"], layer["h"]), fragment,
                correct=correct)


REG = 0.1


def _data(b):
    return np.einsum("np,nl->pl", b["h_prev"], b["delta"])


WEIGHT_GRADIENT = [  # (the answer from the layer, fragment, correct)
    (lambda b: _data(b) + REG * b["W"], "is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: _data(b), "is missing", False),
    (lambda b: _data(b) + 0.5 * REG * b["W"], "half what", False),
    (lambda b: _data(b) + 2 * REG * b["W"], "twice what", False),
    (lambda b: (_data(b) + REG * b["W"]).T, "transposed", False),
]


@pytest.mark.parametrize("answer, fragment, correct", WEIGHT_GRADIENT)
def test_layer_weight_gradient(layer, answer, fragment, correct):
    assert_says(ex.check_layer_weight_gradient(answer(layer), layer["h_prev"], layer["delta"], layer["W"], reg=REG),
                fragment, correct=correct)
