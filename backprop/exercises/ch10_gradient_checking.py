r"""Checkers for chapter 10, "Gradient checking".

The relative error :math:`\lVert a-b\rVert/(\lVert a\rVert+\lVert b\rVert)` and one central difference
:math:`(L(\theta+h) - L(\theta-h))/2h`. The slips: the element-wise error, a one-sided denominator,
the absolute or squared error, a forward or backward difference, a step of h or 4h instead of 2h,
the sign, and the analytic gradient given where the finite difference is asked for.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_array, check_scalar
from ..gradcheck import numerical_gradient, relative_error
from ..model import loss_and_gradients
from ..params import Params, check_batch
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table

_ONE_SIDED = "the denominator is {which} only: that is not symmetric in a and b; divide by ‖a‖ + ‖b‖."

RELATIVE_ERROR = table(
    "the relative error ‖a − b‖/(‖a‖ + ‖b‖)",
    Slip("elementwise", "max |a - b| / (|a| + |b|)", "this is the element-wise version, max |a-b|/(|a|+|b|): it is "
         "dominated by entries that are nearly 0 in both arrays. Use norms of the whole arrays.",
         lambda c: c.elementwise),
    Slip("by-a", "‖a − b‖ / ‖a‖", _ONE_SIDED.replace("{which}", "‖a‖"), lambda c: c.by_a),
    Slip("by-b", "‖a − b‖ / ‖b‖", _ONE_SIDED.replace("{which}", "‖b‖"), lambda c: c.by_b),
    Slip("absolute", "‖a − b‖", "this is the absolute error ‖a-b‖: divide by ‖a‖ + ‖b‖ to make it scale-free.",
         lambda c: c.diff),
    Slip("squared", "np.sum((a - b)**2)", "this is the squared norm of a-b (np.sum((a-b)**2) without the square "
         "root), not scaled.", lambda c: c.diff ** 2),
)


@names_slips(RELATIVE_ERROR)

def check_relative_error(answer, a, b) -> Feedback:
    r"""Exercise 1: :math:`\lVert a-b\rVert_2 / (\lVert a\rVert_2 + \lVert b\rVert_2)` for two arrays.

    Slips: :data:`RELATIVE_ERROR`.

    Parameters
    ----------
    answer : float or None
    a, b : ndarray, same shape
        The two gradients compared (not both zero).

    Returns
    -------
    Feedback
    """
    a, b = check_array(a, "a"), check_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a {a.shape}, got {b.shape}")
    if not (np.any(a) or np.any(b)):
        raise ValueError("a and b must not both be zero (the relative error is 0/0)")
    diff = np.linalg.norm(a - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        context = SimpleNamespace(diff=diff, by_a=diff / np.linalg.norm(a), by_b=diff / np.linalg.norm(b),
                                  elementwise=float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12))))
    return compare(answer, relative_error(a, b), name="the relative error", slips=RELATIVE_ERROR, context=context)


CENTRAL_DIFFERENCE = table(
    "the central difference (L(θ + h) − L(θ − h))/2h",
    Slip("analytic", "backprop's gradient", "this is the analytic gradient (backprop's d{param}), not a finite "
         "difference: evaluate the loss at θ + h and θ − h and divide the difference by 2h.", lambda c: c.analytic,
         kind="exact"),
    Slip("forward", "(L(θ+h) - L(θ)) / h", "this is a forward difference (L(θ+h) - L(θ))/h: its error is O(h), the "
         "central one's O(h²). Use (L(θ+h) - L(θ-h)) / (2h).", lambda c: (c.plus - c.centre) / c.h),
    Slip("backward", "(L(θ) - L(θ-h)) / h", "this is a backward difference (L(θ) - L(θ-h))/h: its error is O(h), the "
         "central one's O(h²). Use (L(θ+h) - L(θ-h)) / (2h).", lambda c: (c.centre - c.minus) / c.h),
    Slip("twice", "(L(θ+h) - L(θ-h)) / h", "twice too large: the two points are 2h apart, so divide by 2h, not h.",
         lambda c: 2 * c.right),
    Slip("half", "(L(θ+h) - L(θ-h)) / (4h)", "half what it should be: the two points are 2h apart, divide by 2h "
         "(not 4h or h twice).", lambda c: c.right / 2),
    Slip("sign", "(L(θ-h) - L(θ+h)) / (2h)", "the sign is flipped: it is (L(θ+h) - L(θ-h)) / (2h).",
         lambda c: -c.right),
)


@names_slips(CENTRAL_DIFFERENCE)
def check_central_difference(answer, params, X, y, *, reg: float, param: str, index: tuple,
                             h: float = 1e-5) -> Feedback:
    r"""Exercise 2: :math:`\big(L(\theta + h e_j) - L(\theta - h e_j)\big)/2h` for one entry ``index`` of ``param``.

    Compared with an absolute tolerance of 1e-9: two correct evaluations of the loss may round
    differently, by about :math:`\epsilon |L|/h \approx 10^{-11}` after the division; a one-sided
    difference is off by about :math:`h\,|L''|/2`, far more unless the curvature vanishes.

    The analytic gradient (backprop's) differs from the central difference by only
    :math:`O(h^2)`, within that tolerance; it is recognised by an exact match (a few units in the
    last place), which an independently computed difference essentially never gives.

    Parameters
    ----------
    answer : float or None
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float
    param : {"W1", "b1", "W2", "b2"}
    index : tuple of int
        The entry of ``params.<param>``.
    h : float, default 1e-5

    Returns
    -------
    Feedback
        Slips: :data:`CENTRAL_DIFFERENCE`.
    """
    if param not in Params._fields:
        raise ValueError(f"param must be one of {Params._fields}, got {param!r}")
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    check_scalar(h, "h", strict=True)
    k = Params._fields.index(param)
    try:
        np.empty(params[k].shape)[index]
        valid = isinstance(index, tuple) and len(index) == params[k].ndim
    except (IndexError, TypeError):
        valid = False
    if not valid:
        raise ValueError(f"index must be a tuple of {params[k].ndim} ints inside {param}'s shape "
                         f"{params[k].shape}, got {index!r}")

    def loss(value):
        return loss_and_gradients(params._replace(**{param: value}), X, y, reg=reg)[0]

    theta = np.array(params[k], dtype=float, order="C")
    expected = float(numerical_gradient(loss, theta, h=h)[index])
    plus, minus = theta.copy(), theta.copy()
    plus[index] += h
    minus[index] -= h
    context = SimpleNamespace(param=param, h=h, right=expected, centre=loss(theta), plus=loss(plus),
                              minus=loss(minus),
                              analytic=float(loss_and_gradients(params, X, y, reg=reg)[1][k][index]))
    return compare(answer, expected, name="the central difference", slips=CENTRAL_DIFFERENCE, context=context,
                   rtol=1e-8, atol=1e-9)
