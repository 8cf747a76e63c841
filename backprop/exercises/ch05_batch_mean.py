r"""Checkers for chapter 05, "Dividing by the batch size".

The loss is a mean, :math:`L = \frac1N\sum_i \ell_i + \tfrac12\lambda\lVert W\rVert^2`, so every
data gradient carries a :math:`1/N` and the L2 term does not. The slips: the :math:`1/N` missing
(a factor N), applied twice, and applied to the penalty's gradient too.
"""

from __future__ import annotations

from types import SimpleNamespace

from .. import layers
from .._validation import check_matrix, check_scalar
from ..data import one_hot
from . import _shared_slips as shared
from ._feedback import Feedback, aliased, compare
from ._slips import Slip, names_slips, table
from .ch04_softmax_gradient import checked_probs

DSCORES = table("dscores = (P − T)/N", *shared.p_minus_t(divided=True))


@names_slips(DSCORES)

def check_dscores(answer, probs, y) -> Feedback:
    r"""Check R's ``dscores`` after ``dscores <- dscores / batchsize``: :math:`\delta_S = (P - T)/N`.

    Slips: :data:`DSCORES`; the engine names the 1/N missing (N times too large) or applied twice,
    and ``probs`` changed in place.

    Parameters
    ----------
    answer : array_like, shape (N, K), or None
    probs : ndarray, shape (N, K)
        The softmax outputs.
    y : ndarray of int, shape (N,)
        Class indices.

    Returns
    -------
    Feedback
    """
    inputs = {"probs": probs, "y": y}
    probs, y, changed = checked_probs(probs, y)
    if changed is not None:
        return aliased(answer, "dscores", inputs, note="; probs itself was changed (its rows no longer "
                       "sum to 1). Recompute probs") or changed
    n = probs.shape[0]
    expected = layers.mean_over_batch(layers.softmax_cross_entropy_backward(probs, y))
    return compare(answer, expected, name="dscores", slips=DSCORES,
                   context=SimpleNamespace(P=probs, T=one_hot(y, probs.shape[1]), N=n),
                   batch_size=n, inputs=inputs)


DW1_FROM_SUM = table(
    "dW1 = dW1_sum/N + reg·W1",
    Slip("l2-divided", "(dW1_sum + reg * W1) / N", "dW1: reg·W1 was divided by N too. Only the data loss is a "
         "mean; the penalty ½·reg·ΣW² is not, so R adds reg*W1 after the division.",
         lambda c: (c.S + c.reg * c.W1) / c.N),
    Slip("no-l2", "dW1_sum / N", "dW1: the L2 term is missing (R: dW1 <- dW1 + reg*W1).", lambda c: c.S / c.N),
    Slip("no-1/N", "dW1_sum + reg * W1", "dW1: the 1/N is missing: the data part is N = {N} times too large (the "
         "loss is a mean).", lambda c: c.S + c.reg * c.W1),
    Slip("twice", "dW1_sum / N**2 + reg * W1", "dW1: the data part was divided by N twice.",
         lambda c: c.S / c.N**2 + c.reg * c.W1),
)


@names_slips(DW1_FROM_SUM)


def check_dW1_from_sum(answer, dW1_sum, W1, *, batch_size: int, reg: float) -> Feedback:
    r"""Check R's ``dW1`` built from the backward pass of the *undivided* ``dscores``.

    ``dW1_sum`` is :math:`X^\top \delta_Z` computed from :math:`P - T` (no :math:`1/N`, no L2);
    the answer should be :math:`\texttt{dW1\_sum}/N + \lambda W_1`.

    Parameters
    ----------
    answer : array_like, shape (D, H), or None
    dW1_sum : ndarray, shape (D, H)
    W1 : ndarray, shape (D, H)
    batch_size : int
        N.
    reg : float
        :math:`\lambda`.

    Returns
    -------
    Feedback
        Slips: :data:`DW1_FROM_SUM`.
    """
    inputs = {"dW1_sum": dW1_sum, "W1": W1}
    dW1_sum = check_matrix(dW1_sum, "dW1_sum")
    W1 = check_matrix(W1, "W1")
    if W1.shape != dW1_sum.shape:
        raise ValueError(f"W1 must have the shape of dW1_sum {dW1_sum.shape}, got {W1.shape}")
    check_scalar(batch_size, "batch_size", minimum=1, integer=True)
    check_scalar(reg, "reg")
    expected = layers.l2_gradient(dW1_sum / batch_size, W1, reg=reg)
    return compare(answer, expected, name="dW1", slips=DW1_FROM_SUM, inputs=inputs,
                   context=SimpleNamespace(S=dW1_sum, W1=W1, N=batch_size, reg=reg))
