r"""Checkers for chapter 10, "Gradient checking": the relative error
:math:`\lVert a-b\rVert/(\lVert a\rVert+\lVert b\rVert)` and one central difference
:math:`(L(\theta+h) - L(\theta-h))/2h`."""

from __future__ import annotations

import numpy as np

from ..gradcheck import numerical_gradient, relative_error
from ..model import loss_and_gradients
from ..params import Params
from ._feedback import Feedback, compare


def check_relative_error(answer, a, b) -> Feedback:
    r"""Exercise 1: :math:`\lVert a-b\rVert_2 / (\lVert a\rVert_2 + \lVert b\rVert_2)` for two arrays."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = np.linalg.norm(a - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        elementwise = float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))
    return compare(answer, relative_error(a, b), name="the relative error", slips={
        "this is the element-wise version, max |a-b|/(|a|+|b|): it is dominated by entries that are "
        "nearly 0 in both arrays. Use norms of the whole arrays.": elementwise,
        "the denominator is ‖a‖ only: that is not symmetric in a and b; divide by ‖a‖ + ‖b‖.":
            diff / np.linalg.norm(a),
        "the denominator is ‖b‖ only: that is not symmetric in a and b; divide by ‖a‖ + ‖b‖.":
            diff / np.linalg.norm(b),
        "this is the absolute error ‖a-b‖: divide by ‖a‖ + ‖b‖ to make it scale-free.": diff,
        "this is the squared norm of a-b (np.sum((a-b)**2) without the square root), not scaled.":
            diff ** 2,
    })


def check_central_difference(answer, params, X, y, *, reg: float, param: str, index: tuple,
                             h: float = 1e-5) -> Feedback:
    r"""Exercise 2: :math:`\big(L(\theta + h e_j) - L(\theta - h e_j)\big)/2h` for one entry ``index`` of ``param``.

    Compared with an absolute tolerance of 1e-9: two correct evaluations of the loss may round
    differently, by about :math:`\epsilon |L|/h \approx 10^{-11}` after the division; a one-sided
    difference is off by about :math:`h\,|L''|/2`, far more unless the curvature vanishes.
    """
    if param not in Params._fields:
        raise ValueError(f"param must be one of {Params._fields}, got {param!r}")
    k = Params._fields.index(param)

    def loss(value):
        return loss_and_gradients(params._replace(**{param: value}), X, y, reg=reg)[0]

    theta = np.array(params[k], dtype=float, order="C")
    expected = float(numerical_gradient(loss, theta, h=h)[index])
    plus, minus = theta.copy(), theta.copy()
    plus[index] += h
    minus[index] -= h
    centre = loss(theta)
    return compare(answer, expected, name="the central difference", rtol=1e-8, atol=1e-9, slips={
        "this is a forward difference (L(θ+h) - L(θ))/h: its error is O(h), the central one's O(h²). "
        "Use (L(θ+h) - L(θ-h)) / (2h).": (loss(plus) - centre) / h,
        "this is a backward difference (L(θ) - L(θ-h))/h: its error is O(h), the central one's O(h²). "
        "Use (L(θ+h) - L(θ-h)) / (2h).": (centre - loss(minus)) / h,
        "twice too large: the two points are 2h apart, so divide by 2h, not h.": 2 * expected,
        "half what it should be: the two points are 2h apart, divide by 2h (not 4h or h twice).": expected / 2,
        "the sign is flipped: it is (L(θ+h) - L(θ-h)) / (2h).": -expected,
    })
