"""Slips :func:`~backprop.exercises._feedback.compare` cannot name, checked before it runs.

``compare`` diagnoses wrong *values*. Some slips show up earlier, as a wrong shape with a known
cause (numpy's ``np.max(z, 0)`` for R's ``pmax(z, 0)``, ``probs[:, y]`` for R's
``probs[Y.index]``) or as values that are not finite (an ``exp`` that overflowed); for these a
chapter's checker wants its own message.
"""

from __future__ import annotations

import numpy as np

from ._feedback import Feedback, compare


def check(answer, expected, *, name: str, shape_slips: dict | None = None, nonfinite: str | None = None,
          **compare_kwargs) -> Feedback:
    """Like :func:`compare`, but first match the answer's shape and finiteness against known slips.

    Parameters
    ----------
    answer : array_like or None
    expected : ndarray
    name : str
    shape_slips : dict of tuple -> str, optional
        Message for an answer of that (wrong) shape, e.g. ``{(H,): "np.max(z, 0) reduces ..."}``.
        Entries with the expected shape are ignored (their values decide, not their shape).
    nonfinite : str, optional
        Message for an answer of the right shape containing NaN or inf.
    **compare_kwargs
        Passed to :func:`compare` (``slips``, ``batch_size``, ``rtol``, ``atol``).
    """
    if answer is not None:
        try:
            values = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            values = None
        if values is not None:
            expected_shape = np.shape(expected)
            for shape, message in (shape_slips or {}).items():
                if values.shape == tuple(shape) != expected_shape:
                    return Feedback(False, message)
            if nonfinite and values.shape == expected_shape and not np.isfinite(values).all():
                return Feedback(False, nonfinite)
    return compare(answer, expected, name=name, **compare_kwargs)
