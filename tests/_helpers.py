"""Helpers shared by the tests (imported as ``from _helpers import ...``; fixtures stay in conftest).

The finite differences and the relative error are written here independently of
``backprop.gradcheck``, so that the tests of the package do not check it against itself.
"""

import numpy as np

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


def random_params(rng, D, H, K, scale=1.0):
    """Parameters with O(1) entries (and non-zero biases), so that every gradient is non-trivial."""
    return bp.Params(scale * rng.standard_normal((D, H)), scale * rng.standard_normal(H),
                     scale * rng.standard_normal((H, K)), scale * rng.standard_normal(K))


def hidden_preactivations(params, X):
    """:math:`Z = X W_1 + b_1`, the hidden pre-activations."""
    return X @ params.W1 + params.b1


def numpy_reference(params, X, y):
    r"""One pass of :func:`backprop.reference.train_step` with ``reg = 0``, as a dict.

    ``data_loss`` and the data gradients ``grads`` (``W1, b1, W2, b2``, without the L2 term), with
    ``Z``, ``hidden``, ``probs``, ``dscores`` (divided by N) and ``dhidden``: here
    :math:`\delta_A = \delta_S W_2^\top`, *before* the ReLU mask (the exercise tests build the
    masked and unmasked slips from it).
    """
    step = bp.reference.train_step(params, X, y, lr=0.0, reg=0.0)
    return {"Z": hidden_preactivations(params, X), "hidden": step.hidden, "probs": step.probs,
            "data_loss": step.loss, "dscores": step.dscores, "dhidden": step.dscores @ params.W2.T,
            "grads": step.grads._asdict()}
