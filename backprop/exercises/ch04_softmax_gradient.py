r"""Checkers for chapter 04, "Softmax + cross-entropy gradient".

:math:`\partial \ell_i/\partial S_i = P_i - T_i` (R: ``dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1``),
the softmax Jacobian :math:`\partial p/\partial s = \operatorname{diag}(p) - p p^\top`, and the derivative of
the loss with respect to the probabilities, :math:`-T/P`. The slips: the 1 not subtracted, subtracted from every
entry (``d[:, y] -= 1``) or from ``probs`` itself (``d = probs`` does not copy), :math:`T - P`, the
division by N too early, the Jacobian's two terms, ``p * p`` for the outer product, the Jacobian
of :math:`\log p`, the one-hot factor or the sign missing. :math:`P` is the prediction and :math:`T`
the one-hot target (the question writes :math:`y` and :math:`t`, the accepted answer the other way
round).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_labels, check_matrix, check_vector
from ..data import one_hot
from ..layers import softmax_cross_entropy_backward
from . import _shared_slips as shared
from ._feedback import Feedback, aliased, compare
from ._slips import Slip, names_slips, table


def probs_changed(probs) -> Feedback | None:
    """Feedback when ``probs`` is no longer a softmax output (its rows must sum to 1), else None.

    An in-place change of ``probs`` (``d = probs; d[rows, y] -= 1``) makes its rows sum to 0.

    Parameters
    ----------
    probs : ndarray, shape (N, K)
    """
    sums = probs.sum(axis=1)
    if np.all((probs >= 0) & (probs <= 1)) and np.allclose(sums, 1.0, rtol=0, atol=1e-9):
        return None
    worst = int(np.argmax(np.abs(sums - 1)))
    return Feedback(False, f"probs has been changed: row {worst} sums to {sums[worst]:.4g}, not 1, so it no "
                           "longer holds the softmax's probabilities. `d = probs` does not copy in numpy "
                           "(R's <- does): changing d changed probs. Recompute probs, and start from "
                           "probs.copy().")


def checked_probs(probs, y):
    """The checkers' inputs ``probs`` (N, K) and ``y`` (N,) validated, and :func:`probs_changed`.

    Returns
    -------
    (ndarray, ndarray, Feedback or None)
    """
    probs = check_matrix(probs, "probs")
    y = check_labels(y, "y", n_samples=probs.shape[0], n_classes=probs.shape[1])
    return probs, y, probs_changed(probs)


DSCORES = table(
    "dscores = P − T",
    *shared.p_minus_t(),
    Slip("divided", "(P - T) / N", "this is already divided by N, which is R's next line (chapter 05); the "
         "exercise asks for the per-example gradient P - T.", lambda c: (c.P - c.T) / c.N),
)


@names_slips(DSCORES)
def check_dscores(answer, probs, y) -> Feedback:
    r"""Exercise 1: R's ``dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1``, i.e. :math:`P - T`.

    The per-example gradient, *before* R's next line divides it by the batch size. Slips:
    :data:`DSCORES`, and ``probs`` itself changed (the answer *is* ``probs``: you did subtract,
    in ``probs``).

    Parameters
    ----------
    answer : array_like, shape (N, K), or None
    probs : ndarray, shape (N, K)
        The softmax outputs.
    y : ndarray of int, shape (N,)

    Returns
    -------
    Feedback
    """
    inputs = {"probs": probs, "y": y}
    probs, y, changed = checked_probs(probs, y)
    if changed is not None:
        subtracted = np.allclose(probs.sum(axis=1), 0.0, atol=1e-9)
        same = aliased(answer, "dscores", inputs, note=(
            "; probs itself now holds your dscores (its rows sum to 0, not 1): you did subtract, but in "
            "probs. Recompute probs" if subtracted else "; probs itself was changed (its rows no longer "
            "sum to 1). Recompute probs"))
        return same or changed
    context = SimpleNamespace(P=probs, T=one_hot(y, probs.shape[1]), N=probs.shape[0])
    return compare(answer, softmax_cross_entropy_backward(probs, y), name="dscores", slips=DSCORES,
                   context=context, inputs=inputs)


def softmax_jacobian(p_row) -> np.ndarray:
    r"""The softmax Jacobian of one example, :math:`\partial p_k/\partial s_j = p_k([k = j] - p_j)`.

    In matrix form :math:`\partial p/\partial s = \mathrm{diag}(p) - p p^\top`, shape (K, K); it is symmetric.

    Parameters
    ----------
    p_row : array_like, shape (K,)
        One row :math:`p_i` of ``probs``, the prediction.

    Returns
    -------
    ndarray, shape (K, K)
    """
    p_row = np.asarray(p_row, dtype=float)
    if p_row.ndim != 1:
        raise ValueError(f"p_row must be a 1-D probability vector, got shape {p_row.shape}")
    return np.diag(p_row) - np.outer(p_row, p_row)


JACOBIAN = table(
    "the softmax Jacobian ∂p/∂s = diag(p) − p pᵀ",
    Slip("no-diagonal", "-np.outer(p, p)", "the diagonal term is missing: ∂p/∂s = diag(p) − p pᵀ; the [k = j] part "
         "gives p_k on the diagonal.", lambda c: -np.outer(c.p, c.p)),
    Slip("no-outer", "np.diag(p)", "the -p pᵀ term is missing: every score s_j moves every p_k through the shared "
         "denominator.", lambda c: np.diag(c.p)),
    Slip("row-broadcast", "np.diag(p) - p * p", "p * p is element-wise (a vector, broadcast as a row); the second "
         "term is np.outer(p, p).", lambda c: np.diag(c.p) - c.p * c.p),
    Slip("column-broadcast", "np.diag(p) - (p * p)[:, None]", "p * p is element-wise (a vector, broadcast as a "
         "column); the second term is np.outer(p, p).", lambda c: np.diag(c.p) - (c.p * c.p)[:, None]),
    Slip("diag-of-2d", "np.diag(p[None, :]) - ...", "np.diag was given a 2-D row of shape (1, K) and returned its "
         "diagonal (one number) instead of building a matrix: pass a 1-D vector, probs[i].",
         lambda c: c.p[0] - np.outer(c.p, c.p)),
    Slip("log-jacobian", "np.eye(K) - p[None, :]", "this is the Jacobian of log p: ∂ log p_k/∂s_j = [k = j] - p_j. "
         "Multiply row k by p_k.", lambda c: np.eye(c.K) - c.p[None, :]),
    Slip("log-jacobian-transposed", "np.eye(K) - p[:, None]", "this is (the transpose of) the Jacobian of log p, "
         "[k = j] - p_k. ∂p_k/∂s_j = p_k ([k = j] - p_j).", lambda c: np.eye(c.K) - c.p[:, None]),
    Slip("diagonal-only", "np.diag(p * (1 - p))", "only the diagonal, p_k(1 − p_k), is there: off the diagonal "
         "∂p_k/∂s_j = −p_k p_j, since every score moves every probability through the shared denominator.",
         lambda c: np.diag(c.p * (1 - c.p))),
)


@names_slips(JACOBIAN)
def check_softmax_jacobian(answer, p_row) -> Feedback:
    r"""Exercise 2: :math:`\partial p/\partial s = \mathrm{diag}(p) - p p^\top` for one row ``p_row`` of ``probs``.

    The Jacobian is symmetric, so a transposed answer is as right as the answer; the slips caught are
    the ones that change values: either term missing, ``p * p`` broadcast as a row or a column,
    ``np.diag`` of a 2-D row, the Jacobian of :math:`\log p`, the sign.

    Parameters
    ----------
    answer : array_like, shape (K, K), or None
    p_row : ndarray, shape (K,)
        One row of ``probs``.

    Returns
    -------
    Feedback
    """
    inputs = {"p_row": p_row}
    p = check_vector(p_row, "p_row")
    return compare(answer, softmax_jacobian(p), name="∂p/∂s", slips=JACOBIAN, context=SimpleNamespace(p=p, K=len(p)),
                   inputs=inputs)


PROBS_GRADIENT = table(
    "dl/dP = −T/P",
    Slip("no-T", "-1 / P", "T is missing: only the true class's probability appears in -log P[i, y_i], so the "
         "derivative with respect to the other classes is 0. Multiply by the one-hot T.", lambda c: -1.0 / c.P),
    Slip("sign", "T / P", "the sign is flipped: d(-log p)/dp = -1/p.", lambda c: c.T / c.P),
    Slip("loss", "-T * np.log(P)", "this is the loss itself, entry by entry (-T log P), not its derivative -T/P.",
         lambda c: -c.T * np.log(c.P)),
    Slip("divided", "-T / P / N", "this is divided by N; the exercise asks for the per-example derivative.",
         lambda c: -c.T / c.P / c.N),
)


@names_slips(PROBS_GRADIENT)
def check_probs_gradient(answer, probs, y) -> Feedback:
    r"""Exercise 3: the gradient of the per-example losses with respect to the probabilities, :math:`-T / P`.

    Entry :math:`(i, k)` is :math:`\partial \ell_i/\partial P_{ik} = -T_{ik}/P_{ik}`: the vector the
    softmax Jacobian multiplies in the chain rule. Shape (N, K). Slips: :data:`PROBS_GRADIENT`.

    Parameters
    ----------
    answer : array_like, shape (N, K), or None
    probs : ndarray, shape (N, K)
    y : ndarray of int, shape (N,)

    Returns
    -------
    Feedback
    """
    inputs = {"probs": probs, "y": y}
    probs, y, changed = checked_probs(probs, y)
    if changed is not None and answer is not None:
        return aliased(answer, "dl/dP", inputs) or changed
    T = one_hot(y, probs.shape[1])
    return compare(answer, -T / probs, name="dl/dP", slips=PROBS_GRADIENT, inputs=inputs,
                   context=SimpleNamespace(P=probs, T=T, N=probs.shape[0]))
