r"""Checkers for chapter 08, "First layer and regularisation".

:math:`\partial L/\partial W_1 = X^\top\delta_Z + \lambda W_1`, :math:`\partial L/\partial b_1 = \sum_i \delta_{Z,i}`
and the penalty :math:`\tfrac12\lambda(\sum W_1^2 + \sum W_2^2)`. The slips: the ReLU mask missing
(the question's formula for dW1), the L2 term missing, halved, doubled or given to a bias, the
1/N missing, a mean instead of a sum, the 0.5 missing, the biases penalised, one weight matrix
left out.
"""

from __future__ import annotations

from .._validation import check_scalar
from ..layers import input_gradient, l2_penalty, weight_gradient
from ..model import forward_backward
from ..params import check_batch, check_params
from ._feedback import Feedback, compare

_NO_MASK = ("the ReLU mask is missing (the question's formula for dW1 has the same slip): a unit with "
            "z <= 0 passes no gradient back, so zero δ_A = dscores·W2ᵀ where hidden.layer <= 0 (that is δ_Z) "
            "before multiplying by Xᵀ.")


def _checked_pass(params, X, y, reg):
    """The validated ``params`` and ``X`` and the workspace of one pass, as the dW1 and db1 checkers need them."""
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    return params, X, forward_backward(params, X, y, reg=reg)


def check_dW1(answer, params, X, y, *, reg: float) -> Feedback:
    r"""Exercise 1: the full :math:`\partial L/\partial W_1 = X^\top\delta_Z + \lambda W_1`, with
    :math:`\delta_Z = (\delta_S W_2^\top)\odot[A>0]`.

    R: ``dhidden <- dscores %*% t(W2); dhidden[hidden.layer <= 0] <- 0; dW1 <- t(X) %*% dhidden;
    dW1 <- dW1 + reg*W1``. Recognised: the mask missing, the mask and the L2 term missing, the L2
    term missing, halved or doubled, the data part N times too large.

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
    W1 = params.W1
    data = weight_gradient(X, ws.dz)
    unmasked = weight_gradient(X, input_gradient(ws.dscores, params.W2))
    return compare(answer, ws.grads.W1, name="dW1", batch_size=X.shape[0], inputs=inputs, slips={
        _NO_MASK: unmasked + reg * W1,
        "the ReLU mask and the L2 term are both missing: mask δ_A with [hidden > 0] (giving δ_Z), "
        "then add reg·W1.": unmasked,
        "the L2 term is missing: the loss has 0.5·reg·ΣW1², whose gradient reg·W1 is added to Xᵀδ_Z.": data,
        "the L2 term is half what it should be: d/dW of 0.5·reg·W² is reg·W (the 2 of the square cancels "
        "the 0.5).": data + 0.5 * reg * W1,
        "the L2 term is twice what it should be: the 0.5 in 0.5·reg·ΣW² cancels the 2 of the square, "
        "so the gradient is reg·W, not 2·reg·W.": data + 2 * reg * W1,
        "the data part is N times too large: dscores must be divided by the batch size before it is "
        "sent back (the loss is a mean); the L2 term is not divided.": X.shape[0] * data + reg * W1,
    })


def check_db1(answer, params, X, y, *, reg: float) -> Feedback:
    r"""Exercise 2: :math:`\partial L/\partial b_1 = \sum_i \delta_{Z,i}`, the column sums of the masked ``dhidden``.

    R: ``db1 <- colSums(dhidden)``; biases get no L2 term. Recognised: reg·b1 added, the mask
    missing, a mean instead of a sum, N times too large.

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
    expected = ws.grads.b1
    unmasked = input_gradient(ws.dscores, params.W2)
    return compare(answer, expected, name="db1", batch_size=X.shape[0], inputs=inputs, slips={
        "reg·b1 was added: the course (like the R code) penalises only the weights, so the bias "
        "gradient has no L2 term.": expected + reg * params.b1,
        "the ReLU mask is missing: sum the *masked* dhidden (zeroed where hidden.layer <= 0).":
            unmasked.sum(axis=0),
        "this is a mean over the rows, not a sum: the 1/N is already inside dscores, so db1 is "
        "colSums(dhidden).": expected / X.shape[0],
    })


def check_l2_penalty(answer, params, *, reg: float) -> Feedback:
    r"""Exercise 3: the penalty :math:`\tfrac12\lambda(\sum W_1^2 + \sum W_2^2)` as one number.

    R: ``reg.loss <- 0.5*reg* (sum(W1*W1) + sum(W2*W2))``. Recognised: the 0.5 missing, the
    biases included, one of the weight matrices left out.

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
    return compare(answer, expected, name="the penalty", slips={
        "the 0.5 is missing: the penalty is 0.5·reg·ΣW² (the 0.5 makes its gradient reg·W).": 2 * expected,
        "the biases were included: only W1 and W2 are penalised.":
            l2_penalty(W1, b1, W2, b2, reg=reg),
        "W2 is missing: the penalty sums the squares of both weight matrices.": l2_penalty(W1, reg=reg),
        "W1 is missing: the penalty sums the squares of both weight matrices.": l2_penalty(W2, reg=reg),
    })
