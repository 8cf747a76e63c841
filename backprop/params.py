"""The network's parameters and their initialisation."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_labels, check_matrix, check_scalar, check_vector


class Params(NamedTuple):
    """Parameters of the 2-layer network ``D -> H (ReLU) -> K (softmax)``.

    Attributes
    ----------
    W1 : ndarray, shape (D, H)
        Input-to-hidden weights (R: ``W1``).
    b1 : ndarray, shape (H,)
        Hidden biases (R: ``b1``, a 1 x H matrix).
    W2 : ndarray, shape (H, K)
        Hidden-to-output weights (R: ``W2``).
    b2 : ndarray, shape (K,)
        Output biases (R: ``b2``).

    Gradients use the same type: ``grads.W1`` is :math:`\\partial L/\\partial W_1`.
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def copy(self) -> "Params":
        """Return a deep copy (every array copied)."""
        return Params(*(p.copy() for p in self))


def init_params(n_features: int, n_hidden: int, n_classes: int, *, scale: float = 0.01, rng=None) -> Params:
    r"""Small Gaussian weights and zero biases, as the R code initialises them.

    .. math:: W_1 \sim 0.01\,\mathcal N(0, 1)^{D\times H},\quad b_1 = 0,\quad
              W_2 \sim 0.01\,\mathcal N(0, 1)^{H\times K},\quad b_2 = 0

    R: ``W1 <- 0.01*matrix(rnorm(D*H), nrow=D, ncol=H); b1 <- matrix(0, nrow=1, ncol=H)``.
    (For R's exact numbers use :func:`backprop.rcompat.train_dnn`, which draws with R's RNG.)

    Parameters
    ----------
    n_features, n_hidden, n_classes : int
        D, H and K; each at least 1.
    scale : float, default 0.01
        Standard deviation of the weights.
    rng : None, int or numpy.random.Generator
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    Params
        ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, K), ``b2`` (K,), all float64.
    """
    for value, name in ((n_features, "n_features"), (n_hidden, "n_hidden"), (n_classes, "n_classes")):
        check_scalar(value, name, minimum=1, integer=True)
    check_scalar(scale, "scale")
    if rng is not None and not isinstance(rng, (int, np.random.Generator)) or isinstance(rng, bool):
        raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")
    rng = np.random.default_rng(rng)
    W1 = scale * rng.standard_normal((n_features, n_hidden))
    W2 = scale * rng.standard_normal((n_hidden, n_classes))
    return Params(W1, np.zeros(n_hidden), W2, np.zeros(n_classes))


def check_params(params, name: str = "params", *, n_features: int | None = None) -> Params:
    """Check that ``params`` is a ``Params`` of finite arrays with consistent shapes; return it as float64.

    Raises ``TypeError`` or ``ValueError`` naming the field (``params.W2`` ...), like the checks of
    :mod:`backprop._validation`.
    """
    if not isinstance(params, Params):
        raise TypeError(f"{name} must be a backprop.Params(W1, b1, W2, b2), got {type(params).__name__}")
    W1 = check_matrix(params.W1, f"{name}.W1", n_cols=None)
    D, H = W1.shape
    if n_features is not None and D != n_features:
        raise ValueError(f"{name}.W1 must have {n_features} rows (one per feature of X), got shape {W1.shape}")
    b1 = check_vector(params.b1, f"{name}.b1", length=H)
    W2 = check_matrix(params.W2, f"{name}.W2")
    if W2.shape[0] != H:
        raise ValueError(f"{name}.W2 must have {H} rows (the hidden units of W1), got shape {W2.shape}")
    b2 = check_vector(params.b2, f"{name}.b2", length=W2.shape[1])
    return Params(W1, b1, W2, b2)


def check_batch(params, X, y) -> tuple[Params, np.ndarray, np.ndarray]:
    """Check a network and a labelled batch together: ``Params``, ``X`` (N, D), ``y`` (N,) in 0..K-1."""
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    y = check_labels(y, "y", n_samples=X.shape[0], n_classes=params.W2.shape[1])
    return params, X, y
