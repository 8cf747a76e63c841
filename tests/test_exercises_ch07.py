"""Checkers of chapter 07 (back through W2 and the ReLU mask): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch07_relu_backward as ex

N, H, K = 6, 4, 3


@pytest.fixture
def batch():
    rng = np.random.default_rng(9)
    z = rng.standard_normal((N, H))
    return rng.standard_normal((N, K)), rng.standard_normal((H, K)), z, np.maximum(z, 0)


def test_dhidden(batch):
    dscores, W2, _, _ = batch
    assert ex.check_dhidden(lambda d, W: np.einsum("nk,hk->nh", d, W), dscores, W2).correct
    assert "No answer yet" in ex.check_dhidden(None, dscores, W2).message
    assert "No answer yet" in ex.check_dhidden(lambda d, W: None, dscores, W2).message
    assert "not its result" in ex.check_dhidden(dscores @ W2.T, dscores, W2).message


@pytest.mark.parametrize("wrong", [lambda d, W: d @ W, lambda d, W: W.T @ d, lambda d, W: np.dot(d, W)])
def test_dhidden_missing_transpose_is_named(batch, wrong):
    dscores, W2, _, _ = batch
    fb = ex.check_dhidden(wrong, dscores, W2)
    assert not fb.correct and "needs a transpose" in fb.message and "dscores @ W2.T" in fb.message


def test_dhidden_column_convention_and_wrong_values(batch):
    dscores, W2, _, _ = batch
    assert "column-vector formula" in ex.check_dhidden(lambda d, W: W @ d.T, dscores, W2).message
    fb = ex.check_dhidden(lambda d, W: 2 * d @ W.T, dscores, W2)
    assert not fb.correct and "factor of 2" in fb.message


def test_dhidden_does_not_hide_other_errors(batch):
    dscores, W2, _, _ = batch

    def broken(d, W):
        raise ValueError("something else")

    with pytest.raises(ValueError, match="something else"):
        ex.check_dhidden(broken, dscores, W2)


def _mask_in_place(d, h):
    d[h <= 0] = 0
    return d


def test_relu_backward_right_variants(batch):
    dscores, W2, z, hidden = batch
    dh = dscores @ W2.T
    assert ex.check_relu_backward(_mask_in_place, dh, hidden).correct
    assert ex.check_relu_backward(lambda d, h: d * (h > 0), dh, hidden).correct
    assert ex.check_relu_backward(lambda d, h: np.where(z <= 0, 0, d), dh, hidden).correct   # mask on z
    assert ex.check_relu_backward(lambda d, h: np.where(z < 0, 0, d), dh, hidden).correct    # no z == 0 here
    assert "No answer yet" in ex.check_relu_backward(None, dh, hidden).message


def test_relu_backward_slips(batch):
    dscores, W2, _, hidden = batch
    dh = dscores @ W2.T
    cases = {
        "the mask is missing": lambda d, h: d,
        "never negative": lambda d, h: np.where(h < 0, 0, d),
        "gradient's sign": lambda d, h: np.where(d <= 0, 0, d),
        "inverted": lambda d, h: d * (h <= 0),
        "hidden layer itself": lambda d, h: h,
        "not to dscores": lambda d, h: _mask_in_place(dscores.copy(), h),
    }
    for text, fn in cases.items():
        fb = ex.check_relu_backward(fn, dh, hidden)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_relu_backward_does_not_modify_inputs(batch):
    dscores, W2, _, hidden = batch
    dh = dscores @ W2.T
    before = dh.copy()
    ex.check_relu_backward(_mask_in_place, dh, hidden)
    np.testing.assert_array_equal(dh, before)


def test_kink():
    assert ex.check_kink([0.0, 0.5, 1.0]).correct
    assert "convention" in ex.check_kink([0.0, 0.0, 1.0]).message
    assert "from the right" in ex.check_kink([0.0, 1.0, 1.0]).message
    assert "No answer yet" in ex.check_kink(None).message
