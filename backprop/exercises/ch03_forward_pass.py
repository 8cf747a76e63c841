r"""Checkers for chapter 03, "Data and the forward pass".

R's ``hidden.layer``, :math:`A = \max(X W_1 + b_1, 0)`; a stable row-wise softmax
:math:`P = \operatorname{softmax}(S)`; and R's ``-log(probs[Y.index])``, one loss per example.
The slips: ``np.max(z, 0)`` (a reduction) for R's element-wise ``pmax``, the ReLU or the bias
missing or in the wrong order, an ``exp`` that overflows, columns normalised instead of rows,
``probs[:, y]`` (whole columns) for ``probs[Y.index]``, the minus sign missing, every class summed.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_labels, check_matrix
from ..data import label_index
from ..layers import affine_forward, relu_forward, softmax
from ..params import Params, check_params
from ._feedback import Feedback, compare


def checked_preactivations(params, X) -> tuple[Params, np.ndarray, np.ndarray]:
    r"""Validate ``params`` and ``X`` (``D`` columns) and return them with :math:`Z = X W_1 + b_1`, shape (N, H).

    The input checks and the pre-activations every hidden-layer checker needs (chapters 01 and 03).
    """
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    return params, X, affine_forward(X, params.W1, params.b1)


def check_hidden(answer, params, X) -> Feedback:
    r"""Exercise 1: R's ``hidden.layer``, :math:`A = \max(X W_1 + b_1, 0)`, shape (N, H).

    Recognised: ``np.max`` (a reduction) for ``pmax``, the ReLU missing, the ReLU before the
    bias, the bias missing.

    Parameters
    ----------
    answer : array_like, shape (N, H), or None
    params : Params
    X : ndarray, shape (N, D)

    Returns
    -------
    Feedback
    """
    inputs = {"X": X, "params": params}
    params, X, Z = checked_preactivations(params, X)
    n, h = Z.shape
    pmax = ("np.max(z, {axis}) is a reduction: it returns the largest entry along axis {axis}, one number "
            "per {what}. R's pmax(z, 0) is element-wise; in numpy that is np.maximum(z, 0).")
    return compare(
        answer, relu_forward(Z), name="hidden", inputs=inputs,
        shape_slips={(h,): pmax.format(axis=0, what="column"), (n,): pmax.format(axis=1, what="row")},
        slips={"the ReLU is missing: hidden.layer is max(X W1 + b1, 0).": Z,
               "the ReLU comes after the bias: max(X W1 + b1, 0), not max(X W1, 0) + b1.":
                   relu_forward(X @ params.W1) + params.b1,
               "the bias b1 is missing: add it to every row before the ReLU (R's sweep(..., 2, b1, '+')).":
                   relu_forward(X @ params.W1)})


def check_softmax(answer, scores) -> Feedback:
    r"""Exercise 2: row-wise softmax of (possibly large) scores, computed without overflow.

    :math:`P_{ik} = e^{S_{ik} - m_i} / \sum_j e^{S_{ij} - m_i}` with :math:`m_i = \max_j S_{ij}`.
    Recognised: NaN or inf from an overflowing ``exp``, columns normalised instead of rows, no
    normalisation.

    Parameters
    ----------
    answer : array_like, shape (N, K), or None
    scores : ndarray, shape (N, K)

    Returns
    -------
    Feedback
    """
    inputs = {"scores": scores}
    scores = check_matrix(scores, "scores")
    return compare(
        answer, softmax(scores), name="probs", inputs=inputs,
        nonfinite=("probs contains inf or NaN: exp overflowed (exp(x) is inf in float64 for x > 709.78). "
                   "Subtract each row's maximum from the scores first; it cancels in the ratio."),
        slips={"each column sums to 1, not each row: normalise with the row sums, "
               ".sum(axis=1, keepdims=True) (R: rowSums).": softmax(scores.T).T,
               "the rows do not sum to 1: divide the exponentials by their row sums.":
                   np.exp(scores - scores.max(axis=1, keepdims=True))})


def check_correct_logprobs(answer, probs, y) -> Feedback:
    r"""Exercise 3: R's ``corect.logprobs <- -log(probs[Y.index])``, one number per example, shape (N,).

    :math:`\ell_i = -\log P_{i, y_i}`. Recognised: ``probs[:, y]`` (N × N), no pick at all
    (N × K), the mean instead of the vector, the minus sign missing, every class summed.

    Parameters
    ----------
    answer : array_like, shape (N,), or None
    probs : ndarray, shape (N, K)
    y : ndarray of int, shape (N,)

    Returns
    -------
    Feedback
    """
    inputs = {"probs": probs, "y": y}
    probs = check_matrix(probs, "probs")
    n, k = probs.shape
    y = check_labels(y, "y", n_samples=n, n_classes=k)
    rows, labels = label_index(y)
    picked = probs[rows, labels]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(probs)
    return compare(
        answer, -np.log(picked), name="correct_logprobs", inputs=inputs,
        shape_slips={(n, n): (f"shape ({n}, {n}): probs[:, y] picks whole columns, one column per label. "
                              "R's probs[Y.index] picks one entry per row; in numpy that is probs[rows, labels] "
                              "with both index arrays of length N."),
                     (n, k): (f"shape ({n}, {k}): one number per example is wanted. Pick the true class's "
                              "entry, probs[rows, labels], or sum (probs * T) over axis 1."),
                     (): ("that is one number, the data loss; the exercise asks for the vector of N "
                          "per-example losses.")},
        slips={"the minus sign is missing: log of a probability is negative, the loss is -log.": np.log(picked),
               "-log was summed over all classes of a row; only the true class's entry counts (T is one-hot).":
                   -logs.sum(axis=1)})
