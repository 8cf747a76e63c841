r"""Checkers for chapter 06, "Output-layer gradients".

:math:`\partial L/\partial W_2 = h^\top\delta + \lambda W_2` (shape H × K) and
:math:`\partial L/\partial b_2 = \sum_i \delta_i` (shape K). The slips: the product transposed
(``t(dscores) %*% hidden.layer``), the L2 term missing, the bias gradient summed over the wrong
axis (``rowSums``), and dead units counted from 1 or with *any* instead of *all*.
"""

from __future__ import annotations

import numpy as np

from .. import layers
from .._validation import check_matrix, check_scalar
from ._feedback import Feedback, compare, no_answer


def check_dW2(answer, hidden, dscores, W2, *, reg: float) -> Feedback:
    r"""Check R's final ``dW2``: :math:`h^\top\delta + \lambda W_2`.

    Parameters
    ----------
    answer : array_like, shape (H, K), or None
    hidden : ndarray, shape (N, H)
        ``hidden.layer`` (after the ReLU).
    dscores : ndarray, shape (N, K)
        Already divided by N.
    W2 : ndarray, shape (H, K)
    reg : float
    """
    hidden = check_matrix(hidden, "hidden")
    dscores = check_matrix(dscores, "dscores")
    W2 = check_matrix(W2, "W2")
    if dscores.shape[0] != hidden.shape[0] or W2.shape != (hidden.shape[1], dscores.shape[1]):
        raise ValueError(f"expected hidden (N, H), dscores (N, K), W2 (H, K); got {hidden.shape}, "
                         f"{dscores.shape}, {W2.shape}")
    check_scalar(reg, "reg")
    data_part = layers.weight_gradient(hidden, dscores)
    expected = layers.l2_gradient(data_part, W2, reg=reg)
    if answer is not None and np.shape(answer) == expected.T.shape != expected.shape:
        return Feedback(False, f"dW2 has shape {np.shape(answer)}, the transpose of W2's {W2.shape}: "
                               "that is t(dscores) %*% hidden.layer. The gradient has the shape of W2, "
                               "[H × K] = [H × N]·[N × K]: hidden.T @ dscores.")
    slips = {
        "dW2: the L2 term is missing (R: dW2 <- dW2 + reg*W2).": data_part,
        "dW2: reg·W2 was subtracted instead of added.": data_part - reg * W2,
        f"dW2: the data part is N = {hidden.shape[0]} times too large; use dscores after the "
        "division by the batch size.": data_part * hidden.shape[0] + reg * W2,
    }
    return compare(answer, expected, name="dW2", slips=slips)


def check_db2(answer, dscores) -> Feedback:
    r"""Check R's ``db2 <- colSums(dscores)``: one number per class, shape (K,).

    Parameters
    ----------
    answer : array_like, shape (K,), or None
    dscores : ndarray, shape (N, K)
    """
    dscores = check_matrix(dscores, "dscores")
    n, k = dscores.shape
    if answer is not None:
        shape = np.shape(answer)
        if shape == (n,) and n != k:
            return Feedback(False, f"db2 has shape {shape}, one number per example: that sums each row "
                                   "(rowSums, axis=1), and every row of Y − T sums to 0. The bias adds to "
                                   "every example's scores, so its gradient sums over the examples: "
                                   "colSums, axis=0, one number per class.")
        if shape == ():
            return Feedback(False, "db2 is a single number: it summed over both axes. Sum over the "
                                   "examples only (colSums, axis=0) to get one number per class.")
    return compare(answer, layers.bias_gradient(dscores), name="db2", batch_size=n)


def dead_units(hidden) -> np.ndarray:
    r"""Indices (0-based) of the hidden units that are 0 for every example of the batch.

    A unit :math:`j` is dead for the batch when :math:`h_{ij} = 0` for all :math:`i`.

    Parameters
    ----------
    hidden : ndarray, shape (N, H)
        ``hidden.layer`` (after the ReLU).
    """
    hidden = check_matrix(hidden, "hidden")
    return np.flatnonzero(np.all(hidden <= 0, axis=0))


def check_dead_units(answer, hidden) -> Feedback:
    """Check the 0-based indices of the units that are dead for the whole batch (any order).

    Parameters
    ----------
    answer : array_like of int, or a boolean mask of shape (H,), or None
    hidden : ndarray, shape (N, H)
    """
    expected = dead_units(hidden)
    if answer is None:
        return no_answer("dead")
    answer = np.asarray(answer)
    if answer.dtype == bool and answer.shape == (hidden.shape[1],):
        answer = np.flatnonzero(answer)
    if answer.ndim != 1 or not (answer.size == 0 or np.issubdtype(answer.dtype, np.number)):
        return Feedback(False, f"dead must be a 1-D list of unit indices, got shape {answer.shape}.")
    answer = np.sort(answer)
    inactive_somewhere = np.flatnonzero(np.any(hidden <= 0, axis=0))
    if answer.shape != expected.shape and np.array_equal(answer, inactive_somewhere):
        return Feedback(False, "dead: these units are inactive for at least one example (any). A dead "
                               "unit is inactive for every example of the batch (all, axis=0).")
    slips = {"dead: those are R's 1-based column numbers; numpy counts from 0.": expected + 1}
    return compare(answer, expected, name="dead", slips=slips)
