"""Checkers of chapter 11 (library cross-check and beyond): right answers pass, each slip gets its message.

One parametrised table per checker: rows of (answer, the slip it is or RIGHT) through ``assert_verdict``.
"""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict

from backprop.exercises import ch11_beyond as ex

ALPHA = [  # (answer, the slip it is, or RIGHT), reg = 1e-3 and N = 75
    (0.075, RIGHT),
    (1e-3, "reg"),
    (1e-3 / 75, "reg-over-N"),
    (0.15, "doubled"),
]


@pytest.mark.parametrize("answer, expected", ALPHA)
def test_alpha(answer, expected):
    assert_verdict(ex.check_alpha(answer, reg=1e-3, n_samples=75), ex.check_alpha, expected)


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


DELTA = [  # (the answer from the layer, the slip it is, or RIGHT)
    (lambda b: _back(b) * (b["h"] > 0), RIGHT),
    (lambda b: _back(b), "no-mask"),
    (lambda b: _back(b) * (b["h"] <= 0), "inverted"),
    (lambda b: (_back(b) * (b["h"] > 0)).T, "generic:transposed"),
]


@pytest.mark.parametrize("answer, expected", DELTA)
def test_delta(layer, answer, expected):
    assert_verdict(ex.check_delta(answer(layer), layer["delta_next"], layer["W_next"], layer["h"]), ex.check_delta,
                   expected)


REG = 0.1


def _data(b):
    return np.einsum("np,nl->pl", b["h_prev"], b["delta"])


WEIGHT_GRADIENT = [  # (the answer from the layer, the slip it is, or RIGHT)
    (lambda b: _data(b) + REG * b["W"], RIGHT),
    (lambda b: _data(b), "no-l2"),
    (lambda b: _data(b) + 0.5 * REG * b["W"], "l2-half"),
    (lambda b: _data(b) + 2 * REG * b["W"], "l2-double"),
    (lambda b: (_data(b) + REG * b["W"]).T, "generic:transposed"),
]


@pytest.mark.parametrize("answer, expected", WEIGHT_GRADIENT)
def test_layer_weight_gradient(layer, answer, expected):
    feedback = ex.check_layer_weight_gradient(answer(layer), layer["h_prev"], layer["delta"], layer["W"], reg=REG)
    assert_verdict(feedback, ex.check_layer_weight_gradient, expected)


COVERS = {ex.check_alpha: ALPHA, ex.check_delta: DELTA, ex.check_layer_weight_gradient: WEIGHT_GRADIENT}
