"""Checkers of chapter 14 (CS231n's spiral): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict, one_hot, softmax_rows

import backprop as bp
from backprop.exercises import ch14_spiral as ex


def _dS(X, y, W, b):
    return (softmax_rows(X @ W + b) - one_hot(y, W.shape[1])) / len(y)


def _right(X, y, W, b, reg):
    dS = _dS(X, y, W, b)
    return X.T @ dS + reg * W, dS.sum(axis=0)


def _no_return(X, y, W, b, reg):
    W -= 1.0            # changed an input in place and returned nothing


LINEAR = [  # (the learner's function of (X, y, W, b, reg), the slip it is, or RIGHT)
    (_right, RIGHT),
    (lambda X, y, W, b, reg: list(_right(X, y, W, b, reg)), RIGHT),
    (lambda X, y, W, b, reg: dict(zip(("dW", "db"), _right(X, y, W, b, reg), strict=True)), RIGHT),
    (lambda X, y, W, b, reg: (X.T @ _dS(X, y, W, b), _dS(X, y, W, b).sum(axis=0)), "no-l2"),
    (lambda X, y, W, b, reg: (X.T @ _dS(X, y, W, b) + 0.5 * reg * W, None), "l2-half"),
    (lambda X, y, W, b, reg: (X.T @ _dS(X, y, W, b) + reg * W / len(y), None), "l2-over-N"),
    (lambda X, y, W, b, reg: (X.T @ _dS(X, y, W, b) * len(y) + reg * W, None), "no-1/N"),
    (lambda X, y, W, b, reg: (-X.T @ _dS(X, y, W, b) + reg * W, None), "T-minus-P"),
    (lambda X, y, W, b, reg: (X.T @ softmax_rows(X @ W + b) / len(y) + reg * W, None), "no-T"),
    (lambda X, y, W, b, reg: (_dS(X, y, W, b).T @ X, None), "transposed"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], _dS(X, y, W, b).sum(axis=0, keepdims=True)), "kept-2d"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], _dS(X, y, W, b).sum(axis=1)), "rowsums"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], _dS(X, y, W, b).sum(axis=0) + reg * b), "l2-on-bias"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], _dS(X, y, W, b).mean(axis=0)), "generic:batch-twice"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], _dS(X, y, W, b).sum(axis=0) * len(y)),
     "generic:batch-too-large"),
    (lambda X, y, W, b, reg: (_right(X, y, W, b, reg)[0], softmax_rows(X @ W + b).sum(axis=0) / len(y)), "db-no-T"),
    (lambda X, y, W, b, reg: X.T @ (W @ b), "generic:product"),   # shapes do not fit
    (_no_return, "generic:no-return"),
]


@pytest.mark.parametrize("fn, expected", LINEAR)
def test_linear_backward(fn, expected):
    assert_verdict(ex.check_linear_backward(fn), ex.check_linear_backward, expected)


@pytest.mark.parametrize("fn, fragment", [
    (lambda X, y, W, b, reg: _right(X, y, W, b, reg)[0], "returned one array of shape"),
    (lambda X, y, W, b, reg: {"W": 1, "b": 2}, "it needs 'dW' and 'db'"),
    (lambda X, y, W, b, reg: (1, 2, 3), "a tuple of length 3"),
    (lambda X, y, W, b, reg: "dW, db", "returned the string"),
    (_no_return, "did you forget `return W`"),
])
def test_linear_backward_says_what_the_function_returned(fn, fragment):
    assert_says(ex.check_linear_backward(fn), fragment)


def test_linear_backward_names_the_batch_and_takes_a_function():
    feedback = ex.check_linear_backward(lambda X, y, W, b, reg: (X.T @ _dS(X, y, W, b), None))
    assert feedback.message.startswith("on a batch with N = 6, D = 2, K = 3: dW")
    assert_says(ex.check_linear_backward(np.zeros((2, 3))), "Pass your function itself")


@pytest.fixture
def net():
    """A 2 → 6 → 3 network and a point where units 1, 3 and 4 are active, and the bias decides unit 4."""
    W1 = np.array([[1.0, -1.0, 0.5, 0.2, -0.3, 0.0], [0.5, 0.0, 1.0, -1.0, 0.4, -1.0]])
    b1 = np.array([0.0, 0.0, 0.0, 0.3, -1.0, -0.5])
    W2 = np.arange(18.0).reshape(6, 3) / 10 - 0.8
    x = np.array([0.5, 0.2])
    assert np.flatnonzero(x @ W1 + b1 > 0).tolist() == [0, 2, 3]      # units 1, 3, 4
    assert (x @ W1 > 0).tolist() != (x @ W1 + b1 > 0).tolist()
    return bp.Params(W1, b1, W2, np.array([0.1, 0.0, -0.1])), x


def _mask(params, x):
    return (x @ params.W1 + params.b1 > 0).astype(float)


LOCAL = [  # (answer from (params, x), the slip it is, or RIGHT)
    (lambda p, x: (p.W1 * _mask(p, x)) @ p.W2, RIGHT),
    (lambda p, x: p.W1[:, [0, 2, 3]] @ p.W2[[0, 2, 3]], RIGHT),
    (lambda p, x: p.W1 @ p.W2, "no-mask"),
    (lambda p, x: (p.W1 * (1 - _mask(p, x))) @ p.W2, "inverted"),
    (lambda p, x: (p.W1 * (x @ p.W1 > 0)) @ p.W2, "no-bias"),
    (lambda p, x: (p.W1 * np.maximum(x @ p.W1 + p.b1, 0)) @ p.W2, "activation-weighted"),
    (lambda p, x: ((p.W1 * _mask(p, x)) @ p.W2).T, "generic:transposed"),
    (lambda p, x: 2 * (p.W1 * _mask(p, x)) @ p.W2, "generic:factor"),
]


@pytest.mark.parametrize("make, expected", LOCAL)
def test_local_weights(net, make, expected):
    params, x = net
    assert_verdict(ex.check_local_weights(make(params, x), params, x), ex.check_local_weights, expected)


COVERS = {ex.check_linear_backward: LINEAR, ex.check_local_weights: LOCAL}


def test_local_weights_are_the_scores_slope_at_x(net):
    """The right answer is what the network's scores change by: S(x + h e_i) − S(x) = h (W_eff)_i."""
    params, x = net
    W_eff = (params.W1 * _mask(params, x)) @ params.W2
    h = 1e-6
    for i in range(2):
        step = np.eye(2)[i] * h
        diff = bp.forward(params, (x + step)[None]).scores - bp.forward(params, x[None]).scores
        np.testing.assert_allclose(diff[0] / h, W_eff[i], rtol=1e-6)


def test_reference_arguments_are_checked(net):
    params, x = net
    with pytest.raises(ValueError, match="x must have 2 entries along axis 0"):
        ex.check_local_weights(None, params, np.zeros(3))
    with pytest.raises(TypeError, match="params must be a backprop.Params"):
        ex.check_local_weights(None, (params.W1,), x)
