"""Each per-equation function against an independent formula or finite differences."""

from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import backprop as bp

from _helpers import central_difference

N, D, H, K = 7, 4, 5, 3


class Data(NamedTuple):
    X: np.ndarray  # (N, D)
    W: np.ndarray  # (D, H)
    b: np.ndarray  # (H,)
    S: np.ndarray  # scores (N, K)
    Y: np.ndarray  # labels (N,)
    DELTA: np.ndarray  # (N, K)


def _data(seed=0):
    """Fresh arrays for one test, the same in every test whatever ran before."""
    rng = np.random.default_rng(seed)
    return Data(rng.standard_normal((N, D)), rng.standard_normal((D, H)), rng.standard_normal(H),
                rng.standard_normal((N, K)), rng.integers(0, K, N), rng.standard_normal((N, K)))


@pytest.fixture
def data():
    return _data()


@pytest.fixture
def rng():
    return np.random.default_rng(1)


def test_affine_forward_matches_per_row_formula(data):
    X, W, b = data.X, data.W, data.b
    expected = np.array([[sum(X[i, d] * W[d, j] for d in range(D)) + b[j] for j in range(H)] for i in range(N)])
    np.testing.assert_allclose(bp.affine_forward(X, W, b), expected, rtol=1e-13)


def test_relu_forward():
    Z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(bp.relu_forward(Z), [[0.0, 0.0, 2.0]])


def test_softmax_matches_naive_formula_and_sums_to_one(data):
    S = data.S
    P = bp.softmax(S)
    naive = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(P, naive, rtol=1e-14)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)


def test_softmax_is_shift_invariant(data):
    S = data.S
    np.testing.assert_allclose(bp.softmax(S + 100.0), bp.softmax(S), rtol=1e-13)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (4, 3), elements=st.floats(-1e4, 1e4)))
def test_softmax_rows_sum_to_one_and_stay_finite_for_large_logits(logits):
    P = bp.softmax(logits)
    assert np.isfinite(P).all()
    assert (P >= 0).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


def test_cross_entropy_is_mean_negative_log_of_true_class(data):
    S, Y = data.S, data.Y
    P = bp.softmax(S)
    T = np.eye(K)[Y]
    assert bp.cross_entropy(P, Y) == pytest.approx(-np.sum(T * np.log(P)) / N, rel=1e-14)


def test_l2_penalty(data, rng):
    W = data.W
    W2 = rng.standard_normal((H, K))
    expected = 0.5 * 0.3 * (np.sum(W ** 2) + np.sum(W2 ** 2))
    assert bp.l2_penalty(W, W2, reg=0.3) == pytest.approx(expected, rel=1e-14)


def test_softmax_cross_entropy_gradient_is_y_minus_t_by_finite_differences(data):
    S, Y = data.S, data.Y
    def summed_loss(scores):
        return N * bp.cross_entropy(bp.softmax(scores), Y)

    numeric = central_difference(summed_loss, S)
    analytic = bp.softmax_cross_entropy_backward(bp.softmax(S), Y)
    np.testing.assert_allclose(analytic, bp.softmax(S) - np.eye(K)[Y], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (5, 4), elements=st.floats(-50, 50)), st.lists(st.integers(0, 3), min_size=5, max_size=5))
def test_each_row_of_softmax_cross_entropy_gradient_sums_to_zero(logits, labels):
    delta = bp.softmax_cross_entropy_backward(bp.softmax(logits), np.array(labels))
    np.testing.assert_allclose(delta.sum(axis=1), 0.0, atol=1e-12)


def test_mean_over_batch_divides_by_rows(data):
    DELTA = data.DELTA
    np.testing.assert_allclose(bp.mean_over_batch(DELTA), DELTA / N, rtol=0)


def test_weight_gradient_is_sum_of_per_example_outer_products(data, rng):
    DELTA = data.DELTA
    Hmat = rng.standard_normal((N, H))
    expected = sum(np.outer(Hmat[i], DELTA[i]) for i in range(N))
    np.testing.assert_allclose(bp.weight_gradient(Hmat, DELTA), expected, rtol=1e-13)


def test_bias_gradient_is_column_sums(data):
    DELTA = data.DELTA
    np.testing.assert_allclose(bp.bias_gradient(DELTA), [DELTA[:, k].sum() for k in range(K)], rtol=1e-14)


def test_affine_gradients_by_finite_differences(data, rng):
    """d/dW, d/db, d/dx of sum(G * (x W + b)) are x^T G, colSums(G), G W^T."""
    X, W, b = data.X, data.W, data.b
    G = rng.standard_normal((N, H))

    def f_of(which):
        def f(v):
            args = {"x": X, "W": W, "b": b} | {which: v}
            return np.sum(G * bp.affine_forward(args["x"], args["W"], args["b"]))
        return f

    # The differences' rounding error is absolute, eps * sum|G * (xW + b)| / h ~ 1e-8 here, whatever the
    # entry's size: an entry near 0 needs the atol (its last bits move with the CPU's summation order).
    tol = dict(rtol=1e-7, atol=3e-8)
    np.testing.assert_allclose(bp.weight_gradient(X, G), central_difference(f_of("W"), W), **tol)
    np.testing.assert_allclose(bp.bias_gradient(G), central_difference(f_of("b"), b), **tol)
    np.testing.assert_allclose(bp.input_gradient(G, W), central_difference(f_of("x"), X), **tol)


def test_relu_backward_masks_where_output_is_not_positive():
    h = np.array([[0.0, 1.0, 0.0, 3.0]])
    dh = np.array([[5.0, 6.0, 7.0, 8.0]])
    np.testing.assert_array_equal(bp.relu_backward(dh, h), [[0.0, 6.0, 0.0, 8.0]])
    np.testing.assert_array_equal(dh, [[5.0, 6.0, 7.0, 8.0]])


def test_relu_backward_by_finite_differences_away_from_kinks(rng):
    Z = rng.standard_normal((N, H))
    Z[np.abs(Z) < 1e-3] = 0.5
    G = rng.standard_normal((N, H))
    numeric = central_difference(lambda z: np.sum(G * bp.relu_forward(z)), Z)
    np.testing.assert_allclose(bp.relu_backward(G, bp.relu_forward(Z)), numeric, rtol=1e-7, atol=1e-9)


def test_l2_gradient_by_finite_differences(data):
    W = data.W
    numeric = central_difference(lambda w: bp.l2_penalty(w, reg=0.7), W)
    np.testing.assert_allclose(bp.l2_gradient(np.zeros_like(W), W, reg=0.7), numeric, rtol=1e-8)


def test_sgd_update(data):
    W = data.W
    np.testing.assert_allclose(bp.sgd_update(W, np.ones_like(W), lr=0.5), W - 0.5, rtol=0)


@pytest.mark.parametrize("call, shape", [
    (lambda d, out: bp.affine_forward(d.X, d.W, d.b, out=out), (N, H)),
    (lambda d, out: bp.relu_forward(d.X, out=out), (N, D)),
    (lambda d, out: bp.softmax(d.S, out=out), (N, K)),
    (lambda d, out: bp.softmax_cross_entropy_backward(bp.softmax(d.S), d.Y, out=out), (N, K)),
    (lambda d, out: bp.mean_over_batch(d.DELTA, out=out), (N, K)),
    (lambda d, out: bp.weight_gradient(d.X, d.DELTA, out=out), (D, K)),
    (lambda d, out: bp.bias_gradient(d.DELTA, out=out), (K,)),
    (lambda d, out: bp.input_gradient(d.DELTA, np.ones((H, K)), out=out), (N, H)),
    (lambda d, out: bp.relu_backward(d.X, d.X, out=out), (N, D)),
    (lambda d, out: bp.l2_gradient(d.W, d.W, reg=0.1, out=out), (D, H)),
    (lambda d, out: bp.sgd_update(d.W, d.W, lr=0.1, out=out), (D, H)),
])
def test_out_buffer_is_written_and_returned(data, call, shape):
    out = np.full(shape, np.nan)
    result = call(data, out)
    assert result is out
    np.testing.assert_allclose(out, call(data, None), rtol=0)


def test_relu_backward_gives_positive_zero_where_it_masks():
    """R's ``dhidden[hidden.layer <= 0] <- 0`` writes +0.0; a product with the mask would leave -0.0
    where the incoming gradient is negative (numpy prints it "-0.")."""
    h = np.array([[0.0, 2.0, 0.0], [1.0, 0.0, 3.0]])
    dh = np.array([[-1.5, -2.0, 4.0], [-3.0, -0.5, 1.0]])
    expected = dh.copy()
    expected[h <= 0] = 0  # the plain numpy line, as in backprop.reference
    scratch = dh.copy()
    for got in (bp.relu_backward(dh, h),                               # a new array
                bp.relu_backward(dh, h, out=np.empty_like(dh)),        # into a buffer
                bp.relu_backward(scratch, h, out=scratch)):            # in place, as train does
        np.testing.assert_array_equal(got, expected)  # (equal also when -0.0 == 0.0, hence the sign)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))
        assert not np.signbit(got[h <= 0]).any(), got


def test_layer_functions_do_not_modify_inputs(data):
    X, W, b, S, Y, DELTA = data.X, data.W, data.b, data.S, data.Y, data.DELTA
    arrays_in = [X, W, b, S, DELTA]
    before = [a.copy() for a in arrays_in]
    P = bp.softmax(S)
    bp.affine_forward(X, W, b)
    bp.relu_backward(X, X)
    bp.softmax_cross_entropy_backward(P, Y)
    bp.l2_gradient(W, W, reg=1.0)
    bp.sgd_update(W, W, lr=1.0)
    bp.mean_over_batch(DELTA)
    for a, a0 in zip(arrays_in, before, strict=True):
        np.testing.assert_array_equal(a, a0)
