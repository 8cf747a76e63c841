r"""Checkers for chapter 08, "First layer and regularisation".

:math:`\partial L/\partial W_1 = X^\top\delta_Z + \lambda W_1`, :math:`\partial L/\partial b_1 = \sum_i \delta_{Z,i}`
and the penalty :math:`\tfrac12\lambda(\sum W_1^2 + \sum W_2^2)`. The slips: the ReLU mask missing
(the question's formula for dW1), the L2 term missing, halved, doubled or given to a bias, the
1/N missing, a mean instead of a sum, the 0.5 missing, the biases penalised, one weight matrix
left out.
"""

from __future__ import annotations

from types import SimpleNamespace

from .._validation import check_scalar
from ..layers import input_gradient, l2_penalty, weight_gradient
from ..model import forward_backward
from ..params import check_batch, check_params
from . import _shared_slips as shared
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table


def _checked_pass(params, X, y, reg):
    """The validated ``params`` and ``X`` and the workspace of one pass, as the dW1 and db1 checkers need them."""
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    return params, X, forward_backward(params, X, y, reg=reg)


DW1 = table(
    "dW1 = Xᵀ δ_Z + λ W1",
    Slip("no-mask", "X.T @ (dscores @ W2.T) + reg * W1", "the ReLU mask is missing (the question's formula for dW1 "
         "has the same slip): a unit with z <= 0 passes no gradient back, so zero δ_A = dscores·W2ᵀ where "
         "hidden.layer <= 0 (that is δ_Z) before multiplying by Xᵀ.", lambda c: c.unmasked + c.reg * c.W1),
    Slip("no-mask-no-l2", "X.T @ (dscores @ W2.T)", "the ReLU mask and the L2 term are both missing: mask δ_A with "
         "[hidden > 0] (giving δ_Z), then add reg·W1.", lambda c: c.unmasked),
    *shared.l2("W1", lambda c: c.data, lambda c: c.W1, only=("no-l2", "l2-half", "l2-double", "data-N-times")),
)


@names_slips(DW1)
def check_dW1(answer, params, X, y, *, reg: float) -> Feedback:
    r"""Exercise 1: the full :math:`\partial L/\partial W_1 = X^\top\delta_Z + \lambda W_1`, with
    :math:`\delta_Z = (\delta_S W_2^\top)\odot[A>0]`.

    R: ``dhidden <- dscores %*% t(W2); dhidden[hidden.layer <= 0] <- 0; dW1 <- t(X) %*% dhidden;
    dW1 <- dW1 + reg*W1``. Slips: :data:`DW1`.

    Parameters
    ----------
    answer : array_like, shape (D, H), or None
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float

    Returns
    -------
    Feedback
    """
    inputs = {"params": params, "X": X}
    params, X, ws = _checked_pass(params, X, y, reg)
    context = SimpleNamespace(W1=params.W1, reg=reg, N=X.shape[0], data=weight_gradient(X, ws.dz),
                              unmasked=weight_gradient(X, input_gradient(ws.dscores, params.W2)))
    return compare(answer, ws.grads.W1, name="dW1", slips=DW1, context=context, batch_size=X.shape[0],
                   inputs=inputs)


DB1 = table(
    "db1 = the column sums of δ_Z",
    *shared.bias("db1", "dz", "H", "b1", lambda c: c.right, only=("l2-on-bias", "mean")),
    Slip("no-mask", "(dscores @ W2.T).sum(axis=0)", "the ReLU mask is missing: sum the *masked* dhidden (zeroed "
         "where hidden.layer <= 0).", lambda c: c.unmasked.sum(axis=0)),
)


@names_slips(DB1)
def check_db1(answer, params, X, y, *, reg: float) -> Feedback:
    r"""Exercise 2: :math:`\partial L/\partial b_1 = \sum_i \delta_{Z,i}`, the column sums of the masked ``dhidden``.

    R: ``db1 <- colSums(dhidden)``; biases get no L2 term. Slips: :data:`DB1`.

    Parameters
    ----------
    answer : array_like, shape (H,), or None
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float

    Returns
    -------
    Feedback
    """
    inputs = {"params": params, "X": X}
    params, X, ws = _checked_pass(params, X, y, reg)
    context = SimpleNamespace(right=ws.grads.b1, b1=params.b1, reg=reg, N=X.shape[0],
                              unmasked=input_gradient(ws.dscores, params.W2))
    return compare(answer, ws.grads.b1, name="db1", slips=DB1, context=context, batch_size=X.shape[0],
                   inputs=inputs)


L2_PENALTY = table(
    "the penalty 0.5·reg·(ΣW1² + ΣW2²)",
    Slip("no-half", "reg * (ΣW1² + ΣW2²)", "the 0.5 is missing: the penalty is 0.5·reg·ΣW² (the 0.5 makes its "
         "gradient reg·W).", lambda c: 2 * c.right),
    Slip("biases", "0.5 * reg * (ΣW1² + Σb1² + ΣW2² + Σb2²)", "the biases were included: only W1 and W2 are "
         "penalised.", lambda c: l2_penalty(c.W1, c.b1, c.W2, c.b2, reg=c.reg)),
    Slip("no-W2", "0.5 * reg * ΣW1²", "W2 is missing: the penalty sums the squares of both weight matrices.",
         lambda c: l2_penalty(c.W1, reg=c.reg)),
    Slip("no-W1", "0.5 * reg * ΣW2²", "W1 is missing: the penalty sums the squares of both weight matrices.",
         lambda c: l2_penalty(c.W2, reg=c.reg)),
)


@names_slips(L2_PENALTY)
def check_l2_penalty(answer, params, *, reg: float) -> Feedback:
    r"""Exercise 3: the penalty :math:`\tfrac12\lambda(\sum W_1^2 + \sum W_2^2)` as one number.

    R: ``reg.loss <- 0.5*reg* (sum(W1*W1) + sum(W2*W2))``. Slips: :data:`L2_PENALTY`.

    Parameters
    ----------
    answer : float or None
    params : Params
    reg : float

    Returns
    -------
    Feedback
    """
    params = check_params(params)
    check_scalar(reg, "reg")
    W1, b1, W2, b2 = params
    expected = l2_penalty(W1, W2, reg=reg)
    context = SimpleNamespace(right=expected, W1=W1, b1=b1, W2=W2, b2=b2, reg=reg)
    return compare(answer, expected, name="the penalty", slips=L2_PENALTY, context=context)
