r"""Checkers for chapter 03, "Data and the forward pass".

R's ``hidden.layer``, :math:`A = \max(X W_1 + b_1, 0)`; a stable row-wise softmax
:math:`P = \operatorname{softmax}(S)`; and R's ``-log(probs[Y.index])``, one loss per example.
The slips: ``np.max(z, 0)`` (a reduction) for R's element-wise ``pmax``, the ReLU or the bias
missing or in the wrong order, an ``exp`` that overflows, columns normalised instead of rows,
``probs[:, y]`` (whole columns) for ``probs[Y.index]``, the minus sign missing, every class summed.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_labels, check_matrix
from ..data import label_index
from ..layers import affine_forward, relu_forward, softmax
from ..params import Params, check_params
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table


def checked_preactivations(params, X) -> tuple[Params, np.ndarray, np.ndarray]:
    r"""Validate ``params`` and ``X`` (``D`` columns) and return them with :math:`Z = X W_1 + b_1`, shape (N, H).

    The input checks and the pre-activations every hidden-layer checker needs (chapters 01 and 03).
    """
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    return params, X, affine_forward(X, params.W1, params.b1)


_PMAX = ("np.max(z, {axis}) is a reduction: it returns the largest entry along axis {axis}, one number per {what}. "
         "R's pmax(z, 0) is element-wise; in numpy that is np.maximum(z, 0).")

HIDDEN = table(
    "hidden.layer",
    Slip("max-axis-0", "np.max(z, 0)", _PMAX.format(axis=0, what="column"), lambda c: (c.H,), kind="shape"),
    Slip("max-axis-1", "np.max(z, 1)", _PMAX.format(axis=1, what="row"), lambda c: (c.N,), kind="shape"),
    Slip("no-relu", "X @ W1 + b1", "the ReLU is missing: hidden.layer is max(X W1 + b1, 0).", lambda c: c.Z),
    Slip("relu-before-bias", "np.maximum(X @ W1, 0) + b1", "the ReLU comes after the bias: max(X W1 + b1, 0), not "
         "max(X W1, 0) + b1.", lambda c: relu_forward(c.X @ c.W1) + c.b1),
    Slip("no-bias", "np.maximum(X @ W1, 0)", "the bias b1 is missing: add it to every row before the ReLU (R's "
         "sweep(..., 2, b1, '+')).", lambda c: relu_forward(c.X @ c.W1)),
)


@names_slips(HIDDEN)
def check_hidden(answer, params, X) -> Feedback:
    r"""Exercise 1: R's ``hidden.layer``, :math:`A = \max(X W_1 + b_1, 0)`, shape (N, H).

    Slips: :data:`HIDDEN`.

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
    return compare(answer, relu_forward(Z), name="hidden", slips=HIDDEN, inputs=inputs,
                   context=SimpleNamespace(N=n, H=h, Z=Z, X=X, W1=params.W1, b1=params.b1))


SOFTMAX = table(
    "probs from large scores",
    Slip("overflow", "np.exp(scores) / its row sums", "probs contains inf or NaN: exp overflowed (exp(x) is inf in "
         "float64 for x > 709.78). Subtract each row's maximum from the scores first; it cancels in the ratio.",
         kind="nonfinite"),
    Slip("columns", "normalised by the column sums", "each column sums to 1, not each row: normalise with the row "
         "sums, .sum(axis=1, keepdims=True) (R: rowSums).", lambda c: softmax(c.scores.T).T),
    Slip("not-normalised", "np.exp(scores - max)", "the rows do not sum to 1: divide the exponentials by their row "
         "sums.", lambda c: np.exp(c.scores - c.scores.max(axis=1, keepdims=True))),
)


@names_slips(SOFTMAX)
def check_softmax(answer, scores) -> Feedback:
    r"""Exercise 2: row-wise softmax of (possibly large) scores, computed without overflow.

    :math:`P_{ik} = e^{S_{ik} - m_i} / \sum_j e^{S_{ij} - m_i}` with :math:`m_i = \max_j S_{ij}`.
    Slips: :data:`SOFTMAX`.

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
    return compare(answer, softmax(scores), name="probs", slips=SOFTMAX, context=SimpleNamespace(scores=scores),
                   inputs=inputs)


CORRECT_LOGPROBS = table(
    "corect.logprobs",
    Slip("columns", "-np.log(probs[:, y])", "shape ({N}, {N}): probs[:, y] picks whole columns, one column per "
         "label. R's probs[Y.index] picks one entry per row; in numpy that is probs[rows, labels] with both index "
         "arrays of length N.", lambda c: (c.N, c.N), kind="shape"),
    Slip("no-pick", "-np.log(probs) (N × K)", "shape ({N}, {K}): one number per example is wanted. Pick the true "
         "class's entry, probs[rows, labels], or sum (probs * T) over axis 1.", lambda c: (c.N, c.K), kind="shape"),
    Slip("mean", "the mean of -log(probs[rows, y])", "that is one number, the data loss; the exercise asks for the "
         "vector of N per-example losses.", lambda c: (), kind="shape"),
    Slip("no-minus", "np.log(probs[rows, y])", "the minus sign is missing: log of a probability is negative, the "
         "loss is -log.", lambda c: np.log(c.picked)),
    Slip("every-class", "-np.log(probs).sum(axis=1)", "-log was summed over all classes of a row; only the true "
         "class's entry counts (T is one-hot).", lambda c: -c.logs.sum(axis=1)),
)


@names_slips(CORRECT_LOGPROBS)
def check_correct_logprobs(answer, probs, y) -> Feedback:
    r"""Exercise 3: R's ``corect.logprobs <- -log(probs[Y.index])``, one number per example, shape (N,).

    :math:`\ell_i = -\log P_{i, y_i}`. Slips: :data:`CORRECT_LOGPROBS`.

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
    return compare(answer, -np.log(picked), name="correct_logprobs", slips=CORRECT_LOGPROBS, inputs=inputs,
                   context=SimpleNamespace(N=n, K=k, picked=picked, logs=logs))
