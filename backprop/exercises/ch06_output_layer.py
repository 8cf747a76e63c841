r"""Checkers for chapter 06, "Output-layer gradients".

:math:`\partial L/\partial W_2 = A^\top\delta_S + \lambda W_2` (shape H × K) and
:math:`\partial L/\partial b_2 = \sum_i \delta_{S,i}` (shape K). The slips: the product transposed
(``t(dscores) %*% hidden.layer``), the L2 term missing, the bias gradient summed over the wrong
axis (``rowSums``), and one unit's row of dW2 that forgets to weight each example by the unit's
activation.
"""

from __future__ import annotations

from .. import layers
from .._validation import check_matrix, check_scalar
from ._feedback import Feedback, compare


def check_dW2(answer, hidden, dscores, W2, *, reg: float) -> Feedback:
    r"""Check R's final ``dW2``: :math:`A^\top\delta_S + \lambda W_2`.

    Parameters
    ----------
    answer : array_like, shape (H, K), or None
    hidden : ndarray, shape (N, H)
        ``hidden.layer``, :math:`A` (after the ReLU).
    dscores : ndarray, shape (N, K)
        :math:`\delta_S`, already divided by N.
    W2 : ndarray, shape (H, K)
    reg : float

    Returns
    -------
    Feedback
        Recognised: ``t(dscores) %*% hidden.layer`` (shape K × H), the L2 term missing or
        subtracted, ``dscores`` before the division by N.
    """
    inputs = {"hidden": hidden, "dscores": dscores, "W2": W2}
    hidden = check_matrix(hidden, "hidden")
    dscores = check_matrix(dscores, "dscores")
    W2 = check_matrix(W2, "W2")
    if dscores.shape[0] != hidden.shape[0] or W2.shape != (hidden.shape[1], dscores.shape[1]):
        raise ValueError(f"expected hidden (N, H), dscores (N, K), W2 (H, K); got {hidden.shape}, "
                         f"{dscores.shape}, {W2.shape}")
    check_scalar(reg, "reg")
    data_part = layers.weight_gradient(hidden, dscores)
    expected = layers.l2_gradient(data_part, W2, reg=reg)
    transposed = {expected.T.shape: f"dW2 has shape {expected.T.shape}, the transpose of W2's {W2.shape}: "
                                    "that is t(dscores) %*% hidden.layer. The gradient has the shape of W2, "
                                    "[H × K] = [H × N]·[N × K]: hidden.T @ dscores."}
    slips = {
        "dW2: the L2 term is missing (R: dW2 <- dW2 + reg*W2).": data_part,
        "dW2: reg·W2 was subtracted instead of added.": data_part - reg * W2,
        f"dW2: the data part is N = {hidden.shape[0]} times too large; use dscores after the "
        "division by the batch size.": data_part * hidden.shape[0] + reg * W2,
    }
    return compare(answer, expected, name="dW2", slips=slips, shape_slips=transposed, inputs=inputs)


def check_db2(answer, dscores) -> Feedback:
    r"""Check R's ``db2 <- colSums(dscores)``: one number per class, shape (K,).

    Parameters
    ----------
    answer : array_like, shape (K,), or None
    dscores : ndarray, shape (N, K)

    Returns
    -------
    Feedback
        Recognised: ``rowSums`` (axis=1, shape N), a sum over both axes (one number), N times too
        large.
    """
    inputs = {"dscores": dscores}
    dscores = check_matrix(dscores, "dscores")
    n = dscores.shape[0]
    shape_slips = {
        (n,): f"db2 has shape ({n},), one number per example: that sums each row (rowSums, axis=1), and "
              "every row of P − T sums to 0. The bias adds to every example's scores, so its gradient "
              "sums over the examples: colSums, axis=0, one number per class.",
        (): "db2 is a single number: it summed over both axes. Sum over the examples only "
            "(colSums, axis=0) to get one number per class.",
    }
    return compare(answer, layers.bias_gradient(dscores), name="db2", batch_size=n, shape_slips=shape_slips,
                   inputs=inputs)


def check_dW2_row(answer, hidden, dscores, unit: int) -> Feedback:
    r"""Check one row of :math:`A^\top\delta_S`: :math:`\sum_i A_{ij}\,\delta_{S,i}`, the data part of unit ``j``'s
    row of dW2.

    Parameters
    ----------
    answer : array_like, shape (K,), or None
    hidden : ndarray, shape (N, H)
    dscores : ndarray, shape (N, K)
    unit : int
        The hidden unit's Python index, ``j - 1`` for unit ``j`` numbered 1..H as in the chapters.

    Returns
    -------
    Feedback
        Recognised: the unweighted sum over the examples where the unit is on, ``db2``, a column
        of dW2 instead of a row.
    """
    inputs = {"hidden": hidden, "dscores": dscores}
    hidden = check_matrix(hidden, "hidden")
    dscores = check_matrix(dscores, "dscores")
    if dscores.shape[0] != hidden.shape[0]:
        raise ValueError(f"hidden and dscores must have the same number of rows, got {hidden.shape} "
                         f"and {dscores.shape}")
    check_scalar(unit, "unit", integer=True)
    n, h = hidden.shape
    if unit >= h:
        raise ValueError(f"unit must be below the number of hidden units {h}, got {unit}")
    active = hidden[:, unit] > 0
    slips = {
        "dW2_row: each example contributes A_ij·δ_S,i, weighted by the unit's activation; this is the "
        "unweighted sum of δ_S,i over the examples where the unit is on.": dscores[active].sum(axis=0),
        "dW2_row: that is db2, the sum of δ_S,i over all examples. The row of dW2 weights each δ_S,i "
        "by A_ij, which is 0 where the unit is off.": layers.bias_gradient(dscores),
    }
    expected = layers.weight_gradient(hidden, dscores)[unit]
    column = {(h,): f"dW2_row has shape ({h},), one number per hidden unit: that is a column of dW2. "
                    "A unit's row has one number per class: dW2[unit], shape (K,)."}
    return compare(answer, expected, name="dW2_row", slips=slips, batch_size=n, shape_slips=column,
                   inputs=inputs)
