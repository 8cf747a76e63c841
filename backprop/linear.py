r"""The linear softmax classifier: the R program with its hidden layer taken out.

.. math::

    S = X W + b,\qquad P = \mathrm{softmax}(S),\qquad
    L = -\frac1N \sum_i \log P_{i,y_i} + \tfrac12 \lambda \lVert W\rVert^2

Shapes: ``X`` (N, D), ``W`` (D, K), ``b`` (K,), ``S`` and ``P`` (N, K). This is the first model
of CS231n's case study, the program the R code was ported from. Its backward pass is the R
program's with the hidden layer gone: of the eleven backward lines, the three that make
``dscores`` stay as they are, the three of the output layer stay with ``X`` in the place of
``hidden.layer`` (``dW <- t(X) %*% dscores``, ``db <- colSums(dscores)``, ``dW <- dW + reg*W``),
and the five that go back through ``W2`` and the mask into ``W1`` vanish.

Every public function checks its input and leaves it unmodified.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import layers
from ._validation import check_labels, check_matrix, check_scalar, check_vector
from .training import DivergenceError, History


class LinearParams(NamedTuple):
    """Parameters of the linear classifier ``D -> K (softmax)``.

    Attributes
    ----------
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)

    Gradients use the same type: ``grads.W`` is :math:`\\partial L/\\partial W`.
    """

    W: np.ndarray
    b: np.ndarray

    def copy(self) -> "LinearParams":
        """Return a deep copy (both arrays copied)."""
        return LinearParams(self.W.copy(), self.b.copy())


def init_params(n_features: int, n_classes: int, *, scale: float = 0.01, rng=None) -> LinearParams:
    r"""Small Gaussian weights and a zero bias, as the case study initialises them.

    .. math:: W \sim 0.01\,\mathcal N(0, 1)^{D\times K},\quad b = 0

    Python (the case study): ``W = 0.01 * np.random.randn(D,K); b = np.zeros((1,K))``.

    Parameters
    ----------
    n_features, n_classes : int
        D and K; each at least 1.
    scale : float, default 0.01
    rng : None, int or numpy.random.Generator
    """
    check_scalar(n_features, "n_features", minimum=1, integer=True)
    check_scalar(n_classes, "n_classes", minimum=1, integer=True)
    check_scalar(scale, "scale")
    if isinstance(rng, bool) or not (rng is None or isinstance(rng, (int, np.random.Generator))):
        raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")
    rng = np.random.default_rng(rng)
    return LinearParams(scale * rng.standard_normal((n_features, n_classes)), np.zeros(n_classes))


def check_linear_params(params, name: str = "params", *, n_features: int | None = None) -> LinearParams:
    """Check that ``params`` is a ``LinearParams`` of finite arrays with matching shapes; return it as float64."""
    if not isinstance(params, LinearParams):
        raise TypeError(f"{name} must be a backprop.linear.LinearParams(W, b), got {type(params).__name__}")
    W = check_matrix(params.W, f"{name}.W")
    if n_features is not None and W.shape[0] != n_features:
        raise ValueError(f"{name}.W must have {n_features} rows (one per feature of X), got shape {W.shape}")
    return LinearParams(W, check_vector(params.b, f"{name}.b", length=W.shape[1]))


def _check_batch(params, X, y) -> tuple[LinearParams, np.ndarray, np.ndarray]:
    params = check_linear_params(params)
    X = check_matrix(X, "X", n_cols=params.W.shape[0])
    y = check_labels(y, "y", n_samples=X.shape[0], n_classes=params.W.shape[1])
    return params, X, y


def _loss_and_gradients(params: LinearParams, X, y, reg: float) -> tuple[float, LinearParams]:
    """:func:`loss_and_gradients` without the checks (the training loop's step)."""
    W, b = params
    probs = layers.softmax(layers.affine_forward(X, W, b))        # probs from score <- X %*% W + b
    loss = layers.cross_entropy(probs, y) + layers.l2_penalty(W, reg=reg)
    dscores = layers.softmax_cross_entropy_backward(probs, y)    # dscores[Y.index] <- dscores[Y.index] - 1
    layers.mean_over_batch(dscores, out=dscores)                 # dscores <- dscores / batchsize
    dW = layers.weight_gradient(X, dscores)                      # dW <- t(X) %*% dscores
    db = layers.bias_gradient(dscores)                           # db <- colSums(dscores)
    layers.l2_gradient(dW, W, reg=reg, out=dW)                   # dW <- dW + reg*W
    return loss, LinearParams(dW, db)


def loss_and_gradients(params: LinearParams, X, y, *, reg: float) -> tuple[float, LinearParams]:
    r"""Loss of the linear classifier and its gradients, for one batch.

    .. math::

        \delta_S = (P - T)/N,\qquad \frac{\partial L}{\partial W} = X^\top \delta_S + \lambda W,
        \qquad \frac{\partial L}{\partial b} = \sum_i \delta_{S,i}

    R (the network's lines with ``X`` for ``hidden.layer``)::

        dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1; dscores <- dscores / batchsize
        dW <- t(X) %*% dscores; db <- colSums(dscores); dW <- dW + reg*W

    Parameters
    ----------
    params : LinearParams
        ``W`` (D, K), ``b`` (K,).
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Class indices 0..K-1.
    reg : float
        L2 strength :math:`\lambda \ge 0` (on ``W`` only, as the case study).

    Returns
    -------
    loss : float
        :math:`-\frac1N\sum_i \log P_{i,y_i} + \frac12\lambda\lVert W\rVert^2`.
    grads : LinearParams
        :math:`\partial L/\partial W` (D, K) and :math:`\partial L/\partial b` (K,).
    """
    params, X, y = _check_batch(params, X, y)
    check_scalar(reg, "reg")
    with np.errstate(all="ignore"):
        loss, grads = _loss_and_gradients(params, X, y, reg)
    if np.isnan(loss) or not all(np.isfinite(g).all() for g in grads):
        raise ValueError("X and params are too large: the pass overflows float64; scale X")
    return loss, grads


def train(X, y, params: LinearParams, *, lr: float, reg: float, maxit: int,
          abstol: float = 1e-2) -> tuple[LinearParams, History]:
    r"""Full-batch gradient descent on the linear classifier, with the R loop's semantics.

    Iteration ``i = 1, 2, ...`` computes the loss and the gradients, then steps
    :math:`W \leftarrow W - \eta\,\partial L/\partial W`, :math:`b \leftarrow b - \eta\,\partial L/\partial b`;
    it stops when ``i == maxit`` or the loss just computed is ``<= abstol``, as
    :func:`backprop.train` does. The case study: ``lr = 1``, ``reg = 1e-3``, 200 iterations.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    params : LinearParams
        Starting point; not modified.
    lr, reg : float
        :math:`\eta \ge 0` and :math:`\lambda \ge 0`.
    maxit : int
        At least 1.
    abstol : float, default 1e-2

    Returns
    -------
    params : LinearParams
        The trained parameters (new arrays).
    history : History
        ``history.loss[i]`` is the loss of iteration ``i + 1`` (before its update); no test accuracy.

    Raises
    ------
    DivergenceError
        When the loss or the parameters stop being finite.
    """
    params, X, y = _check_batch(params, X, y)
    check_scalar(lr, "lr")
    check_scalar(reg, "reg")
    check_scalar(maxit, "maxit", minimum=1, integer=True)
    check_scalar(abstol, "abstol", minimum=-np.inf)
    W, b = params.copy()
    losses: list[float] = []
    loss, failure = np.inf, None
    with np.errstate(all="ignore"):
        while len(losses) < maxit and loss > abstol:
            loss, (dW, db) = _loss_and_gradients(LinearParams(W, b), X, y, reg)
            if not loss < np.inf:                               # inf or nan
                failure, step = f"the loss is {loss}", len(losses) + 1
                break
            losses.append(loss)
            layers.sgd_update(W, dW, lr=lr, out=W)              # W <- W - lr * dW
            layers.sgd_update(b, db, lr=lr, out=b)              # b <- b - lr * db
            if not (np.isfinite(W).all() and np.isfinite(b).all()):
                failure, step = "the parameters are not finite after this step's update", len(losses)
                break
    history = History(np.array(losses), np.zeros(0, dtype=int), np.zeros(0))
    if failure:
        raise DivergenceError(f"training diverged at step {step} of maxit={maxit}: {failure}; try a smaller "
                              f"lr (lr={lr:g}) or scale X. The finite losses are in this error's .history.",
                              step=step, reason=failure, last_finite_loss=losses[-1] if losses else None,
                              history=history)
    return LinearParams(W, b), history


def predict(params: LinearParams, X) -> np.ndarray:
    """Predicted class indices 0..K-1, shape (N,): the argmax of the scores ``X W + b``."""
    params = check_linear_params(params)
    X = check_matrix(X, "X", n_cols=params.W.shape[0])
    return np.argmax(layers.affine_forward(X, params.W, params.b), axis=1)


def accuracy(params: LinearParams, X, y) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``."""
    params, X, y = _check_batch(params, X, y)
    return float(np.mean(predict(params, X) == y))
