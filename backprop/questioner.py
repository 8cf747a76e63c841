r"""The questioner's own run: the matrices the question prints, recomputed.

The question (Stack Exchange, "Backpropagation algorithm NN with Rectified Linear Unit (ReLU)
activation", CC BY-SA) prints the first iteration of R's ``train.dnn`` on its 90 training rows with
6 hidden units. Those printouts are reproduced by

R::

    train.dnn(x = 1:4, y = 5, traindata = <90 rows of raw iris>, hidden = 6, random.seed = 0, ...)
    #   set.seed(random.seed)
    #   W1 <- 0.01*matrix(rnorm(D*H), nrow=D, ncol=H)   # D = 4, H = 6
    #   W2 <- 0.01*matrix(rnorm(H*K), nrow=H, ncol=K)   # K = 3; b1, b2 zero

with training rows 1, 2, 3 being iris rows 77, 78, 73 (versicolor) and training row 4 a virginica.
Which 90 rows, and in what order after the fourth, is not known: every matrix here needs only the
rows that are known. Notation: :math:`A` = ``hidden.layer``, :math:`P` = ``probs``, :math:`T` the
one-hot target, :math:`\delta_S = (P - T)/N` = ``dscores``; rows and units numbered from 1, as in R.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import rcompat
from ._validation import check_scalar
from .data import load_iris_data
from .layers import affine_forward, relu_forward, softmax
from .params import Params

#: ``batchsize`` of the question: its training set has 90 rows.
N_TRAIN = 90
#: ``hidden = 6`` hidden units.
N_HIDDEN = 6
#: ``random.seed = 0``: ``train.dnn`` calls ``set.seed(0)`` before drawing ``W1`` and ``W2``.
RANDOM_SEED = 0
#: Iris rows (1-based, as R numbers them) that are training rows 1, 2, 3.
FIRST_TRAINING_ROWS = (77, 78, 73)
#: The class of training row 4 (0-based label; R's ``Y.index`` prints it as 3): virginica.
FOURTH_ROW_LABEL = 2

#: The question's printouts, character for character (``head(...)`` rows and the whole ``dW2``);
#: ``tests/test_questioner.py`` checks this transcription against the question's text.
PRINTED = {
    "probs": (("0.3332967", "0.3327828", "0.3339205"),
              ("0.3332917", "0.3327686", "0.3339397"),
              ("0.3332868", "0.3328144", "0.3338988")),
    "dscores - 1": (("0.3332967", "-0.6672172", "0.3339205"),
                    ("0.3332917", "-0.6672314", "0.3339397"),
                    ("0.3332868", "-0.6671856", "0.3338988")),
    "dscores / batchsize": (("0.003703297", "-0.007413524", "0.003710227"),
                            ("0.003703241", "-0.007413682", "0.003710441"),
                            ("0.003703187", "-0.007413173", "0.003709987")),
    "Y.index": (("1", "2"), ("2", "2"), ("3", "2"), ("4", "3")),
    "hidden.layer": (("0.1583907", "0", "0.09240448", "0", "0", "0.01297566"),
                     ("0.1629522", "0", "0.09634972", "0", "0", "0.01663396"),
                     ("0.1556569", "0", "0.08518394", "0", "0", "0.01390234")),
    "dW2": (("2.143109e-02", "-7.865665e-03", "-1.356543e-02"),
            ("0.000000e+00", "0.000000e+00", "0.000000e+00"),
            ("3.267824e-03", "-1.908723e-03", "-1.359102e-03"),
            ("0.000000e+00", "0.000000e+00", "0.000000e+00"),
            ("2.085304e-06", "-4.173916e-06", "2.088612e-06"),
            ("2.761881e-03", "-5.875996e-04", "-2.174282e-03")),
}


def initial_params() -> Params:
    r"""The questioner's initial weights: ``W1`` (4, 6), ``W2`` (6, 3), zero biases.

    R::

        set.seed(0)
        W1 <- 0.01*matrix(rnorm(4*6), nrow=4, ncol=6)
        W2 <- 0.01*matrix(rnorm(6*3), nrow=6, ncol=3)

    Returns
    -------
    Params
        Fresh arrays on every call.
    """
    return rcompat.r_init_params(4, N_HIDDEN, 3, random_seed=RANDOM_SEED)


def _iris_rows(rows, name: str = "rows") -> tuple[np.ndarray, np.ndarray]:
    """Features and 0-based labels of 1-based iris ``rows`` (all 150 if ``None``)."""
    X, y, _, _ = load_iris_data()
    if rows is None:
        return X, y
    index = np.array(rows)  # a copy: the caller's array is not touched
    if index.ndim != 1 or index.size == 0 or index.dtype == bool or not np.issubdtype(index.dtype, np.integer):
        raise TypeError(f"{name} must be a non-empty 1-D sequence of integer iris row numbers 1..150, "
                        f"got {rows!r}")
    if index.min() < 1 or index.max() > X.shape[0]:
        raise ValueError(f"{name} must hold iris row numbers 1..150 (R numbers rows from 1), got {rows!r}")
    return X[index - 1], y[index - 1]


def hidden_layer(rows=None) -> np.ndarray:
    r"""Hidden activations :math:`A = \max(X W_1 + b_1, 0)` with the questioner's weights.

    R: ``hidden.layer <- pmax(sweep(X %*% W1, 2, b1, '+'), 0)``.

    Parameters
    ----------
    rows : sequence of int, optional
        Iris row numbers, 1..150 as R numbers them; default all 150 flowers.

    Returns
    -------
    ndarray, shape (len(rows), 6)
    """
    X, _ = _iris_rows(rows)
    params = initial_params()
    return relu_forward(affine_forward(X, params.W1, params.b1))


def probs(rows=None) -> np.ndarray:
    r"""Softmax outputs :math:`P = \operatorname{softmax}(A W_2 + b_2)` with the questioner's weights.

    R: ``score <- sweep(hidden.layer %*% W2, 2, b2, '+')``, then
    ``probs <- sweep(exp(score), 1, rowSums(exp(score)), '/')``.

    Parameters
    ----------
    rows : sequence of int, optional
        Iris row numbers 1..150; default all 150 flowers.

    Returns
    -------
    ndarray, shape (len(rows), 3)
    """
    params = initial_params()
    return softmax(affine_forward(hidden_layer(rows), params.W2, params.b2))


def dscores(rows=None, *, n: int = N_TRAIN) -> np.ndarray:
    r"""The score gradient :math:`\delta_S = (P - T)/N` of the given rows, with the questioner's weights.

    R::

        dscores <- probs
        dscores[Y.index] <- dscores[Y.index] - 1
        dscores <- dscores / batchsize

    Parameters
    ----------
    rows : sequence of int, optional
        Iris row numbers 1..150; default all 150 flowers.
    n : int, default 90
        ``batchsize``, the :math:`N` of the mean loss (the question's 90, whatever ``rows`` is).

    Returns
    -------
    ndarray, shape (len(rows), 3)
    """
    check_scalar(n, "n", minimum=1, integer=True)
    _, y = _iris_rows(rows)
    delta = probs(rows)
    delta[np.arange(len(y)), y] -= 1.0
    return delta / n


class Heads(NamedTuple):
    """The question's ``head(...)`` printouts, recomputed (float arrays; ``y_index`` int, 1-based).

    Attributes
    ----------
    probs : ndarray, shape (3, 3)
        ``head(dscores)`` right after ``dscores <- probs``.
    minus_one : ndarray, shape (3, 3)
        ``head(dscores)`` after ``dscores[Y.index] <- dscores[Y.index] - 1``.
    divided : ndarray, shape (3, 3)
        ``head(dscores)`` after ``dscores <- dscores / batchsize``.
    y_index : ndarray of int, shape (4, 2)
        ``head(Y.index)``: row number and 1-based class.
    hidden_layer : ndarray, shape (3, 6)
        ``head(hidden.layer)``.
    """

    probs: np.ndarray
    minus_one: np.ndarray
    divided: np.ndarray
    y_index: np.ndarray
    hidden_layer: np.ndarray


def heads() -> Heads:
    r"""The printed heads: the first training rows, which are iris rows 77, 78, 73 (and a virginica).

    R: ``head(dscores)`` at three places, ``head(Y.index)``, ``head(hidden.layer)``.

    Rows 1-3 of each matrix are computed from iris rows 77, 78, 73 and the questioner's weights.
    ``Y.index`` row 4 is the one fact about training row 4 the question gives (class 3,
    virginica): which flower it is, is not known, so its ``probs`` are not printed.

    Returns
    -------
    Heads
    """
    rows = FIRST_TRAINING_ROWS
    _, y = _iris_rows(rows)
    p = probs(rows)
    minus_one = p.copy()   # R's dscores <- probs copies; numpy's = would not
    minus_one[np.arange(len(y)), y] -= 1.0
    labels = np.append(y, FOURTH_ROW_LABEL)
    y_index = np.column_stack([np.arange(1, len(labels) + 1), labels + 1])
    return Heads(p, minus_one, minus_one / N_TRAIN, y_index, hidden_layer(rows))


def units_off_everywhere() -> np.ndarray:
    """Hidden units (1-based) that are 0 for every one of the 150 iris flowers.

    Their rows of ``dW2`` (``t(hidden.layer) %*% dscores``) are exactly zero whatever the 90
    training rows are, and the ReLU mask zeroes their ``dhidden`` columns.

    Returns
    -------
    ndarray of int
    """
    return np.flatnonzero(~(hidden_layer() > 0).any(axis=0)) + 1


def rows_turning_on(unit: int) -> np.ndarray:
    """Iris rows (1-based) for which hidden ``unit`` (1-based) is positive.

    Parameters
    ----------
    unit : int
        1..6.

    Returns
    -------
    ndarray of int
    """
    check_scalar(unit, "unit", minimum=1, integer=True)
    if unit > N_HIDDEN:
        raise ValueError(f"unit must be a hidden unit 1..{N_HIDDEN}, got {unit}")
    return np.flatnonzero(hidden_layer()[:, unit - 1] > 0) + 1


def dW2_rows_known() -> dict[int, np.ndarray]:
    r"""The rows of the question's ``dW2`` that do not depend on the unknown split.

    R: ``dW2 <- t(hidden.layer) %*% dscores``, that is
    :math:`\partial L/\partial W_2 = A^\top \delta_S = \sum_{i=1}^{N} a_i^\top \delta_{S,i}`.

    Row :math:`j` of the sum has a term only for the examples that turn unit :math:`j` on. Units
    that no flower turns on give an exact zero row; a unit that one flower turns on gives that
    flower's term :math:`a_{ij}\,\delta_{S,i}` (so that flower was a training row). The other rows
    add up terms of rows of the unknown split and are left out.

    Returns
    -------
    dict of int to ndarray, shape (3,)
        Keys are the hidden units (1-based) whose row is determined.
    """
    known = {int(u): np.zeros(3) for u in units_off_everywhere()}
    A = hidden_layer()
    for unit in range(1, N_HIDDEN + 1):
        rows = rows_turning_on(unit)
        if len(rows) == 1:
            (row,) = rows
            known[unit] = A[row - 1, unit - 1] * dscores([row])[0]
    return dict(sorted(known.items()))


def known_training_rows() -> np.ndarray:
    """The iris rows (1-based) known to be among the question's 90 training rows.

    Training rows 1, 2, 3 are iris rows 77, 78, 73 (``head(hidden.layer)`` and ``head(probs)``
    pin them down). A non-zero ``dW2`` row of a unit that only one flower turns on puts that
    flower in the training set too: unit 5 and iris row 63.

    Returns
    -------
    ndarray of int
        ``77, 78, 73`` then the flowers found that way.
    """
    printed_nonzero = [any(float(v) != 0 for v in row) for row in PRINTED["dW2"]]
    extra = [int(rows_turning_on(unit)[0]) for unit in range(1, N_HIDDEN + 1)
             if printed_nonzero[unit - 1] and len(rows_turning_on(unit)) == 1]
    return np.array(list(FIRST_TRAINING_ROWS) + [r for r in extra if r not in FIRST_TRAINING_ROWS])


def count_candidate_sets() -> int:
    r"""How many 90-row training sets agree with everything the question prints.

    Those with iris rows 77, 78, 73 and 63 in them, a virginica as well (training row 4):
    :math:`\binom{146}{86} - \binom{96}{86}` (all sets of the other 86 rows, minus those with no
    virginica; iris has 50 virginica, none among rows 77, 78, 73, 63). ``dW2`` depends on the set,
    not on the order of the rows (it is a sum over them).

    Returns
    -------
    int
    """
    others = 150 - 4
    return math.comb(others, N_TRAIN - 4) - math.comb(others - 50, N_TRAIN - 4)


def _scientific(x: float, digits: int) -> tuple[int, int]:
    """R's ``scientific()``: the exponent and the significant digits needed, at most ``digits``."""
    if x == 0:
        return 0, 1
    mantissa, exponent = f"{abs(x):.{digits - 1}e}".split("e")
    return int(exponent), len(mantissa.replace(".", "").rstrip("0")) or 1


def r_format(values, digits: int = 7) -> list[str]:
    r"""Format numbers as R's ``print`` formats one column of a matrix (R's ``formatReal``).

    All entries share one format: fixed notation with as many decimals as the entry that needs
    most (to show ``digits`` significant digits), unless scientific notation is narrower. R: the
    default ``options(digits = 7, scipen = 0)``.

    Parameters
    ----------
    values : array_like of float, 1-D
        One column, as printed (``head()`` rows only if only those are printed).
    digits : int, default 7
        Significant digits, 1..15.

    Returns
    -------
    list of str
        Without padding (R right-aligns the strings to a common width).
    """
    check_scalar(digits, "digits", minimum=1, integer=True)
    if digits > 15:
        raise ValueError(f"digits must be 1..15 (R's limit for print), got {digits}")
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0 or not np.isfinite(values).all():
        raise ValueError(f"values must be a non-empty 1-D array of finite numbers, got shape {values.shape}")
    values = values + 0.0  # R prints -0 as 0
    neg = bool((values < 0).any())
    rgt = mxsl = mxns = -(10**9)
    mxl, mnl = -(10**9), 10**9
    for x in values:
        kpower, nsig = _scientific(float(x), digits)
        left = kpower + 1
        sleft = (x < 0) + (1 if left <= 0 else left)
        rgt, mxl, mnl = max(rgt, nsig - left), max(mxl, left), min(mnl, left)
        mxsl, mxns = max(mxsl, sleft), max(mxns, nsig)
    if mxl < 0:
        mxsl = 1 + neg
    rgt = max(rgt, 0)
    width_fixed = mxsl + rgt + (rgt != 0)
    e = 2 if (mxl > 100 or mnl <= -99) else 1
    d = mxns - 1
    width_sci = neg + (d > 0) + d + 4 + e
    if width_fixed <= width_sci:
        return [f"{x:.{rgt}f}" for x in values]
    return [f"{x:.{d}e}" for x in values]


def r_format_matrix(matrix, digits: int = 7) -> tuple[tuple[str, ...], ...]:
    """Format a matrix as R's ``print`` does, column by column (see :func:`r_format`).

    Parameters
    ----------
    matrix : array_like of float, 2-D
    digits : int, default 7

    Returns
    -------
    tuple of tuple of str
        One tuple of strings per row, the shape of :attr:`PRINTED`'s entries.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {matrix.shape}")
    columns = [r_format(matrix[:, j], digits) for j in range(matrix.shape[1])]
    return tuple(zip(*columns, strict=False))


def r_print(matrix, digits: int = 7) -> str:
    """The text R's ``print`` shows for a matrix: a ``[,j]`` header, ``[i,]`` row labels, columns right-aligned.

    Parameters
    ----------
    matrix : array_like of float, 2-D
    digits : int, default 7

    Returns
    -------
    str
        One line per row after the header, no trailing newline.
    """
    rows = r_format_matrix(matrix, digits)
    n_rows, n_cols = len(rows), len(rows[0])
    labels = [f"[{i},]" for i in range(1, n_rows + 1)]
    label_width = max(map(len, labels))
    widths = [max(len(f"[,{j + 1}]"), *(len(row[j]) for row in rows)) for j in range(n_cols)]
    lines = [" " * label_width + "".join(f" {f'[,{j + 1}]':>{w}}" for j, w in enumerate(widths))]
    lines += [f"{label:<{label_width}}" + "".join(f" {v:>{w}}" for v, w in zip(row, widths, strict=False))
              for label, row in zip(labels, rows, strict=False)]
    return "\n".join(lines)
