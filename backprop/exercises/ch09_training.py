r"""Checkers for chapter 09, "Gradient descent and the full training loop".

One step :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`, the stopping rule of R's
``while(i < maxit && loss > abstol)`` and the confusion matrix. The slips: the step uphill, the
learning rate missing, the step without the parameter, the 1/N or the L2 term missing, a bias
penalised, the iteration count off by one, the confusion matrix transposed or as fractions.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_labels, check_scalar, check_vector
from ..model import forward_backward
from ..params import Params, check_batch
from ._feedback import Feedback, compare


def check_step(answer, params, X, y, *, lr: float, reg: float, param: str = "W2") -> Feedback:
    r"""Exercise 1: one gradient-descent step for one parameter, :math:`\theta - \eta\,\partial L/\partial\theta`.

    R: ``W2 <- W2 - lr*dW2`` (``param`` names which of ``W1, b1, W2, b2``). Recognised: the step
    uphill, the learning rate missing, the step itself, the 1/N missing, the L2 term missing
    (weights) or added (biases), the parameter itself changed in place.

    Parameters
    ----------
    answer : array_like, the shape of ``params.<param>``, or None
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    lr, reg : float
    param : {"W1", "b1", "W2", "b2"}, default "W2"

    Returns
    -------
    Feedback
    """
    if param not in Params._fields:
        raise ValueError(f"param must be one of {Params._fields}, got {param!r}")
    inputs = {"params": params, "X": X}
    params, X, y = check_batch(params, X, y)
    check_scalar(lr, "lr", strict=True)
    check_scalar(reg, "reg")
    ws = forward_backward(params, X, y, reg=reg)
    k = Params._fields.index(param)
    theta, grad = params[k], ws.grads[k]
    slips = {
        f"the step goes uphill: {param} + lr·d{param} climbs the loss; subtract the gradient.": theta + lr * grad,
        f"the learning rate is missing: the step is lr·d{param}, not the whole gradient.": theta - grad,
        f"this is the step lr·d{param} itself, not the updated {param} = {param} - lr·d{param}.": lr * grad,
    }
    if param in ("W1", "W2"):
        data = grad - reg * theta
        slips[f"the step uses the gradient of the summed loss (N times the mean's): the 1/N of dscores "
              f"is missing from the data part of d{param}."] = theta - lr * (X.shape[0] * data + reg * theta)
        slips[f"the L2 term reg·{param} is missing from the gradient in the step."] = theta - lr * data
    else:
        slips["the step uses the gradient of the summed loss (N times the mean's): the 1/N of dscores "
              "is missing."] = theta - lr * X.shape[0] * grad
        slips[f"reg·{param} was added to a bias gradient: biases are not penalised."] = \
            theta - lr * (grad + reg * theta)
    return compare(answer, theta - lr * grad, name=f"the new {param}", slips=slips, inputs=inputs)


def stopping_iteration(losses, *, abstol: float, maxit: int) -> int:
    """How many iterations R's ``while(i < maxit && loss > abstol)`` runs, given the loss of every iteration.

    The iteration whose loss first reaches ``abstol`` still runs (and updates); the loop then stops.

    Parameters
    ----------
    losses : array_like, shape (n,)
        The loss of every iteration.
    abstol : float
    maxit : int

    Returns
    -------
    int
    """
    losses = check_vector(np.asarray(losses, dtype=float), "losses")
    check_scalar(abstol, "abstol", minimum=-np.inf)
    check_scalar(maxit, "maxit", minimum=1, integer=True)
    hit = np.flatnonzero(losses[:maxit] <= abstol)
    if len(hit):
        return int(hit[0]) + 1
    if len(losses) < maxit:
        raise ValueError(f"losses must cover maxit={maxit} iterations or reach abstol, got {len(losses)} values")
    return maxit


def check_n_iter(answer, losses, *, abstol: float, maxit: int) -> Feedback:
    """Exercise 2: the number of iterations :func:`backprop.train` runs with ``abstol`` and ``maxit``.

    Recognised: one too few (the 0-based index of the first loss below ``abstol``), one too many.

    Parameters
    ----------
    answer : int or None
    losses : array_like, shape (n,)
    abstol : float
    maxit : int

    Returns
    -------
    Feedback
    """
    expected = stopping_iteration(losses, abstol=abstol, maxit=maxit)
    return compare(answer, expected, name="the number of iterations", slips={
        "one too few: that is the 0-based index of the first loss <= abstol. R counts iterations from 1, "
        "and the iteration that reaches abstol still runs.": expected - 1,
        "one too many: the loop stops right after the iteration whose loss is <= abstol "
        "(R tests the loss at the top of the loop).": expected + 1,
    })


def check_confusion(answer, y_true, y_pred, *, n_classes: int) -> Feedback:
    """Exercise 3: the confusion matrix, ``C[i, j]`` = number of rows of true class i predicted as j.

    R: ``table(testdata[, y], Y.set[labs])`` (true classes down the rows). Recognised: transposed,
    fractions per true class instead of counts.

    Parameters
    ----------
    answer : array_like, shape (n_classes, n_classes), or None
    y_true, y_pred : ndarray of int, shape (n,)
    n_classes : int

    Returns
    -------
    Feedback
    """
    check_scalar(n_classes, "n_classes", minimum=1, integer=True)
    y_true = check_labels(y_true, "y_true", n_classes=n_classes)
    y_pred = check_labels(y_pred, "y_pred", n_samples=len(y_true), n_classes=n_classes)
    expected = np.zeros((n_classes, n_classes))
    np.add.at(expected, (y_true, y_pred), 1)
    slips = {"the matrix is transposed: rows are the true classes, columns the predicted ones "
             "(C[i, j] counts true i predicted as j).": expected.T}
    rows = expected.sum(axis=1, keepdims=True)
    if np.all(rows > 0):
        slips["these are fractions per true class; the exercise asks for counts."] = expected / rows
    return compare(answer, expected, name="the confusion matrix", slips=slips)
