"""Each per-equation function against an independent formula or finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import backprop as bp
from conftest import central_difference

rng = np.random.default_rng(0)
N, D, H, K = 7, 4, 5, 3
X = rng.standard_normal((N, D))
W = rng.standard_normal((D, H))
b = rng.standard_normal(H)
S = rng.standard_normal((N, K))
Y = rng.integers(0, K, N)
DELTA = rng.standard_normal((N, K))


def test_affine_forward_matches_per_row_formula():
    expected = np.array([[sum(X[i, d] * W[d, j] for d in range(D)) + b[j] for j in range(H)] for i in range(N)])
    np.testing.assert_allclose(bp.affine_forward(X, W, b), expected, rtol=1e-13)


def test_relu_forward():
    Z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(bp.relu_forward(Z), [[0.0, 0.0, 2.0]])


def test_softmax_matches_naive_formula_and_sums_to_one():
    P = bp.softmax(S)
    naive = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(P, naive, rtol=1e-14)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)


def test_softmax_is_shift_invariant():
    np.testing.assert_allclose(bp.softmax(S + 100.0), bp.softmax(S), rtol=1e-13)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (4, 3), elements=st.floats(-1e4, 1e4)))
def test_softmax_rows_sum_to_one_and_stay_finite_for_large_logits(logits):
    P = bp.softmax(logits)
    assert np.isfinite(P).all()
    assert (P >= 0).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


def test_cross_entropy_is_mean_negative_log_of_true_class():
    P = bp.softmax(S)
    T = np.eye(K)[Y]
    assert bp.cross_entropy(P, Y) == pytest.approx(-np.sum(T * np.log(P)) / N, rel=1e-14)


def test_l2_penalty():
    W2 = rng.standard_normal((H, K))
    expected = 0.5 * 0.3 * (np.sum(W ** 2) + np.sum(W2 ** 2))
    assert bp.l2_penalty(W, W2, reg=0.3) == pytest.approx(expected, rel=1e-14)


def test_softmax_cross_entropy_gradient_is_y_minus_t_by_finite_differences():
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


def test_mean_over_batch_divides_by_rows():
    np.testing.assert_allclose(bp.mean_over_batch(DELTA), DELTA / N, rtol=0)


def test_weight_gradient_is_sum_of_per_example_outer_products():
    Hmat = rng.standard_normal((N, H))
    expected = sum(np.outer(Hmat[i], DELTA[i]) for i in range(N))
    np.testing.assert_allclose(bp.weight_gradient(Hmat, DELTA), expected, rtol=1e-13)


def test_bias_gradient_is_column_sums():
    np.testing.assert_allclose(bp.bias_gradient(DELTA), [DELTA[:, k].sum() for k in range(K)], rtol=1e-14)


def test_affine_gradients_by_finite_differences():
    """d/dW, d/db, d/dx of sum(G * (x W + b)) are x^T G, colSums(G), G W^T."""
    G = rng.standard_normal((N, H))

    def f_of(which):
        def f(v):
            args = {"x": X, "W": W, "b": b} | {which: v}
            return np.sum(G * bp.affine_forward(args["x"], args["W"], args["b"]))
        return f

    np.testing.assert_allclose(bp.weight_gradient(X, G), central_difference(f_of("W"), W), rtol=1e-7)
    np.testing.assert_allclose(bp.bias_gradient(G), central_difference(f_of("b"), b), rtol=1e-7)
    np.testing.assert_allclose(bp.input_gradient(G, W), central_difference(f_of("x"), X), rtol=1e-7)


def test_relu_backward_masks_where_output_is_not_positive():
    h = np.array([[0.0, 1.0, 0.0, 3.0]])
    dh = np.array([[5.0, 6.0, 7.0, 8.0]])
    np.testing.assert_array_equal(bp.relu_backward(dh, h), [[0.0, 6.0, 0.0, 8.0]])
    np.testing.assert_array_equal(dh, [[5.0, 6.0, 7.0, 8.0]])


def test_relu_backward_by_finite_differences_away_from_kinks():
    Z = rng.standard_normal((N, H))
    Z[np.abs(Z) < 1e-3] = 0.5
    G = rng.standard_normal((N, H))
    numeric = central_difference(lambda z: np.sum(G * bp.relu_forward(z)), Z)
    np.testing.assert_allclose(bp.relu_backward(G, bp.relu_forward(Z)), numeric, rtol=1e-7, atol=1e-9)


def test_l2_gradient_by_finite_differences():
    numeric = central_difference(lambda w: bp.l2_penalty(w, reg=0.7), W)
    np.testing.assert_allclose(bp.l2_gradient(np.zeros_like(W), W, reg=0.7), numeric, rtol=1e-8)


def test_sgd_update():
    np.testing.assert_allclose(bp.sgd_update(W, np.ones_like(W), lr=0.5), W - 0.5, rtol=0)


@pytest.mark.parametrize("call, shape", [
    (lambda out: bp.affine_forward(X, W, b, out=out), (N, H)),
    (lambda out: bp.relu_forward(X, out=out), (N, D)),
    (lambda out: bp.softmax(S, out=out), (N, K)),
    (lambda out: bp.softmax_cross_entropy_backward(bp.softmax(S), Y, out=out), (N, K)),
    (lambda out: bp.mean_over_batch(DELTA, out=out), (N, K)),
    (lambda out: bp.weight_gradient(X, DELTA, out=out), (D, K)),
    (lambda out: bp.bias_gradient(DELTA, out=out), (K,)),
    (lambda out: bp.input_gradient(DELTA, np.ones((H, K)), out=out), (N, H)),
    (lambda out: bp.relu_backward(X, X, out=out), (N, D)),
    (lambda out: bp.l2_gradient(W, W, reg=0.1, out=out), (D, H)),
    (lambda out: bp.sgd_update(W, W, lr=0.1, out=out), (D, H)),
])
def test_out_buffer_is_written_and_returned(call, shape):
    out = np.full(shape, np.nan)
    result = call(out)
    assert result is out
    np.testing.assert_allclose(out, call(None), rtol=0)


def test_layer_functions_do_not_modify_inputs():
    arrays_in = [X, W, b, S, DELTA]
    before = [a.copy() for a in arrays_in]
    P = bp.softmax(S)
    bp.affine_forward(X, W, b)
    bp.relu_backward(X, X)
    bp.softmax_cross_entropy_backward(P, Y)
    bp.l2_gradient(W, W, reg=1.0)
    bp.sgd_update(W, W, lr=1.0)
    bp.mean_over_batch(DELTA)
    for a, a0 in zip(arrays_in, before):
        np.testing.assert_array_equal(a, a0)
