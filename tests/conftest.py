"""Shared fixtures and an independent finite-difference routine for the tests."""

import numpy as np
import pytest

import backprop as bp


def central_difference(f, x, h=1e-6):
    """Central differences of scalar ``f`` at ``x``, written here independently of backprop.gradcheck."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def rel_err(a, b):
    """Norm-wise relative error, written independently of backprop.gradcheck."""
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


@pytest.fixture(scope="session")
def iris_batch():
    X, y, _, _ = bp.load_iris_data()
    split = bp.split_per_class(X, y, n_train_per_class=25, rng=1)
    return split.X_train, split.y_train


def random_params(rng, D, H, K, scale=1.0):
    """Parameters with O(1) entries (and non-zero biases), so that every gradient is non-trivial."""
    return bp.Params(scale * rng.standard_normal((D, H)), scale * rng.standard_normal(H),
                     scale * rng.standard_normal((H, K)), scale * rng.standard_normal(K))


def hidden_preactivations(params, X):
    return X @ params.W1 + params.b1
