r"""Gradient checking by central differences.

.. math::

    \frac{\partial f}{\partial x_j} \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h},
    \qquad \text{error } O(h^2)

and the relative error :math:`\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)`.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validation import check_array, check_scalar
from .model import loss_and_gradients
from .params import Params, check_batch


def numerical_gradient(f: Callable[[np.ndarray], float], x, *, h: float = 1e-5) -> np.ndarray:
    r"""Central-difference gradient of a scalar function ``f`` at ``x``.

    .. math:: g_j = \frac{f(x + h e_j) - f(x - h e_j)}{2h}

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a real number.
    x : ndarray of float
        The point; not modified (``f`` is evaluated on a perturbed copy).
    h : float, default 1e-5
        Step; > 0. The truncation error is :math:`O(h^2)`, the rounding error about
        :math:`\epsilon_{mach}|f|/h`, so 1e-5 balances the two in float64.

    Returns
    -------
    ndarray, shape of ``x``
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    x = check_array(x, "x")
    check_scalar(h, "h", strict=True)
    point = np.array(x, dtype=np.float64, order="C")  # a C-ordered copy, so reshape(-1) is a view
    grad = np.empty_like(point)
    flat, gflat = point.reshape(-1), grad.reshape(-1)
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + h
        f_plus = f(point)
        flat[j] = old - h
        f_minus = f(point)
        flat[j] = old
        gflat[j] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b, *, eps: float = 1e-12) -> float:
    r"""Relative error of two arrays :math:`\lVert a-b\rVert_2 / \max(\lVert a\rVert_2+\lVert b\rVert_2, \epsilon)`.

    Scale-free, between 0 and 1. For float64 gradients checked by central differences, below
    about 1e-7 means they agree; 1e-2 or more means one of them is wrong. (An element-wise
    version, as in CS231n, is dominated by entries that are nearly 0 in both.)

    Parameters
    ----------
    a, b : ndarray of the same shape
    eps : float, default 1e-12
        Floor on the denominator, so that two zero arrays compare as equal.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("a and b must not be empty")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), eps))


class GradientCheckRow(NamedTuple):
    """One parameter's comparison of analytic and numerical gradients."""

    name: str
    shape: tuple
    max_abs_diff: float
    relative_error: float


class GradientCheck(NamedTuple):
    """Result of :func:`check_gradients`: one row per parameter, printable as a table."""

    rows: tuple

    @property
    def max_relative_error(self) -> float:
        """The worst relative error over all parameters."""
        return max(r.relative_error for r in self.rows)

    def __str__(self) -> str:
        lines = [f"{'param':<6}{'shape':>10}{'max |diff|':>14}{'rel. error':>14}"]
        lines += [f"{r.name:<6}{str(r.shape):>10}{r.max_abs_diff:>14.2e}{r.relative_error:>14.2e}"
                  for r in self.rows]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def check_gradients(params: Params, X, y, *, reg: float, h: float = 1e-5,
                    grads: Params | None = None) -> GradientCheck:
    r"""Compare the gradients of :func:`backprop.loss_and_gradients` with central differences.

    Parameters
    ----------
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float
    h : float, default 1e-5
    grads : Params, optional
        Gradients to check instead of the helper's own (e.g. a learner's, or a deliberately
        wrong version); each must have its parameter's shape.

    Returns
    -------
    GradientCheck
        Rows for ``W1, b1, W2, b2`` with the largest absolute difference and relative error.
    """
    params, X, y = check_batch(params, X, y)
    if grads is None:
        grads = loss_and_gradients(params, X, y, reg=reg)[1]
    elif not isinstance(grads, Params):
        raise TypeError(f"grads must be a backprop.Params, got {type(grads).__name__}")
    rows = []
    for k, name in enumerate(Params._fields):
        if np.shape(grads[k]) != params[k].shape:
            raise ValueError(f"grads.{name} must have shape {params[k].shape}, got {np.shape(grads[k])}")

        def f(value, k=k):
            return loss_and_gradients(params._replace(**{Params._fields[k]: value}), X, y, reg=reg)[0]

        numeric = numerical_gradient(f, params[k], h=h)
        rows.append(GradientCheckRow(name, params[k].shape, float(np.max(np.abs(numeric - grads[k]))),
                                     relative_error(grads[k], numeric)))
    return GradientCheck(tuple(rows))
