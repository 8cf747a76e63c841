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


def numpy_reference(params, X, y):
    """One forward and backward pass of the R loop in plain numpy, independent of the helper.

    Returns a dict: ``Z`` (pre-activations), ``hidden``, ``probs``, ``data_loss``, ``dscores``
    (already divided by N), ``dhidden`` (before the ReLU mask) and ``grads`` (the data gradients
    ``W1, b1, W2, b2``, without the L2 term).
    """
    W1, b1, W2, b2 = params
    Z = X @ W1 + b1
    hidden = np.maximum(Z, 0)
    S = hidden @ W2 + b2
    probs = np.exp(S - S.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    dscores = probs.copy()
    dscores[rows, y] -= 1
    dscores /= len(y)
    dhidden = dscores @ W2.T
    dz = dhidden * (Z > 0)
    return {"Z": Z, "hidden": hidden, "probs": probs, "data_loss": -np.log(probs[rows, y]).mean(),
            "dscores": dscores, "dhidden": dhidden,
            "grads": {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": hidden.T @ dscores, "b2": dscores.sum(axis=0)}}
