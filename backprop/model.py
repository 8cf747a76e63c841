r"""The 2-layer network: forward pass, loss, backward pass, prediction.

.. math::

    A = \max(X W_1 + b_1, 0),\qquad S = A W_2 + b_2,\qquad P = \mathrm{softmax}(S),\\
    L = -\frac1N \sum_i \log P_{i,y_i} + \tfrac12 \lambda \left(\lVert W_1\rVert^2 + \lVert W_2\rVert^2\right)

Shapes: ``X`` (N, D), ``A`` (N, H), ``S`` and ``P`` (N, K).

The public functions check their input (:func:`forward`, :func:`forward_backward`,
:func:`loss_and_gradients`, :func:`predict`, :func:`accuracy`). The inner loop of
:func:`backprop.train`, which checks its input once, calls their unchecked counterparts
:func:`forward_loss`, :func:`backward` and :func:`accuracy_unchecked` at every step.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import layers
from ._validation import check_matrix, check_scalar
from .params import Params, check_batch, check_params


class Workspace(NamedTuple):
    r"""Arrays of one forward and backward pass, named as in the R code.

    ``hidden`` is :math:`A`, R's ``hidden.layer`` (N, H); ``scores`` :math:`S`, R's ``score``
    (N, K); ``probs`` :math:`P` (N, K); ``dscores`` :math:`\delta_S = (P - T)/N` (N, K);
    ``dhidden`` :math:`\delta_A = \delta_S W_2^\top`, R's ``dhidden`` before the mask (N, H);
    ``dz`` :math:`\delta_Z = \delta_A \odot [A > 0]`, R's ``dhidden`` after the mask (N, H; R
    overwrites one array, the workspace keeps both); and ``grads`` the four gradients.
    :func:`forward` leaves the last four ``None``.
    """

    hidden: np.ndarray
    scores: np.ndarray
    probs: np.ndarray
    dscores: np.ndarray
    dhidden: np.ndarray
    dz: np.ndarray
    grads: Params

    @classmethod
    def empty(cls, n_samples: int, params: Params, grads: Params | None = None) -> "Workspace":
        """Allocate a workspace for ``n_samples`` rows and the shapes of ``params``.

        ``grads``, if given, are used as the gradient buffers instead of new arrays.
        """
        n_hidden, n_classes = params.W2.shape
        return cls(
            hidden=np.empty((n_samples, n_hidden)),
            scores=np.empty((n_samples, n_classes)),
            probs=np.empty((n_samples, n_classes)),
            dscores=np.empty((n_samples, n_classes)),
            dhidden=np.empty((n_samples, n_hidden)),
            dz=np.empty((n_samples, n_hidden)),
            grads=Params(*(np.empty_like(p) for p in params)) if grads is None else grads,
        )


def loss_and_gradients(params: Params, X, y, *, reg: float) -> tuple[float, Params]:
    r"""Loss and its gradient with respect to every parameter, for one batch.

    Runs the forward pass and then the backward pass line by line as the R loop does::

        dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1; dscores <- dscores / batchsize
        dW2 <- t(hidden.layer) %*% dscores; db2 <- colSums(dscores)
        dhidden <- dscores %*% t(W2); dhidden[hidden.layer <= 0] <- 0
        dW1 <- t(X) %*% dhidden; db1 <- colSums(dhidden)
        dW2 <- dW2 + reg*W2; dW1 <- dW1 + reg*W1

    Parameters
    ----------
    params : Params
        ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, K), ``b2`` (K,).
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Class indices 0..K-1.
    reg : float
        L2 strength :math:`\lambda \ge 0`.

    Returns
    -------
    loss : float
        :math:`-\frac1N\sum_i \log P_{i,y_i} + \frac12\lambda(\lVert W_1\rVert^2 + \lVert W_2\rVert^2)`.
    grads : Params
        :math:`\partial L/\partial W_1, \partial L/\partial b_1, \partial L/\partial W_2, \partial L/\partial b_2`,
        each the shape of its parameter.

    Raises
    ------
    ValueError
        When ``X`` and ``params`` are so large that the pass overflows float64 (a gradient or
        score not finite). A loss of ``inf`` with finite gradients (a true class given
        probability 0) is returned as it is.
    """
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    ws = Workspace.empty(X.shape[0], params)
    with np.errstate(all="ignore"):  # overflow is checked for below and explained
        loss = forward_loss(params, X, y, reg=reg, ws=ws)
        grads = backward(params, X, y, reg=reg, ws=ws)
    _check_no_overflow(params, X, loss, ws.scores, *grads)
    return loss, grads


def forward(params: Params, X) -> Workspace:
    """Run the forward pass and return its arrays: ``hidden``, ``scores`` and ``probs``.

    The backward fields of the returned :class:`Workspace` (``dscores``, ``dhidden``, ``dz``,
    ``grads``) are ``None``; :func:`forward_backward` fills them too.
    """
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    with np.errstate(all="ignore"):  # overflow is checked for below and explained
        hidden, scores = _hidden_and_scores(params, X)
        probs = layers.softmax(scores)
    _check_no_overflow(params, X, 0.0, scores)
    return Workspace(hidden, scores, probs, None, None, None, None)


def forward_backward(params: Params, X, y, *, reg: float = 0.0) -> Workspace:
    r"""Run the forward and the backward pass and return every array, as the R loop computes them.

    For teaching: the returned :class:`Workspace` holds ``hidden``, ``scores``, ``probs``,
    ``dscores``, ``dhidden`` (:math:`\delta_A`, before the ReLU mask), ``dz`` (:math:`\delta_Z`, after
    it) and ``grads`` (with the L2 term ``reg * W``).
    """
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    ws = Workspace.empty(X.shape[0], params)
    with np.errstate(all="ignore"):
        loss = forward_loss(params, X, y, reg=reg, ws=ws)
        backward(params, X, y, reg=reg, ws=ws)
    _check_no_overflow(params, X, loss, ws.scores, *ws.grads)
    return ws


def _check_no_overflow(params: Params, X, loss: float, *arrays) -> None:
    """Raise a ``ValueError`` naming ``X`` and ``params`` if the pass overflowed float64.

    Overflow shows as a non-finite score or gradient, or a NaN loss (``inf - inf`` in the
    softmax); a loss of ``inf`` alone is exact (a probability of 0) and is let through.
    """
    if not np.isnan(loss) and all(np.isfinite(a).all() for a in arrays):
        return
    largest_w = max(float(np.max(np.abs(p))) for p in params)
    raise ValueError(f"X and params are too large: the pass overflows float64 (largest |X| = "
                     f"{float(np.max(np.abs(X))):.3g}, largest |parameter| = {largest_w:.3g}); scale X, "
                     f"for example standardise each feature to mean 0 and standard deviation 1")


def predict_proba(params: Params, X) -> np.ndarray:
    """Class probabilities ``softmax(relu(X W1 + b1) W2 + b2)``, shape (N, K)."""
    return forward(params, X).probs


def _hidden_and_scores(params: Params, X) -> tuple[np.ndarray, np.ndarray]:
    """``hidden`` and ``scores`` of the forward pass (unchecked)."""
    hidden = layers.relu_forward(layers.affine_forward(X, params.W1, params.b1))
    return hidden, layers.affine_forward(hidden, params.W2, params.b2)


def predict(params: Params, X) -> np.ndarray:
    """Predicted class indices 0..K-1, shape (N,).

    R's ``predict.dnn`` returns ``max.col(probs)`` (1-based); this returns the 0-based argmax.
    """
    params = check_params(params)
    return _predict(params, check_matrix(X, "X", n_cols=params.W1.shape[0]))


def _predict(params: Params, X) -> np.ndarray:
    """:func:`predict` without the input checks (but with the overflow check)."""
    with np.errstate(all="ignore"):  # overflow is checked for below and explained
        scores = _hidden_and_scores(params, X)[1]
    _check_no_overflow(params, X, 0.0, scores)
    return np.argmax(scores, axis=1)


def accuracy(params: Params, X, y) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``.

    R: ``mean(as.integer(testdata[,y]) == Y.set[labs])``.
    """
    params, X, y = check_batch(params, X, y)
    return accuracy_unchecked(params, X, y)


# ------------------------------------------------------------------- unchecked, for the training loop


def forward_loss(params: Params, X, y, *, reg: float, ws: Workspace) -> float:
    """Forward pass into ``ws`` and return the loss (unchecked; see :func:`loss_and_gradients`)."""
    W1, b1, W2, b2 = params
    hidden, scores, probs = ws.hidden, ws.scores, ws.probs
    layers.affine_forward(X, W1, b1, out=hidden)
    layers.relu_forward(hidden, out=hidden)
    layers.affine_forward(hidden, W2, b2, out=scores)
    layers.softmax(scores, out=probs)
    return layers.cross_entropy(probs, y) + layers.l2_penalty(W1, W2, reg=reg)


def backward(params: Params, X, y, *, reg: float, ws: Workspace) -> Params:
    """Backward pass after :func:`forward_loss`; fills and returns ``ws.grads`` (unchecked)."""
    W1, _, W2, _ = params
    hidden, _, probs, dscores, dhidden, dz, g = ws
    layers.softmax_cross_entropy_backward(probs, y, out=dscores)
    layers.mean_over_batch(dscores, out=dscores)
    layers.weight_gradient(hidden, dscores, out=g.W2)
    layers.bias_gradient(dscores, out=g.b2)
    layers.input_gradient(dscores, W2, out=dhidden)
    layers.relu_backward(dhidden, hidden, out=dz)
    layers.weight_gradient(X, dz, out=g.W1)
    layers.bias_gradient(dz, out=g.b1)
    layers.l2_gradient(g.W2, W2, reg=reg, out=g.W2)
    layers.l2_gradient(g.W1, W1, reg=reg, out=g.W1)
    return g


def accuracy_unchecked(params: Params, X, y) -> float:
    """:func:`accuracy` without the input checks: :func:`backprop.train` checks its test data once
    and calls this at every display step, where the checks would cost more than the prediction
    at iris size (``benchmarks/README.md``)."""
    return float(np.mean(_predict(params, X) == y))
