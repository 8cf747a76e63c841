"""Full-batch gradient descent with the R loop's semantics."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import layers
from ._validation import check_labels, check_matrix, check_scalar
from .model import Workspace, accuracy_unchecked, backward, forward_loss
from .params import Params, check_batch


class History(NamedTuple):
    """What :func:`train` records.

    Attributes
    ----------
    loss : ndarray, shape (n_iter,)
        The loss of every iteration, computed before that iteration's update (as R computes it).
    test_steps : ndarray of int, shape (n_display,)
        Iterations ``i`` (1-based, as R counts) with ``i % display == 0``, when test data was given.
    test_accuracy : ndarray, shape (n_display,)
        Test accuracy at those iterations, with the parameters before that iteration's update.
    """

    loss: np.ndarray
    test_steps: np.ndarray
    test_accuracy: np.ndarray

    @property
    def n_iter(self) -> int:
        """Number of iterations run."""
        return len(self.loss)


def train(X, y, params: Params, *, lr: float, reg: float, maxit: int, abstol: float = 1e-2,
          X_test=None, y_test=None, display: int = 100) -> tuple[Params, History]:
    r"""Train by full-batch gradient descent, as R's ``train.dnn`` loop does.

    Each iteration ``i = 1, 2, ...`` computes the loss and gradients on the whole batch, then
    steps every parameter: :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`.
    The loop stops when ``i == maxit`` or the loss just computed is ``<= abstol``
    (R: ``while(i < maxit && loss > abstol)``); the iteration that hits the tolerance still updates.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Class indices 0..K-1.
    params : Params
        Starting point; not modified.
    lr : float
        Learning rate :math:`\eta \ge 0`.
    reg : float
        L2 strength :math:`\lambda \ge 0`.
    maxit : int
        Maximum number of iterations (>= 1).
    abstol : float, default 1e-2
        Stop once the loss is at most this.
    X_test, y_test : ndarray, optional
        Held-out data; when given, test accuracy is recorded every ``display`` iterations.
    display : int, default 100
        Interval for the test accuracy (R prints ``i, loss, accuracy`` then).

    Returns
    -------
    params : Params
        The trained parameters (new arrays).
    history : History
        Loss of every iteration and the test accuracies.
    """
    params, X, y = check_batch(params, X, y)
    n_classes = params.W2.shape[1]
    check_scalar(lr, "lr")
    check_scalar(reg, "reg")
    check_scalar(maxit, "maxit", minimum=1, integer=True)
    check_scalar(abstol, "abstol", minimum=-np.inf)
    check_scalar(display, "display", minimum=1, integer=True)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together")
    if X_test is not None:
        X_test = check_matrix(X_test, "X_test", n_cols=X.shape[1])
        y_test = check_labels(y_test, "y_test", n_samples=X_test.shape[0], n_classes=n_classes)

    theta, params = _packed_copy(params)
    dtheta, grads = _packed_copy(params)
    ws = Workspace.empty(X.shape[0], params, grads=grads)
    losses = np.empty(maxit)
    test_steps, test_accuracy = [], []
    i, loss = 0, np.inf
    while i < maxit and loss > abstol:
        i += 1
        loss = losses[i - 1] = forward_loss(params, X, y, reg=reg, ws=ws)
        if X_test is not None and i % display == 0:
            test_steps.append(i)
            test_accuracy.append(accuracy_unchecked(params, X_test, y_test))
        backward(params, X, y, reg=reg, ws=ws)  # fills grads, that is dtheta
        layers.sgd_update(theta, dtheta, lr=lr, out=theta)  # steps W1, b1, W2 and b2 at once
    return params.copy(), History(losses[:i].copy(), np.array(test_steps, dtype=int), np.array(test_accuracy))


def _packed_copy(params: Params) -> tuple[np.ndarray, Params]:
    """Copy ``params`` into one vector; return it and the ``Params`` of views into it.

    The training loop keeps the parameters and their gradients each in one such vector, so one
    call to :func:`~backprop.layers.sgd_update` steps all four arrays (at iris size one call costs
    a quarter of four; see ``benchmarks/README.md``).
    """
    theta = np.concatenate([p.ravel() for p in params])
    ends = np.cumsum([p.size for p in params])
    return theta, Params(*(theta[end - p.size:end].reshape(p.shape) for p, end in zip(params, ends, strict=True)))
