r"""Checkers for chapter 11, "Library cross-check and beyond".

scikit-learn's ``alpha`` for R's ``reg`` (:math:`\alpha = \lambda N`), and the recursion of a deeper
network, :math:`\delta_{Z_l} = (\delta_{Z_{l+1}} W_{l+1}^\top)\odot[A_l > 0]` and
:math:`\partial L/\partial W_l = A_{l-1}^\top\delta_{Z_l} + \lambda W_l`. The slips: alpha = reg, reg/N or
2·reg·N; the mask missing or inverted; the L2 term missing, halved or doubled.
"""

from __future__ import annotations

from types import SimpleNamespace

from .._validation import check_matrix, check_scalar
from ..layers import input_gradient, l2_gradient, relu_backward, weight_gradient
from . import _shared_slips as shared
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table

ALPHA = table(
    "scikit-learn's alpha for R's reg",
    Slip("reg", "reg", "alpha = reg is too small by a factor N: scikit-learn divides its penalty 0.5·alpha·ΣW² by "
         "the number of samples, R does not; multiply by N.", lambda c: c.reg),
    Slip("reg-over-N", "reg / N", "divided instead of multiplied: scikit-learn's penalty is (alpha/N)·0.5·ΣW², so "
         "alpha/N = reg means alpha = reg·N.", lambda c: c.reg / c.N),
    Slip("doubled", "2 * reg * N", "the 0.5 is in both penalties, so it does not change alpha: alpha = reg·N.",
         lambda c: 2 * c.reg * c.N),
)


@names_slips(ALPHA)

def check_alpha(answer, *, reg: float, n_samples: int) -> Feedback:
    r"""Exercise 1: the ``alpha`` of ``MLPClassifier`` that matches R's ``reg`` on a batch of ``n_samples`` rows.

    scikit-learn's loss is :math:`\text{mean CE} + \frac{\alpha}{2N}\sum\lVert W\rVert^2`, R's is
    :math:`\text{mean CE} + \frac{\lambda}{2}\sum\lVert W\rVert^2`, so :math:`\alpha = \lambda N`.

    Parameters
    ----------
    answer : float or None
    reg : float
    n_samples : int

    Returns
    -------
    Feedback
        A typed number is judged at the digits it was typed with. Slips: :data:`ALPHA`.
    """
    check_scalar(reg, "reg", strict=True)
    check_scalar(n_samples, "n_samples", minimum=1, integer=True)
    return compare(answer, reg * n_samples, name="alpha", slips=ALPHA, context=SimpleNamespace(reg=reg, N=n_samples))


DELTA = table(
    "δ_Z_l = (δ_Z_l+1 W_l+1ᵀ) ⊙ [A_l > 0]",
    *shared.relu_mask(lambda c: c.unmasked, lambda c: c.h, only=("no-mask", "inverted")),
)


@names_slips(DELTA)
def check_delta(answer, delta_next, W_next, h) -> Feedback:
    r"""Exercise 2: one step of the recursion, :math:`\delta_{Z_l} = (\delta_{Z_{l+1}} W_{l+1}^\top)\odot[A_l > 0]`.

    ``delta_next`` (N, n_{l+1}) is :math:`\delta_{Z_{l+1}}`, the gradient at layer l+1's
    pre-activation (after its mask), ``W_next`` (n_l, n_{l+1}) the weights into layer l+1, ``h``
    (N, n_l) layer l's ReLU output :math:`A_l`.

    Parameters
    ----------
    answer : array_like, shape (N, n_l), or None
    delta_next : ndarray, shape (N, n_{l+1})
    W_next : ndarray, shape (n_l, n_{l+1})
    h : ndarray, shape (N, n_l)

    Returns
    -------
    Feedback
        Slips: :data:`DELTA`.
    """
    inputs = {"delta_next": delta_next, "W_next": W_next, "h": h}
    delta_next = check_matrix(delta_next, "delta_next")
    W_next = check_matrix(W_next, "W_next", n_cols=delta_next.shape[1])
    h = check_matrix(h, "h", n_cols=W_next.shape[0])
    if h.shape[0] != delta_next.shape[0]:
        raise ValueError(f"h must have the rows of delta_next ({delta_next.shape[0]}), got shape {h.shape}")
    unmasked = input_gradient(delta_next, W_next)
    expected = relu_backward(unmasked, h)
    return compare(answer, expected, name="δ_{Z_l}", slips=DELTA, context=SimpleNamespace(unmasked=unmasked, h=h),
                   inputs=inputs)


LAYER_WEIGHT_GRADIENT = table(
    "dW_l = A_l-1ᵀ δ_Z_l + λ W_l",
    *shared.l2("W_l", lambda c: c.data, lambda c: c.W, only=("no-l2", "l2-half", "l2-double")),
)


@names_slips(LAYER_WEIGHT_GRADIENT)
def check_layer_weight_gradient(answer, h_prev, delta, W, *, reg: float) -> Feedback:
    r"""Exercise 3: :math:`\partial L/\partial W_l = A_{l-1}^\top\delta_{Z_l} + \lambda W_l`.

    ``h_prev`` (N, n_{l-1}) is the layer's input :math:`A_{l-1}`, ``delta`` (N, n_l) the gradient
    :math:`\delta_{Z_l}` at its pre-activation, ``W`` (n_{l-1}, n_l) its weights.

    Parameters
    ----------
    answer : array_like, shape (n_{l-1}, n_l), or None
    h_prev : ndarray, shape (N, n_{l-1})
    delta : ndarray, shape (N, n_l)
    W : ndarray, shape (n_{l-1}, n_l)
    reg : float

    Returns
    -------
    Feedback
        Slips: :data:`LAYER_WEIGHT_GRADIENT`.
    """
    inputs = {"h_prev": h_prev, "delta": delta, "W": W}
    h_prev = check_matrix(h_prev, "h_prev")
    delta = check_matrix(delta, "delta")
    W = check_matrix(W, "W", n_cols=delta.shape[1])
    if W.shape[0] != h_prev.shape[1] or h_prev.shape[0] != delta.shape[0]:
        raise ValueError(f"expected h_prev (N, n_prev), delta (N, n), W (n_prev, n); got {h_prev.shape}, "
                         f"{delta.shape}, {W.shape}")
    check_scalar(reg, "reg")
    data = weight_gradient(h_prev, delta)
    return compare(answer, l2_gradient(data, W, reg=reg), name="dW_l", slips=LAYER_WEIGHT_GRADIENT,
                   context=SimpleNamespace(data=data, W=W, reg=reg), inputs=inputs)
