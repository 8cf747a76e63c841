r"""Checkers for chapter 09, "Gradient descent and the full training loop".

One step :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`, the stopping rule of R's
``while(i < maxit && loss > abstol)`` and the confusion matrix. The slips: the step uphill, the
learning rate missing, the step without the parameter, the 1/N or the L2 term missing, a bias
penalised, the iteration count off by one, the confusion matrix transposed or as fractions.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_labels, check_scalar, check_vector
from ..model import forward_backward
from ..params import Params, check_batch
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table

STEP = table(
    "one gradient-descent step θ − lr·dθ",
    Slip("uphill", "theta + lr * dtheta", "the step goes uphill: {param} + lr·d{param} climbs the loss; subtract the "
         "gradient.", lambda c: c.theta + c.lr * c.grad),
    Slip("no-lr", "theta - dtheta", "the learning rate is missing: the step is lr·d{param}, not the whole gradient.",
         lambda c: c.theta - c.grad),
    Slip("step-only", "lr * dtheta", "this is the step lr·d{param} itself, not the updated {param} = {param} - "
         "lr·d{param}.", lambda c: c.lr * c.grad),
    Slip("summed-loss-weight", "theta - lr * (N * data + reg * theta), a weight", "the step uses the gradient of "
         "the summed loss (N times the mean's): the 1/N of dscores is missing from the data part of d{param}.",
         lambda c: c.theta - c.lr * (c.N * (c.grad - c.reg * c.theta) + c.reg * c.theta) if c.weight else None),
    Slip("no-l2", "theta - lr * data, a weight", "the L2 term reg·{param} is missing from the gradient in the step.",
         lambda c: c.theta - c.lr * (c.grad - c.reg * c.theta) if c.weight else None),
    Slip("summed-loss-bias", "theta - lr * N * dtheta, a bias", "the step uses the gradient of the summed loss "
         "(N times the mean's): the 1/N of dscores is missing.",
         lambda c: None if c.weight else c.theta - c.lr * c.N * c.grad),
    Slip("l2-on-bias", "theta - lr * (dtheta + reg * theta), a bias", "reg·{param} was added to a bias gradient: "
         "biases are not penalised.", lambda c: None if c.weight else c.theta - c.lr * (c.grad + c.reg * c.theta)),
)


@names_slips(STEP)

def check_step(answer, params, X, y, *, lr: float, reg: float, param: str = "W2") -> Feedback:
    r"""Exercise 1: one gradient-descent step for one parameter, :math:`\theta - \eta\,\partial L/\partial\theta`.

    R: ``W2 <- W2 - lr*dW2`` (``param`` names which of ``W1, b1, W2, b2``). Slips: :data:`STEP`,
    and the parameter itself changed in place.

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
    context = SimpleNamespace(theta=theta, grad=grad, lr=lr, reg=reg, N=X.shape[0], param=param,
                              weight=param in ("W1", "W2"))
    return compare(answer, theta - lr * grad, name=f"the new {param}", slips=STEP, context=context, inputs=inputs)


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


N_ITER = table(
    "the number of iterations",
    Slip("one-too-few", "the 0-based index of the first loss <= abstol", "one too few: that is the 0-based index of "
         "the first loss <= abstol. R counts iterations from 1, and the iteration that reaches abstol still runs.",
         lambda c: c.right - 1),
    Slip("one-too-many", "one more", "one too many: the loop stops right after the iteration whose loss is <= abstol "
         "(R tests the loss at the top of the loop).", lambda c: c.right + 1),
)


@names_slips(N_ITER)
def check_n_iter(answer, losses, *, abstol: float, maxit: int) -> Feedback:
    """Exercise 2: the number of iterations :func:`backprop.train` runs with ``abstol`` and ``maxit``.

    Slips: :data:`N_ITER`.

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
    return compare(answer, expected, name="the number of iterations", slips=N_ITER,
                   context=SimpleNamespace(right=expected))


CONFUSION = table(
    "the confusion matrix",
    Slip("transposed", "C.T", "the matrix is transposed: rows are the true classes, columns the predicted ones "
         "(C[i, j] counts true i predicted as j).", lambda c: c.right.T),
    Slip("fractions", "C / C.sum(axis=1, keepdims=True)", "these are fractions per true class; the exercise asks for "
         "counts.", lambda c: c.right / c.rows if np.all(c.rows > 0) else None),
)


@names_slips(CONFUSION)
def check_confusion(answer, y_true, y_pred, *, n_classes: int) -> Feedback:
    """Exercise 3: the confusion matrix, ``C[i, j]`` = number of rows of true class i predicted as j.

    R: ``table(testdata[, y], Y.set[labs])`` (true classes down the rows). Slips: :data:`CONFUSION`.

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
    context = SimpleNamespace(right=expected, rows=expected.sum(axis=1, keepdims=True))
    return compare(answer, expected, name="the confusion matrix", slips=CONFUSION, context=context)
