"""The one feedback engine every exercise checker goes through.

A checker (``backprop.exercises.chNN_*.check_*``) computes the right answer with the helper and
hands it to :func:`compare`, together with the slips its chapter is about (a missing transpose, a
missing :math:`1/N`, a missing ReLU mask, ...) as named wrong answers. :func:`compare` answers
*anything* a learner can type with a :class:`Feedback`, never with a traceback from its own code:

* ``None`` (the exercise not attempted yet), a string, a dict, a set, a function, a ragged list,
  booleans, complex numbers or entries that are not numbers;
* the checker's own input array itself (numpy's ``d = probs`` does not copy, R's ``<-`` does);
* a wrong shape (a known slip of that shape, a transposed shape, one number in brackets, ...);
* NaN or inf;
* a number typed by hand (``1.33e-4``), which is judged at the precision it was typed with;
* a named slip, a constant factor (``N`` times too large), or just wrong values.

Checkers whose answer is the learner's *function* call it through
:func:`backprop.exercises._calls.call_learner`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ._typed_numbers import agreeing_digits, half_unit, typed_digits

#: Significant digits a typed number needs to be accepted (``1.33e-4`` for 1.3333e-4 is; ``1e-4`` is not).
TYPED_DIGITS = 3


class Feedback(NamedTuple):
    """The verdict of a checker on one answer.

    Prints as ``✓ <message>`` when the answer is right and ``✗ <message>`` otherwise, so a notebook
    cell ``print(ex.check_...(my_answer, ...))`` shows the verdict and its reason.

    Attributes
    ----------
    correct : bool
        Whether the answer is right.
    message : str
        Why: the slip that explains a wrong answer (``"dscores is 75 times too large: ..."``), or
        what is right.
    """

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def no_answer(name: str) -> Feedback:
    """The feedback for an exercise not attempted yet (the answer is still ``None``).

    Parameters
    ----------
    name : str
        What the answer is, e.g. ``"dscores"``.

    Returns
    -------
    Feedback
        Not correct; "No answer yet: replace None with your expression for <name>."
    """
    return Feedback(False, f"No answer yet: replace None with your expression for {name}.")


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def as_number_array(answer: Any, name: str) -> tuple[np.ndarray | None, Feedback | None]:
    """Turn a learner's answer into a float array, or say why it cannot be one.

    Parameters
    ----------
    answer : object
        Anything a learner can type.
    name : str
        What the answer is; used in the messages.

    Returns
    -------
    (ndarray, None) or (None, Feedback)
        The answer as a float64 array (a copy), or the feedback that names what it is instead:
        ``None``, a string, a dict, a set, a function, a ragged list, booleans, complex numbers,
        entries that are not numbers.
    """
    if answer is None:
        return None, no_answer(name)
    if isinstance(answer, (str, bytes)):
        return None, Feedback(False, f"{name} is the string {_short(answer)}, not a number or an array "
                                     "of numbers: remove the quotes and write the expression itself.")
    if isinstance(answer, Mapping):
        return None, Feedback(False, f"{name} is a {type(answer).__name__}; the exercise asks for an "
                                     "array of numbers (or one number), not a dict.")
    if isinstance(answer, (set, frozenset)):
        return None, Feedback(False, f"{name} is a set, which has no order; give an array (or a list) "
                                     "of numbers.")
    if callable(answer) and not isinstance(answer, np.ndarray):
        return None, Feedback(False, f"{name} is a function ({getattr(answer, '__name__', type(answer).__name__)}); "
                                     "call it and pass the array it returns.")
    if isinstance(answer, Feedback):
        return None, Feedback(False, f"{name} is the feedback of a checker, not your answer: pass the "
                                     "array you computed.")
    try:
        array = np.array(answer)
    except (ValueError, TypeError) as err:
        return None, Feedback(False, f"{name} cannot be made into an array of numbers ({type(err).__name__}): "
                                     "a list whose rows have different lengths? Every row needs as many "
                                     "entries as the others.")
    kind = array.dtype.kind
    if kind == "b" or isinstance(answer, (bool, np.bool_)):
        return None, Feedback(False, f"{name} holds True/False values (dtype bool), not numbers: a "
                                     "comparison such as h > 0 gives a mask; use it to compute the numbers.")
    if kind == "c":
        return None, Feedback(False, f"{name} holds complex numbers; the answer is real.")
    if kind not in "iuf":
        odd = next((x for x in array.ravel() if not isinstance(x, numbers.Real) or isinstance(x, bool)), None)
        what = "None" if odd is None and array.size else type(odd).__name__
        return None, Feedback(False, f"{name} holds entries that are not numbers (e.g. a {what}); "
                                     "every entry must be a number.")
    return array.astype(float), None


def same_array(answer: Any, inputs: Mapping[str, Any] | None) -> str | None:
    """The name of the checker input that ``answer`` *is* (or shares memory with), or None.

    Parameters
    ----------
    answer : object
    inputs : mapping of str -> object, optional
        The checker's own arguments by name; the arrays among them (also inside tuples such as
        :class:`~backprop.Params`, named ``params.W1``...) are compared with ``answer``.
    """
    if not isinstance(answer, np.ndarray) or not inputs:
        return None
    for label, value in _arrays(inputs):
        if value is answer or np.shares_memory(answer, value):
            return label
    return None


def _arrays(inputs: Mapping[str, Any]):
    for label, value in inputs.items():
        if isinstance(value, np.ndarray):
            yield label, value
        elif isinstance(value, tuple):
            fields = getattr(value, "_fields", None) or [str(i) for i in range(len(value))]
            for field, item in zip(fields, value, strict=False):
                if isinstance(item, np.ndarray):
                    yield f"{label}.{field}", item


def aliased(answer: Any, name: str, inputs: Mapping[str, Any] | None, note: str = "") -> Feedback | None:
    """Feedback for an answer that is one of the checker's own input arrays, or None.

    Parameters
    ----------
    answer : object
    name : str
        What the answer is.
    inputs : mapping of str -> object, optional
        The checker's arguments by name (see :func:`same_array`).
    note : str, optional
        Added to the message (e.g. what the checker sees changed in that input).
    """
    label = same_array(answer, inputs)
    if label is None:
        return None
    return Feedback(False, f"{name} is the same array as {label}, an input of the checker: in numpy "
                           f"`b = a` gives one array a second name (R's <- makes a copy), so changing one "
                           f"changes the other{note}. Start from {label}.copy().")


def nonfinite_message(answer: np.ndarray, name: str) -> str | None:
    """Say where ``answer`` holds NaN or inf, or return None if every entry is finite.

    Parameters
    ----------
    answer : ndarray
    name : str
    """
    bad = ~np.isfinite(answer)
    if not bad.any():
        return None
    n_nan, n_inf = int(np.isnan(answer).sum()), int(np.isinf(answer).sum())
    parts = [f"{n} {what}" for n, what in ((n_nan, "NaN"), (n_inf, "inf")) if n]
    where = "" if answer.ndim == 0 else f" (the first at index {tuple(int(i) for i in np.argwhere(bad)[0])})"
    return (f"{name} holds {' and '.join(parts)} in {answer.size} entr{'y' if answer.size == 1 else 'ies'}"
            f"{where}: a division by 0, a log of 0 or an overflowing exp? The answer is finite.")


def _matches(answer: np.ndarray, target: np.ndarray, rtol: float, atol: float) -> bool:
    with np.errstate(all="ignore"):
        return (np.shape(target) == answer.shape and bool(np.isfinite(target).all())
                and np.allclose(answer, target, rtol=rtol, atol=atol))


def _slip_items(slips) -> list[tuple[str, np.ndarray]]:
    items = slips.items() if isinstance(slips, Mapping) else (slips or ())
    return [(message, np.asarray(wrong, dtype=float)) for message, wrong in items]


def compare(answer: Any, expected: Any, *, name: str, slips=None,
            shape_slips: Mapping[tuple, str] | None = None, nonfinite: str | None = None,
            batch_size: int | None = None, rtol: float = 1e-7, atol: float = 1e-12,
            inputs: Mapping[str, Any] | None = None, before: Sequence[tuple[str, Any]] = ()) -> Feedback:
    """Check ``answer`` against ``expected`` and name the slip that explains a wrong one.

    In order: no answer (``None``); not numbers;
    a named slip of the answer's shape when that shape is wrong; a known wrong shape
    (``shape_slips``); one number given as an array (``[lr / N]``) or the other way round; any
    other wrong shape (naming a transposed one); NaN or inf (``nonfinite``); a ``before`` slip;
    right; right at the digits a person typed (a number such as ``1.33e-4`` is judged at its own
    precision, :data:`TYPED_DIGITS` significant digits at least); a named slip; off by the factor
    ``batch_size`` or ``1/batch_size`` (the mean's :math:`1/N`); off by another constant factor or
    the sign; otherwise the largest difference. An answer that *is* one of the checker's
    ``inputs`` and is explained by no slip is reported as such: the input was probably changed in
    place (``d = probs; d -= ...``), so the checker can no longer trust it.

    Parameters
    ----------
    answer : object
        The learner's answer: anything.
    expected : array_like
        The right answer.
    name : str
        What the answer is, e.g. ``"dW2"``; used in the messages.
    slips : mapping of str -> array_like, or sequence of (str, array_like), optional
        The message for each known wrong answer, e.g. ``{"the ReLU mask is missing: ...": unmasked}``.
        A slip may have another shape than ``expected`` (R's row numbers off by one may give an
        array one entry longer).
    shape_slips : mapping of tuple -> str, optional
        Message for an answer of that wrong shape, e.g. ``{(H,): "np.max(z, 0) reduces ..."}``.
    nonfinite : str, optional
        Message for an answer of the right shape holding NaN or inf (an ``exp`` that overflowed);
        a generic one that says where is used otherwise.
    batch_size : int, optional
        :math:`N`, to recognise a missing or doubled division by :math:`N`.
    rtol, atol : float
        Tolerances for computed answers (``numpy.allclose``).
    inputs : mapping of str -> object, optional
        The checker's own arguments by name, to recognise an answer that *is* one of them.
    before : sequence of (str, array_like), optional
        Slips checked *before* the right answer: wrong answers so close to the right one that only
        an exact match tells them apart (matched within a few units in the last place).

    Returns
    -------
    Feedback
    """
    if answer is None:
        return no_answer(name)
    feedback, named = _verdict(answer, expected, name, slips, shape_slips, nonfinite, batch_size,
                               rtol, atol, before)
    if not named:
        # The answer is one of the checker's own inputs and is wrong in no way a slip explains:
        # the input was probably changed in place, so say that rather than "wrong values".
        same = aliased(answer, name, inputs)
        if same is not None and np.shape(answer) == np.shape(expected):
            return same
    return feedback


def _verdict(answer, expected, name, slips, shape_slips, nonfinite, batch_size, rtol, atol, before):
    """``(feedback, named)``: ``named`` is True when the answer is right or a named slip."""
    digits = typed_digits(answer)
    array, feedback = as_number_array(answer, name)
    if feedback is not None:
        return feedback, True
    expected = np.asarray(expected, dtype=float)
    slip_items = _slip_items(slips)
    if array.shape != expected.shape:
        for message, wrong in slip_items:
            if wrong.shape == array.shape and _matches(array, wrong, rtol, atol):
                return Feedback(False, message), True
        return _wrong_shape(array, expected, name, shape_slips, rtol, atol), True
    message = nonfinite_message(array, name)
    if message is not None:
        return Feedback(False, nonfinite if nonfinite else message), True
    ulps = 4 * np.finfo(float).eps
    for message, wrong in before:
        wrong = np.asarray(wrong, dtype=float)
        if _matches(array, wrong, ulps, 0.0) and not _matches(wrong, expected, ulps, 0.0):
            return Feedback(False, message), True
    if _matches(array, expected, rtol, atol):
        return Feedback(True, f"{name} is right."), True
    if digits is not None and expected.ndim == 0 and expected != 0:
        return _typed(float(array), float(expected), digits, name, slip_items), True
    for message, wrong in slip_items:
        if _matches(array, wrong, rtol, atol):
            return Feedback(False, message), True
    factor = _constant_factor(array, expected) if expected.size > 1 else None
    if factor is not None:
        if batch_size and np.isclose(factor, batch_size):
            return Feedback(False, f"{name} is {batch_size} times too large: the loss is a mean, "
                                   f"so the gradient carries a 1/N (N = {batch_size})."), True
        if batch_size and np.isclose(factor, 1 / batch_size):
            return Feedback(False, f"{name} is {batch_size} times too small: it was divided by N twice."), True
        if np.isclose(factor, -1):
            return Feedback(False, f"{name} has the wrong sign."), True
        return Feedback(False, f"{name} is off by a constant factor of {factor:.4g}."), False
    if expected.ndim == 0:
        return Feedback(False, f"{name} = {float(array):.6g} is wrong (the first "
                               f"{agreeing_digits(float(array), float(expected))} significant digits agree)."), False
    diff = float(np.max(np.abs(array - expected)))
    where = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array - expected)), array.shape))
    return Feedback(False, f"{name} has the right shape but wrong values (largest difference {diff:.3g}, "
                           f"at index {where})."), False


def _typed(answer: float, expected: float, digits: int, name: str, slips) -> Feedback:
    """The verdict on a number typed by hand with ``digits`` significant digits."""
    tol = half_unit(answer, digits) * (1 + 1e-9)
    if abs(answer - expected) <= tol:
        if digits >= TYPED_DIGITS:
            return Feedback(True, f"{name} is right to the {digits} significant digits you typed "
                                  f"(the exact value is {expected:.10g}).")
        return Feedback(False, f"{name} = {answer:g} agrees with the right value only to the {digits} "
                               f"significant digit{'s' if digits > 1 else ''} you typed: give at least "
                               f"{TYPED_DIGITS}, or write the expression instead of a number.")
    for message, wrong in slips:
        if wrong.ndim == 0 and np.isfinite(wrong) and abs(answer - float(wrong)) <= tol:
            return Feedback(False, message)
    return Feedback(False, f"{name} = {answer:g} is wrong (the first {agreeing_digits(answer, expected)} "
                           "significant digits agree).")


def _wrong_shape(array, expected, name, shape_slips, rtol, atol) -> Feedback:
    for shape, message in (shape_slips or {}).items():
        if array.shape == tuple(shape):
            return Feedback(False, message)
    if array.size == 1 and expected.size == 1:
        value_right = _matches(array.reshape(expected.shape), expected, rtol, atol)
        verdict = "its value is right, but " if value_right else ""
        if expected.ndim == 0:
            return Feedback(False, f"{name} should be one number; {verdict}you gave an array of shape "
                                   f"{array.shape} (brackets make a list): drop them, or take its entry with "
                                   ".item().")
        return Feedback(False, f"{name} should have shape {expected.shape}; {verdict}you gave shape {array.shape}.")
    if expected.ndim == 0:
        return Feedback(False, f"{name} should be one number, got an array of shape {array.shape}.")
    if array.ndim == 0:
        return Feedback(False, f"{name} is one number, but should be an array of shape {expected.shape}.")
    if array.shape == expected.T.shape and expected.ndim == 2:
        return Feedback(False, f"{name} has shape {array.shape} but should be {expected.shape}: "
                               "it is transposed; check which factor of the product needs a transpose.")
    if array.size == expected.size:
        return Feedback(False, f"{name} has shape {array.shape} but should be {expected.shape} "
                               "(same number of entries: reshape or a missing sum over an axis?).")
    return Feedback(False, f"{name} has shape {array.shape} but should be {expected.shape}.")


def _constant_factor(answer, expected):
    """The c with ``answer == c * expected``, or None if there is none."""
    scale = np.vdot(expected, expected)
    if scale == 0:
        return None
    c = float(np.vdot(answer, expected) / scale)
    return c if c != 0 and np.allclose(answer, c * expected, rtol=1e-7, atol=1e-12) else None
