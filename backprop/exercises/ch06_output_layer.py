r"""Checkers for chapter 06, "Output-layer gradients".

:math:`\partial L/\partial W_2 = A^\top\delta_S + \lambda W_2` (shape H × K) and
:math:`\partial L/\partial b_2 = \sum_i \delta_{S,i}` (shape K). The slips: the product transposed
(``t(dscores) %*% hidden.layer``), the L2 term missing, the bias gradient summed over the wrong
axis (``rowSums``), and one unit's row of dW2 that forgets to weight each example by the unit's
activation.
"""

from __future__ import annotations

from types import SimpleNamespace

from .. import layers
from .._validation import check_matrix, check_scalar
from . import _shared_slips as shared
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table

DW2 = table(
    "dW2 = Aᵀ δ_S + λ W2",
    shared.transposed_weight_gradient("dW2", "hidden", "dscores", "H", "K"),
    *shared.l2("W2", lambda c: c.data, lambda c: c.W2, only=("no-l2", "l2-sign", "l2-over-N", "data-N-times")),
)


@names_slips(DW2)
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
        Slips: :data:`DW2`.
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
    context = SimpleNamespace(data=data_part, W2=W2, reg=reg, N=hidden.shape[0], H=W2.shape[0], K=W2.shape[1])
    return compare(answer, layers.l2_gradient(data_part, W2, reg=reg), name="dW2", slips=DW2, context=context,
                   inputs=inputs)


DB2 = table(
    "db2 = the column sums of δ_S",
    *shared.bias("db2", "dscores", "K", "b2", None, only=("rowsums", "one-number")),
)


@names_slips(DB2)
def check_db2(answer, dscores) -> Feedback:
    r"""Check R's ``db2 <- colSums(dscores)``: one number per class, shape (K,).

    Parameters
    ----------
    answer : array_like, shape (K,), or None
    dscores : ndarray, shape (N, K)

    Returns
    -------
    Feedback
        Slips: :data:`DB2`; the engine names N times too large (or too small: a mean).
    """
    inputs = {"dscores": dscores}
    dscores = check_matrix(dscores, "dscores")
    n = dscores.shape[0]
    return compare(answer, layers.bias_gradient(dscores), name="db2", slips=DB2, context=SimpleNamespace(N=n),
                   batch_size=n, inputs=inputs)


DW2_ROW = table(
    "one unit's row of Aᵀ δ_S",
    Slip("column", "a column of dW2", "dW2_row has shape ({H},), one number per hidden unit: that is a column of "
         "dW2. A unit's row has one number per class: dW2[unit], shape (K,).",
         lambda c: None if c.H == c.K else (c.H,), kind="shape"),
    Slip("unweighted", "dscores[active].sum(axis=0)", "dW2_row: each example contributes A_ij·δ_S,i, weighted by "
         "the unit's activation; this is the unweighted sum of δ_S,i over the examples where the unit is on.",
         lambda c: c.dscores[c.active].sum(axis=0)),
    Slip("db2", "dscores.sum(axis=0)", "dW2_row: that is db2, the sum of δ_S,i over all examples. The row of dW2 "
         "weights each δ_S,i by A_ij, which is 0 where the unit is off.", lambda c: c.dscores.sum(axis=0)),
)


@names_slips(DW2_ROW)
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
        Slips: :data:`DW2_ROW`.
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
    context = SimpleNamespace(dscores=dscores, active=hidden[:, unit] > 0, H=h, K=dscores.shape[1])
    expected = layers.weight_gradient(hidden, dscores)[unit]
    return compare(answer, expected, name="dW2_row", slips=DW2_ROW, context=context, batch_size=n, inputs=inputs)
