"""Checkers for chapter 02, "From R to Python": R's column-major ``matrix()``, 1-based row
numbers and negative indexing, each translated to numpy."""

from __future__ import annotations

import numpy as np

from ._feedback import Feedback, compare


def _as_int_vector(samp, name: str) -> np.ndarray:
    samp = np.asarray(samp)
    if samp.ndim != 1 or not np.issubdtype(samp.dtype, np.integer):
        raise TypeError(f"{name} must be a 1-D array of integer row numbers, got {samp.dtype} of shape {samp.shape}")
    return samp


def _equals(answer, values) -> bool:
    try:
        return np.array_equal(np.asarray(answer, dtype=float), values)
    except (TypeError, ValueError):
        return False


def check_init_W1(answer, draws, n_features: int = 4) -> Feedback:
    r"""Exercise 1: R's ``W1 <- 0.01*matrix(rnorm(D*H), nrow=D, ncol=H)`` from the draws.

    :math:`W_1 = 0.01\,Z` where ``matrix`` fills ``Z`` column by column with the draws, shape (D, H).

    Parameters
    ----------
    answer : array_like or None
    draws : ndarray, shape (D*H,)
        The values of ``rnorm(D*H)``.
    n_features : int, default 4
        D, the number of rows.
    """
    draws = np.asarray(draws, dtype=float)
    if draws.ndim != 1 or draws.size % n_features:
        raise ValueError(f"draws must be a 1-D array whose length is a multiple of n_features={n_features}, "
                         f"got shape {draws.shape}")
    shape = (n_features, draws.size // n_features)
    return compare(answer, 0.01 * draws.reshape(shape, order="F"), name="W1", slips={
        "W1 is filled row by row. R's matrix() fills column by column (column-major): "
        "use reshape((D, H), order='F'), or reshape((H, D)).T.": 0.01 * draws.reshape(shape),
        "the scale is missing: R multiplies the draws by 0.01.": draws.reshape(shape, order="F")})


def check_train_rows(answer, samp) -> Feedback:
    """Exercise 2: the numpy row indices of R's ``traindata <- iris[samp, ]``, in R's order.

    Parameters
    ----------
    answer : array_like or None
    samp : ndarray of int, shape (n,)
        R's 1-based row numbers.
    """
    samp = _as_int_vector(samp, "samp")
    return compare(answer, samp - 1, name="train_rows", slips={
        "these are R's row numbers, which count from 1; numpy counts from 0: subtract 1.": samp,
        "the rows are sorted; R's iris[samp, ] keeps the order of samp (the order sample() drew "
        "them in): don't sort.": np.sort(samp - 1)})


def check_test_rows(answer, samp, n_rows: int = 150) -> Feedback:
    """Exercise 3: the numpy row indices of R's ``testdata <- iris[-samp, ]``, in data order.

    Parameters
    ----------
    answer : array_like or None
    samp : ndarray of int, shape (n,)
        R's 1-based row numbers of the training rows.
    n_rows : int, default 150
        Rows in the data set.
    """
    samp = _as_int_vector(samp, "samp")
    all_rows = np.arange(n_rows)
    expected = np.setdiff1d(all_rows, samp - 1)
    negative = ("in numpy a negative index counts from the end (x[-1] is the last row); it does not drop "
                f"rows as R's iris[-samp, ] does. Keep the rows not in samp - 1: "
                f"np.setdiff1d(np.arange({n_rows}), samp - 1).")
    slips = ((f"these are the numbers 0..{n_rows - 1} missing from samp, but samp counts rows from 1: "
              "remove samp - 1 instead.", np.setdiff1d(all_rows, samp)),  # may be one longer: not via compare
             (negative, -samp), (negative, -(samp - 1)))
    if answer is not None and not _equals(answer, expected):
        for message, wrong in slips:
            if _equals(answer, wrong):
                return Feedback(False, message)
    return compare(answer, expected, name="test_rows")
