"""Checkers of chapter 07 (back through W2 and the ReLU mask): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch07_relu_backward as ex

N, H, K = 6, 4, 3


@pytest.fixture
def batch():
    rng = np.random.default_rng(9)
    z = rng.standard_normal((N, H))
    return {"dscores": rng.standard_normal((N, K)), "W2": rng.standard_normal((H, K)), "z": z,
            "hidden": np.maximum(z, 0)}


def _no_return(d, h):
    d[h <= 0] = 0          # the learner forgot `return d`


def _mask_in_place(d, h):
    d[h <= 0] = 0
    return d


def _raise(error):
    def fn(*args):
        raise error
    return fn


DHIDDEN = [  # (the learner's function of (dscores, W2) and the batch, fragment, correct)
    (lambda d, W, b: d @ W.T, "is right", True),
    (lambda d, W, b: np.einsum("nk,hk->nh", d, W), "is right", True),
    (lambda d, W, b: None, "No answer yet: your function returned None", False),
    (lambda d, W, b: d @ W, "needs one of them transposed", False),
    (lambda d, W, b: W.T @ d, "dscores @ W2.T", False),
    (lambda d, W, b: np.dot(d, W), "your function raised ValueError", False),
    (lambda d, W, b: d * W.T, "`*` multiplies entry by entry", False),           # was a raw traceback
    (lambda d, W, b: W @ d.T, "column-vector formula", False),
    (lambda d, W, b: 2 * d @ W.T, "factor of 2", False),
    (lambda d, W, b: _raise(ValueError("something else"))(), "your function raised ValueError: something else", False),
    (lambda d, W, b: _raise(KeyError("W2"))(), "your function raised KeyError", False),
]


@pytest.mark.parametrize("fn, fragment, correct", DHIDDEN)
def test_dhidden(batch, fn, fragment, correct):
    assert_says(ex.check_dhidden(lambda d, W: fn(d, W, batch), batch["dscores"], batch["W2"]), fragment,
                correct=correct)


def test_dhidden_square_W2_runs_silently_and_is_named():
    rng = np.random.default_rng(3)
    dscores, W2 = rng.standard_normal((N, K)), rng.standard_normal((K, K))
    assert_says(ex.check_dhidden(lambda d, W: d @ W, dscores, W2), "runs only because W2 is square")


def test_dhidden_result_instead_of_function(batch):
    assert_says(ex.check_dhidden(batch["dscores"] @ batch["W2"].T, batch["dscores"], batch["W2"]),
                "Pass your function itself")


RELU = [  # (the learner's function of (dhidden, hidden) and the batch, fragment, correct)
    (lambda d, h, b: _mask_in_place(d, h), "is right", True),
    (lambda d, h, b: d * (h > 0), "is right", True),
    (lambda d, h, b: np.where(b["z"] <= 0, 0, d), "is right", True),     # the mask from z
    (lambda d, h, b: np.where(b["z"] < 0, 0, d), "is right", True),      # no z == 0 in this batch
    (lambda d, h, b: _no_return(d, h), "did you forget `return dhidden`", False),
    (lambda d, h, b: None, "No answer yet: your function returned None", False),
    (lambda d, h, b: d, "the mask is missing", False),
    (lambda d, h, b: np.where(h < 0, 0, d), "never negative", False),
    (lambda d, h, b: np.where(d <= 0, 0, d), "gradient's sign", False),
    (lambda d, h, b: d * (h <= 0), "inverted", False),
    (lambda d, h, b: h, "hidden layer itself", False),
    (lambda d, h, b: _mask_in_place(b["dscores"].copy(), h), "not to dscores", False),
    (lambda d, h, b: _mask_in_place(b["dscores"].copy(), h), "your function raised IndexError", False),
]


@pytest.mark.parametrize("fn, fragment, correct", RELU)
def test_relu_backward(batch, fn, fragment, correct):
    dhidden = batch["dscores"] @ batch["W2"].T
    assert_says(ex.check_relu_backward(lambda d, h: fn(d, h, batch), dhidden, batch["hidden"]), fragment,
                correct=correct)


def test_relu_backward_does_not_modify_inputs(batch):
    dhidden = batch["dscores"] @ batch["W2"].T
    before = dhidden.copy()
    ex.check_relu_backward(_mask_in_place, dhidden, batch["hidden"])
    ex.check_relu_backward(_no_return, dhidden, batch["hidden"])
    np.testing.assert_array_equal(dhidden, before)


@pytest.mark.parametrize("answer, fragment, correct", [
    ([0.0, 0.5, 1.0], "is right", True),
    ([0.0, 0.0, 1.0], "convention", False),
    ([0.0, 1.0, 1.0], "from the right", False),
    (None, "No answer yet", False),
])
def test_kink(answer, fragment, correct):
    assert_says(ex.check_kink(answer), fragment, correct=correct)


def test_reference_arguments_are_checked(batch):
    with pytest.raises(ValueError, match="W2 must have 3 entries along axis 1"):
        ex.check_dhidden(None, batch["dscores"], batch["W2"].T)
    with pytest.raises(ValueError, match="hidden must have the shape of dhidden"):
        ex.check_relu_backward(None, batch["dscores"], batch["hidden"])
