"""Compare a learner's answer with the right one and say specifically what is wrong.

The checkers of each chapter (``backprop.exercises.chNN_*``) compute the right answer from the
helper and call :func:`compare`, passing the slips that chapter is about (a missing transpose, a
missing ``1/N``, a missing ReLU mask, ...) as named wrong answers.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Feedback(NamedTuple):
    """The verdict on one answer: ``correct`` and a message that says why."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def no_answer(name: str) -> Feedback:
    """The feedback for an exercise not yet attempted (the answer is still ``None``)."""
    return Feedback(False, f"No answer yet: replace None with your expression for {name}.")


def compare(answer, expected, *, name: str, slips: dict[str, np.ndarray] | None = None,
            shape_slips: dict[tuple, str] | None = None, nonfinite: str | None = None,
            batch_size: int | None = None, rtol: float = 1e-7, atol: float = 1e-12) -> Feedback:
    """Check ``answer`` against ``expected`` and diagnose the common slips.

    In order: no answer; not a number array; a wrong shape with a known cause (``shape_slips``);
    any other wrong shape (naming a transposed shape); NaN or inf (``nonfinite``); correct;
    equal to one of the named ``slips`` (its message is returned); off by the factor
    ``batch_size`` or ``1/batch_size`` (the mean's 1/N); off by another constant factor or sign;
    otherwise the largest difference.

    Parameters
    ----------
    answer : array_like or None
    expected : ndarray
    name : str
        What the answer is, e.g. ``"dW2"``; used in the messages.
    slips : dict of str -> ndarray, optional
        Message for each known wrong answer, e.g. ``{"the ReLU mask is missing: ...": unmasked}``.
    shape_slips : dict of tuple -> str, optional
        Message for an answer of that wrong shape, e.g. ``{(H,): "np.max(z, 0) reduces ..."}``
        (numpy's ``np.max(z, 0)`` for R's ``pmax(z, 0)``, ``probs[:, y]`` for ``probs[Y.index]``).
    nonfinite : str, optional
        Message for an answer of the right shape holding NaN or inf (an ``exp`` that overflowed).
    batch_size : int, optional
        N, to recognise a missing or doubled division by N.
    """
    if answer is None:
        return no_answer(name)
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} must be an array of numbers, got {type(answer).__name__}.")
    expected = np.asarray(expected, dtype=float)
    for shape, message in (shape_slips or {}).items():
        if answer.shape == tuple(shape) != expected.shape:
            return Feedback(False, message)
    if answer.shape != expected.shape:
        if answer.shape == expected.T.shape and expected.ndim == 2:
            return Feedback(False, f"{name} has shape {answer.shape} but should be {expected.shape}: "
                                   "it is transposed; check which factor of the product needs a transpose.")
        if answer.size == expected.size:
            return Feedback(False, f"{name} has shape {answer.shape} but should be {expected.shape} "
                                   "(same number of entries: reshape or a missing sum over an axis?).")
        return Feedback(False, f"{name} has shape {answer.shape} but should be {expected.shape}.")
    if nonfinite and not np.isfinite(answer).all():
        return Feedback(False, nonfinite)
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return Feedback(True, f"{name} is right.")
    for message, wrong in (slips or {}).items():
        if np.shape(wrong) == answer.shape and np.allclose(answer, wrong, rtol=rtol, atol=atol):
            return Feedback(False, message)
    factor = _constant_factor(answer, expected) if expected.size > 1 else None
    if factor is not None:
        if batch_size and np.isclose(factor, batch_size):
            return Feedback(False, f"{name} is {batch_size} times too large: the loss is a mean, "
                                   f"so the gradient carries a 1/N (N = {batch_size}).")
        if batch_size and np.isclose(factor, 1 / batch_size):
            return Feedback(False, f"{name} is {batch_size} times too small: it was divided by N twice.")
        if np.isclose(factor, -1):
            return Feedback(False, f"{name} has the wrong sign.")
        return Feedback(False, f"{name} is off by a constant factor of {factor:.4g}.")
    diff = float(np.max(np.abs(answer - expected)))
    return Feedback(False, f"{name} has the right shape but wrong values (largest difference {diff:.3g}).")


def _constant_factor(answer, expected):
    """The c with ``answer == c * expected``, or None if there is none."""
    scale = np.vdot(expected, expected)
    if scale == 0:
        return None
    c = float(np.vdot(answer, expected) / scale)
    return c if c != 0 and np.allclose(answer, c * expected, rtol=1e-7, atol=1e-12) else None
