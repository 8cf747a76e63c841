"""The network's parameters and their initialisation."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_scalar


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
