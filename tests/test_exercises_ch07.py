"""Checkers of chapter 07 (back through W2 and the ReLU mask): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

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


DHIDDEN = [  # (the learner's function of (dscores, W2) and the batch, the slip it is, or RIGHT)
    (lambda d, W, b: d @ W.T, RIGHT),
    (lambda d, W, b: np.einsum("nk,hk->nh", d, W), RIGHT),
    (lambda d, W, b: d @ W, "no-transpose"),
    (lambda d, W, b: W.T @ d, "no-transpose"),
    (lambda d, W, b: np.dot(d, W), "no-transpose"),
    (lambda d, W, b: d * W.T, "no-transpose"),           # `*` for a product: was a raw traceback
    (lambda d, W, b: W @ d.T, "column-convention"),
    (lambda d, W, b: 2 * d @ W.T, "generic:factor"),
    (lambda d, W, b: _raise(ValueError("something else"))(), "generic:raised"),
    (lambda d, W, b: _raise(KeyError("W2"))(), "generic:raised"),
]


@pytest.mark.parametrize("fn, expected", DHIDDEN)
def test_dhidden(batch, fn, expected):
    feedback = ex.check_dhidden(lambda d, W: fn(d, W, batch), batch["dscores"], batch["W2"])
    assert_verdict(feedback, ex.check_dhidden, expected)


SQUARE = [  # (the function, the sizes N, H, K, the slip): slips that only run with two equal sizes
    (lambda d, W: d @ W, (6, 3, 3), "no-transpose-square"),            # H = K: dscores @ W2 runs
    (lambda d, W: W @ d.T, (4, 4, 3), "column-convention-square"),     # H = N: W2 @ dscores.T runs
]


@pytest.mark.parametrize("fn, sizes, expected", SQUARE)
def test_dhidden_slips_that_run_only_with_equal_sizes(fn, sizes, expected):
    n, h, k = sizes
    rng = np.random.default_rng(3)
    dscores, W2 = rng.standard_normal((n, k)), rng.standard_normal((h, k))
    assert_verdict(ex.check_dhidden(fn, dscores, W2), ex.check_dhidden, expected)


def test_dhidden_names_the_learners_line_and_the_shapes(batch):
    def my_dhidden(dscores, W2):
        product = dscores @ W2
        return product

    message = ex.check_dhidden(my_dhidden, batch["dscores"], batch["W2"]).message
    assert "in the line `product = dscores @ W2`" in message and "(6, 3) and W2 is [H × K] = (4, 3)" in message


def test_dhidden_result_instead_of_function(batch):
    assert_says(ex.check_dhidden(batch["dscores"] @ batch["W2"].T, batch["dscores"], batch["W2"]),
                "Pass your function itself")


RELU = [  # (the learner's function of (dhidden, hidden) and the batch, the slip it is, or RIGHT)
    (lambda d, h, b: _mask_in_place(d, h), RIGHT),
    (lambda d, h, b: d * (h > 0), RIGHT),
    (lambda d, h, b: np.where(b["z"] <= 0, 0, d), RIGHT),     # the mask from z
    (lambda d, h, b: np.where(b["z"] < 0, 0, d), RIGHT),      # no z == 0 in this batch
    (lambda d, h, b: _no_return(d, h), "generic:no-return"),
    (lambda d, h, b: d, "no-mask"),
    (lambda d, h, b: np.where(h < 0, 0, d), "no-mask"),
    (lambda d, h, b: np.where(d <= 0, 0, d), "sign-mask"),
    (lambda d, h, b: d * (h <= 0), "inverted"),
    (lambda d, h, b: h, "hidden"),
    (lambda d, h, b: h > 0, "mask-alone"),
    (lambda d, h, b: (h > 0).astype(float), "mask-alone"),
    (lambda d, h, b: _mask_in_place(b["dscores"].copy(), h), "mask-on-dscores"),
]


@pytest.mark.parametrize("fn, expected", RELU)
def test_relu_backward(batch, fn, expected):
    dhidden = batch["dscores"] @ batch["W2"].T
    feedback = ex.check_relu_backward(lambda d, h: fn(d, h, batch), dhidden, batch["hidden"])
    assert_verdict(feedback, ex.check_relu_backward, expected)


def test_a_forgotten_return_names_the_argument_changed_in_place(batch):
    dhidden = batch["dscores"] @ batch["W2"].T
    assert_says(ex.check_relu_backward(_no_return, dhidden, batch["hidden"]), "did you forget `return dhidden`")


def test_relu_backward_does_not_modify_inputs(batch):
    dhidden = batch["dscores"] @ batch["W2"].T
    before = dhidden.copy()
    ex.check_relu_backward(_mask_in_place, dhidden, batch["hidden"])
    ex.check_relu_backward(_no_return, dhidden, batch["hidden"])
    np.testing.assert_array_equal(dhidden, before)


KINK = [  # (answer, the slip it is, or RIGHT)
    ([0.0, 0.5, 1.0], RIGHT),
    ([0.0, 0.0, 1.0], "backward-convention"),
    ([0.0, 1.0, 1.0], "one-sided"),
]


@pytest.mark.parametrize("answer, expected", KINK)
def test_kink(answer, expected):
    assert_verdict(ex.check_kink(answer), ex.check_kink, expected)


COVERS = {ex.check_dhidden: DHIDDEN + SQUARE, ex.check_relu_backward: RELU, ex.check_kink: KINK}


def test_reference_arguments_are_checked(batch):
    with pytest.raises(ValueError, match="W2 must have 3 entries along axis 1"):
        ex.check_dhidden(None, batch["dscores"], batch["W2"].T)
    with pytest.raises(ValueError, match="hidden must have the shape of dhidden"):
        ex.check_relu_backward(None, batch["dscores"], batch["hidden"])
