"""Checkers for chapter 03, "Data and the forward pass": the hidden layer, a stable softmax and
R's ``-log(probs[Y.index])`` in numpy."""

from __future__ import annotations

import numpy as np

from ..data import label_index
from ..layers import affine_forward, relu_forward, softmax
from ._feedback import Feedback, compare


def check_hidden(answer, params, X) -> Feedback:
    r"""Exercise 1: R's ``hidden.layer``, :math:`H = \max(X W_1 + b_1, 0)`, shape (N, H)."""
    Z = affine_forward(X, params.W1, params.b1)
    n, h = Z.shape
    pmax = ("np.max(z, {axis}) is a reduction: it returns the largest entry along axis {axis}, one number "
            "per {what}. R's pmax(z, 0) is element-wise; in numpy that is np.maximum(z, 0).")
    return compare(
        answer, relu_forward(Z), name="hidden",
        shape_slips={(h,): pmax.format(axis=0, what="column"), (n,): pmax.format(axis=1, what="row")},
        slips={"the ReLU is missing: hidden.layer is max(X W1 + b1, 0).": Z,
               "the ReLU comes after the bias: max(X W1 + b1, 0), not max(X W1, 0) + b1.":
                   relu_forward(X @ params.W1) + params.b1,
               "the bias b1 is missing: add it to every row before the ReLU (R's sweep(..., 2, b1, '+')).":
                   relu_forward(X @ params.W1)})


def check_softmax(answer, scores) -> Feedback:
    r"""Exercise 2: row-wise softmax of (possibly large) scores, computed without overflow."""
    return compare(
        answer, softmax(scores), name="probs",
        nonfinite=("probs contains inf or NaN: exp overflowed (exp(x) is inf in float64 for x > 709.78). "
                   "Subtract each row's maximum from the scores first; it cancels in the ratio."),
        slips={"each column sums to 1, not each row: normalise with the row sums, "
               ".sum(axis=1, keepdims=True) (R: rowSums).": softmax(scores.T).T,
               "the rows do not sum to 1: divide the exponentials by their row sums.":
                   np.exp(scores - scores.max(axis=1, keepdims=True))})


def check_correct_logprobs(answer, probs, y) -> Feedback:
    r"""Exercise 3: R's ``corect.logprobs <- -log(probs[Y.index])``, one number per example, shape (N,)."""
    rows, labels = label_index(y)
    picked = probs[rows, labels]
    n, k = probs.shape
    return compare(
        answer, -np.log(picked), name="correct_logprobs",
        shape_slips={(n, n): (f"shape ({n}, {n}): probs[:, y] picks whole columns, one column per label. "
                              "R's probs[Y.index] picks one entry per row; in numpy that is probs[rows, labels] "
                              "with both index arrays of length N."),
                     (n, k): (f"shape ({n}, {k}): one number per example is wanted. Pick the true class's "
                              "entry, probs[rows, labels], or sum (probs * T) over axis 1."),
                     (): ("that is one number, the data loss; the exercise asks for the vector of N "
                          "per-example losses.")},
        slips={"the minus sign is missing: log of a probability is negative, the loss is -log.": np.log(picked),
               "-log was summed over all classes of a row; only the true class's entry counts (T is one-hot).":
                   -np.log(probs).sum(axis=1)})
