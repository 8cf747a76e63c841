r"""Checkers for chapter 02, "From R to Python", and its appendix 90, "R's random numbers in Python".

R's column-major ``matrix()``, its 1-based row numbers and its negative indexing, each translated
to numpy: :math:`W_1 = 0.01\,Z` with ``Z`` filled column by column from ``rnorm(D*H)``; the
numpy rows of ``iris[samp, ]`` (``samp - 1``, in ``samp``'s order) and of ``iris[-samp, ]`` (the
rows not in ``samp - 1``). The slips: row-by-row filling, the 0.01 missing, R's row numbers used
as numpy's, the rows sorted, a negative index (which counts from the end in numpy).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_scalar
from ._feedback import Feedback, compare
from ._slips import Slip, names_slips, table


def _as_int_vector(samp, name: str) -> np.ndarray:
    samp = np.asarray(samp)
    if samp.ndim != 1 or not np.issubdtype(samp.dtype, np.integer):
        raise TypeError(f"{name} must be a 1-D array of integer row numbers, got {samp.dtype} of shape {samp.shape}")
    return samp


INIT_W1 = table(
    "W1 from R's draws",
    Slip("transposed", "the draws reshaped to (H, D)", "W1 has shape ({H}, {D}): it is transposed. "
         "matrix(rnorm(D*H), nrow=D, ncol=H) has D = {D} rows and H = {H} columns: reshape(({D}, {H}), order='F').",
         lambda c: None if c.D == c.H else (c.H, c.D), kind="shape"),
    Slip("row-by-row", "0.01 * draws.reshape((D, H))", "W1 is filled row by row. R's matrix() fills column by "
         "column (column-major): use reshape((D, H), order='F'), or reshape((H, D)).T.",
         lambda c: 0.01 * c.draws.reshape((c.D, c.H))),
    Slip("no-scale", "draws.reshape((D, H), order='F')", "the scale is missing: R multiplies the draws by 0.01.",
         lambda c: c.draws.reshape((c.D, c.H), order="F")),
)


@names_slips(INIT_W1)
def check_init_W1(answer, draws, n_features: int = 4) -> Feedback:
    r"""Appendix 90, exercise 1: R's ``W1 <- 0.01*matrix(rnorm(D*H), nrow=D, ncol=H)`` from the draws.

    :math:`W_1 = 0.01\,Z` where ``matrix`` fills ``Z`` column by column with the draws, shape (D, H).
    Slips: :data:`INIT_W1`.

    Parameters
    ----------
    answer : array_like, shape (D, H), or None
    draws : ndarray, shape (D*H,)
        The values of ``rnorm(D*H)``.
    n_features : int, default 4
        D, the number of rows.

    Returns
    -------
    Feedback
    """
    inputs = {"draws": draws}
    check_scalar(n_features, "n_features", minimum=1, integer=True)
    draws = np.asarray(draws, dtype=float)
    if draws.ndim != 1 or draws.size % n_features:
        raise ValueError(f"draws must be a 1-D array whose length is a multiple of n_features={n_features}, "
                         f"got shape {draws.shape}")
    d, h = n_features, draws.size // n_features
    return compare(answer, 0.01 * draws.reshape((d, h), order="F"), name="W1", slips=INIT_W1,
                   context=SimpleNamespace(draws=draws, D=d, H=h), inputs=inputs)


TRAIN_ROWS = table(
    "numpy's rows of iris[samp, ]",
    Slip("r-numbers", "samp", "these are R's row numbers, which count from 1; numpy counts from 0: subtract 1.",
         lambda c: c.samp),
    Slip("sorted", "np.sort(samp - 1)", "the rows are sorted; R's iris[samp, ] keeps the order of samp (the order "
         "sample() drew them in): don't sort.", lambda c: np.sort(c.samp - 1)),
)


@names_slips(TRAIN_ROWS)
def check_train_rows(answer, samp) -> Feedback:
    """Chapter 02, exercise 1: the numpy row indices of R's ``traindata <- iris[samp, ]``, in R's order.

    The right answer is ``samp - 1``. Slips: :data:`TRAIN_ROWS`.

    Parameters
    ----------
    answer : array_like, shape (n,), or None
    samp : ndarray of int, shape (n,)
        R's 1-based row numbers.

    Returns
    -------
    Feedback
    """
    inputs = {"samp": samp}
    samp = _as_int_vector(samp, "samp")
    return compare(answer, samp - 1, name="train_rows", slips=TRAIN_ROWS, context=SimpleNamespace(samp=samp),
                   inputs=inputs)


_NEGATIVE = ("in numpy a negative index counts from the end (x[-1] is the last row); it does not drop rows as R's "
             "iris[-samp, ] does. Keep the rows not in samp - 1: np.setdiff1d(np.arange({n_rows}), samp - 1).")

TEST_ROWS = table(
    "numpy's rows of iris[-samp, ]",
    Slip("off-by-one", "np.setdiff1d(np.arange(n_rows), samp)", "these are the numbers 0..{last} missing from "
         "samp, but samp counts rows from 1: remove samp - 1 instead.",
         lambda c: np.setdiff1d(np.arange(c.n_rows), c.samp)),
    Slip("negative", "-samp", _NEGATIVE, lambda c: -c.samp),
    Slip("negative-0-based", "-(samp - 1)", _NEGATIVE, lambda c: -(c.samp - 1)),
)


@names_slips(TEST_ROWS)
def check_test_rows(answer, samp, n_rows: int = 150) -> Feedback:
    """Chapter 02, exercise 2: the numpy row indices of R's ``testdata <- iris[-samp, ]``, in data order.

    The right answer is ``np.setdiff1d(np.arange(n_rows), samp - 1)``. Slips: :data:`TEST_ROWS`
    (the off-by-one answer may be one row longer or shorter than the right one).

    Parameters
    ----------
    answer : array_like, shape (n_rows - n,), or None
    samp : ndarray of int, shape (n,)
        R's 1-based row numbers of the training rows.
    n_rows : int, default 150
        Rows in the data set.

    Returns
    -------
    Feedback
    """
    inputs = {"samp": samp}
    samp = _as_int_vector(samp, "samp")
    check_scalar(n_rows, "n_rows", minimum=1, integer=True)
    return compare(answer, np.setdiff1d(np.arange(n_rows), samp - 1), name="test_rows", slips=TEST_ROWS,
                   context=SimpleNamespace(samp=samp, n_rows=n_rows, last=n_rows - 1), inputs=inputs)
