"""The one feedback engine: every checker, the capstone and the derivation exercises go through it.

Three jobs, one place each:

* **converting** an answer: :func:`as_number_array` turns anything a learner can type into a float
  array or the :class:`Feedback` that says what it is instead (``None``, a string, a dict, a set, a
  function, a ragged list, booleans, complex numbers, entries that are not numbers), without a
  warning;
* **comparing**: :func:`compare` judges an array or a number against the right answer and names the
  slip that explains a wrong one: first the checker's own slips (a :class:`~._slips.SlipTable`,
  computed from the checker's context), then the engine's generic rules (:data:`GENERIC`): a wrong
  shape (transposed, one number in brackets, ...), NaN or inf, a factor ``N`` or ``1/N``, the sign,
  another constant factor, a constant offset, the values shifted by one place, an answer that *is*
  one of the checker's inputs (numpy's ``b = a`` does not copy), a number typed by hand judged at
  its own precision;
* **calling** a learner's function: :func:`call_learner` calls it on copies of its arguments and
  reports what it did wrong (raised, could not be called, returned ``None``, changed an argument in
  place), naming the learner's line; it can also record the values of named local variables line
  by line (the capstone reads from them what each line computed before a later line changed it).

The messages of the generic rules are data too (:data:`GENERIC`), so that the teaching guide lists
them from the table the engine reads.
"""

from __future__ import annotations

import numbers
import sys
import traceback
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, NamedTuple

import numpy as np

from ._slips import Slip, SlipTable, names_slips, table
from ._typed_numbers import agreeing_digits, half_unit, typed_digits

#: Significant digits a typed number needs to be accepted (``1.33e-4`` for 1.3333e-4 is; ``1e-4`` is not).
TYPED_DIGITS = 3

#: How every "not attempted yet" message starts (the student edition's untouched cells say it).
NO_ANSWER = "No answer yet: "

#: Relative tolerance for computed answers; the absolute one is this times 1e-3 of the answer's scale.
RTOL = 1e-7


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


def _rule(name: str, computes: str, message: str, wrong=None, kind: str = "generic") -> Slip:
    return Slip(name, computes, message, wrong, kind)


def _product_error(c) -> bool:
    return isinstance(c.error, ValueError) and any(
        s in str(c.error) for s in ("matmul", "aligned", "mismatch in its core dimension", "could not be broadcast"))


#: The engine's own answers, for any checker: what it says when no slip of the checker explains
#: the answer. Read by :func:`compare`, :func:`as_number_array`, :func:`call_learner` and the guide.
GENERIC = table(
    "any answer (the engine's own rules)",
    _rule("no-answer", "None, the cell as handed out", NO_ANSWER + "replace None with your expression for {name}."),
    _rule("string", "a string", "{name} is the string {text}, not a number or an array of numbers: remove the "
                                "quotes and write the expression itself."),
    _rule("mapping", "a dict", "{name} is a {type}; the exercise asks for an array of numbers (or one number), "
                               "not a dict."),
    _rule("set", "a set", "{name} is a set, which has no order; give an array (or a list) of numbers."),
    _rule("function", "a function where an array is asked for", "{name} is a function ({function}); call it and "
                                                                "pass the array it returns."),
    _rule("feedback", "a checker's Feedback", "{name} is the feedback of a checker, not your answer: pass the "
                                              "array you computed."),
    _rule("ragged", "a list whose rows have different lengths", "{name} cannot be made into an array of numbers "
          "({error}): a list whose rows have different lengths? Every row needs as many entries as the others."),
    _rule("bool", "a comparison such as h > 0 (True/False)", "{name} holds True/False values (dtype bool), not "
          "numbers: a comparison such as h > 0 gives a mask; use it to compute the numbers."),
    _rule("complex", "complex numbers", "{name} holds complex numbers; the answer is real."),
    _rule("not-numbers", "entries that are not numbers", "{name} holds entries that are not numbers (e.g. "
                                                         "{what}); every entry must be a number."),
    _rule("bracketed-right", "the right number in brackets", "{name} should be one number; its value is right, "
          "but you gave an array of shape {shape} (brackets make a list): drop them, or take its entry with .item()."),
    _rule("bracketed", "a wrong number in brackets", "{name} should be one number; you gave an array of shape "
                                                     "{shape} (brackets make a list)."),
    _rule("one-entry-right", "the right entry, another shape", "{name} should have shape {expected_shape}; its "
                                                               "value is right, but you gave shape {shape}."),
    _rule("one-entry", "one entry, another shape", "{name} should have shape {expected_shape}; you gave shape "
                                                   "{shape}."),
    _rule("array-for-number", "an array where one number is asked for", "{name} should be one number, got an "
                                                                       "array of shape {shape}."),
    _rule("number-for-array", "one number where an array is asked for", "{name} is one number, but should be an "
                                                                       "array of shape {expected_shape}."),
    _rule("transposed", "the transpose of the answer", "{name} has shape {shape} but should be {expected_shape}: "
          "it is transposed; check which factor of the product needs a transpose."),
    _rule("reshaped", "the right number of entries, another shape", "{name} has shape {shape} but should be "
          "{expected_shape} (same number of entries: reshape, keepdims or a missing sum over an axis?)."),
    _rule("other-shape", "another shape", "{name} has shape {shape} but should be {expected_shape}."),
    _rule("nonfinite", "NaN or inf", "{name} holds {count} in {entries}{where}: a division by 0, a log of 0 "
                                     "or an overflowing exp? The answer is finite."),
    _rule("same-input", "one of the checker's input arrays, changed in place", "{name} is the same array as "
          "{input}, an input of the checker: in numpy `b = a` gives one array a second name (R's <- makes a copy), "
          "so changing one changes the other{note}. Start from {input}.copy()."),
    _rule("batch-too-large", "N times the right answer", "{name} is {size} times too large: the loss is a mean, "
          "so the gradient carries a 1/{batch} ({batch} = {size})."),
    _rule("batch-twice", "the right answer divided by N again", "{name} is {size} times too small: it was "
                                                                "divided by {batch} twice."),
    _rule("sign", "minus the right answer", "{name} has the wrong sign."),
    _rule("factor", "a constant times the right answer", "{name} is off by a constant factor of {factor:.4g}."),
    _rule("offset", "the right answer plus a constant", "{name} is off by {offset:+.4g} in every entry."),
    _rule("shifted", "the right values one place over", "{name} holds the right values shifted by one place "
          "along axis {axis}: an index off by one (R counts from 1, numpy from 0)?"),
    _rule("typed-too-few", "a number typed with too few digits", "{name} = {value:g} agrees with the right value "
          "only to the {typed} you typed: give at least {needed}, or write the expression instead of a number."),
    _rule("typed-wrong", "a wrong number typed by hand", "{name} = {value:g} is wrong (the first {agree} "
                                                         "significant digits agree)."),
    _rule("number", "a wrong computed number", "{name} = {value:.6g} is wrong (the first {agree} significant "
                                               "digits agree)."),
    _rule("values", "any other wrong array", "{name} has the right shape but wrong values (largest difference "
                                             "{diff:.3g}, at index {index})."),
    _rule("no-function", "None instead of a function", NO_ANSWER + "replace None with your function {signature} "
                                                       "(def ...: return ...)."),
    _rule("not-callable", "the result instead of the function", "Pass your function itself ({signature}), not "
                                                                "its result; got {type}."),
    _rule("not-called", "a function that cannot be called with these arguments", "your function raised {error} "
          "before its first line: it cannot be called as {signature} ({text})."),
    _rule("raised", "a function that raises", "your function raised {error}{where}: {text}"),
    _rule("product", "a product whose inner sizes differ", "The inner sizes of a product (or the shapes of an "
          "element-wise operation) differ: write the shape of each factor and check which one needs a transpose.",
          _product_error, kind="raises"),
    _rule("mask-shape", "a mask used on an array of another shape", "A mask has the shape of the array it was "
          "computed from: hidden <= 0 is [N × H], so it can only index an [N × H] array such as dhidden.",
          lambda c: isinstance(c.error, IndexError) and "boolean index" in str(c.error), kind="raises"),
    _rule("returned-none", "a function that still returns None", NO_ANSWER + "your function returned None; "
          "replace the None after `return` in {signature} with your expression (or add the `return` if it has "
          "none)."),
    _rule("no-return", "a function that changes its argument and returns nothing", "your function returned None, "
          "but it modified its argument {input} in place: did you forget `return {input}` at the end? (A function "
          "without `return` returns None.)"),
    _rule("changed-argument", "a function that changes its argument in place", "your function changed its "
          "argument {input} in place: it must leave its arguments as they are and return a new array (write "
          "`{input} * ...`, not `{input} *= ...`)."),
)


def _say(rule: str, **fields) -> str:
    return GENERIC[rule].text(**fields)


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
    return Feedback(False, _say("no-answer", name=name))


def located(label: str, message: str) -> str:
    """``message`` about the case ``label``; a "No answer yet" message keeps those words first."""
    if message.startswith(NO_ANSWER):
        return f"{NO_ANSWER}on {label}, {message[len(NO_ANSWER):]}"
    return f"On {label}: {message}"


# ----------------------------------------------------------------------------------- converting


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe_value(value: Any) -> str:
    """What ``value`` is, for a message: ``"the string 'abc'"``, ``"an ndarray of shape (2, 3)"``, ``"list"``."""
    if isinstance(value, (str, bytes)):
        return f"the string {_short(value)}"
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape}"
    return type(value).__name__


def as_number_array(answer: Any, name: str) -> tuple[np.ndarray | None, Feedback | None]:
    """Turn a learner's answer into a float array, or say why it cannot be one.

    The one conversion of the engine: no numpy warning (complex numbers are named, not cast).

    Parameters
    ----------
    answer : object
        Anything a learner can type.
    name : str
        What the answer is; used in the messages.

    Returns
    -------
    (ndarray, None) or (None, Feedback)
        The answer as a float64 array (a copy), or the feedback that names what it is instead.
    """
    if answer is None:
        return None, no_answer(name)
    if isinstance(answer, (str, bytes)):
        return None, Feedback(False, _say("string", name=name, text=_short(answer)))
    if isinstance(answer, Mapping):
        return None, Feedback(False, _say("mapping", name=name, type=type(answer).__name__))
    if isinstance(answer, (set, frozenset)):
        return None, Feedback(False, _say("set", name=name))
    if isinstance(answer, Feedback):
        return None, Feedback(False, _say("feedback", name=name))
    if callable(answer) and not isinstance(answer, np.ndarray):
        function = getattr(answer, "__name__", type(answer).__name__)
        return None, Feedback(False, _say("function", name=name, function=function))
    try:
        array = np.array(answer)
    except Exception as err:  # noqa: BLE001 (ragged lists, objects whose __array__ fails: all are answers)
        return None, Feedback(False, _say("ragged", name=name, error=type(err).__name__))
    kind = array.dtype.kind
    if kind == "b":
        return None, Feedback(False, _say("bool", name=name))
    if kind == "c":
        return None, Feedback(False, _say("complex", name=name))
    if kind not in "iuf":
        odd = next((x for x in array.ravel() if not isinstance(x, numbers.Real) or isinstance(x, bool)), None)
        kind_name = "None" if odd is None and array.size else type(odd).__name__
        what = ("an " if kind_name[0] in "aeiou" else "a ") + kind_name
        return None, Feedback(False, _say("not-numbers", name=name, what=what))
    return array.astype(float), None


def _floats(value) -> np.ndarray | None:
    """``value`` as a float array, or None if it is not numbers (no warning, no exception)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value.astype(float, copy=False)
    return as_number_array(value, "value")[0]


def close(answer, expected, *, rtol: float = RTOL, atol: float | None = None) -> bool:
    """Equal up to rounding: same shape, finite, and within ``rtol`` (``atol`` defaults to
    ``rtol``·1e-3 of the largest entry of ``expected``, so that an array of tiny numbers is still
    compared by its digits)."""
    answer, expected = _floats(answer), _floats(expected)
    if answer is None or expected is None or answer.shape != expected.shape \
            or not (np.isfinite(answer).all() and np.isfinite(expected).all()):
        return False
    if atol is None:
        atol = rtol * 1e-3 * float(np.max(np.abs(expected), initial=0.0))
    with np.errstate(all="ignore"):
        return bool(np.allclose(answer, expected, rtol=rtol, atol=atol))


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
    return Feedback(False, _say("same-input", name=name, input=label, note=note))


def nonfinite_message(answer: np.ndarray, name: str) -> str | None:
    """Say where ``answer`` holds NaN or inf, or return None if every entry is finite."""
    bad = ~np.isfinite(answer)
    if not bad.any():
        return None
    n_nan, n_inf = int(np.isnan(answer).sum()), int(np.isinf(answer).sum())
    count = " and ".join(f"{n} {what}" for n, what in ((n_nan, "NaN"), (n_inf, "inf")) if n)
    where = "" if answer.ndim == 0 else f" (the first at index {tuple(int(i) for i in np.argwhere(bad)[0])})"
    entries = f"{answer.size} entr" + ("y" if answer.size == 1 else "ies")
    return _say("nonfinite", name=name, count=count, entries=entries, where=where)


# ----------------------------------------------------------------------------------- comparing


def _context_fields(context: Any, name: str) -> dict:
    values = dict(vars(context)) if isinstance(context, SimpleNamespace) else dict(context or {})
    values.setdefault("name", name)
    return values


def _wrong_values(slips: SlipTable | None, context, kinds=("value", "mask")):
    """``(slip, wrong answer as a float array)`` for the slips of ``kinds`` that arise here."""
    for slip in (slips.of_kind(*kinds) if slips else ()):
        wrong = slip.wrong(context) if slip.wrong else None
        if wrong is None:
            continue
        with np.errstate(all="ignore"):
            yield slip, np.asarray(wrong, dtype=float)


class Verdict(NamedTuple):
    """What :func:`judge` found: right or not, the message, and the name of the slip that explains
    a wrong answer (a checker's slip name, ``"generic:<rule>"`` for an engine rule, None if right)."""

    correct: bool
    message: str
    slip: str | None = None


@names_slips(GENERIC)
def compare(answer: Any, expected: Any, *, name: str, slips: SlipTable | None = None, context: Any = None,
            batch_size: int | None = None, batch_symbol: str = "N", rtol: float = RTOL,
            atol: float | None = None, inputs: Mapping[str, Any] | None = None,
            right: str | None = None) -> Feedback:
    """Check ``answer`` against ``expected`` and name the slip that explains a wrong one.

    In order: no answer (``None``); not numbers (a boolean array that equals a ``mask`` slip as 0/1
    is that slip); a wrong shape (a value slip of that shape, a shape slip, then the generic shape
    rules); NaN or inf (a ``nonfinite`` slip or the generic message); an ``exact`` slip (matched to
    a few units in the last place); right; a number typed by hand (judged at the digits typed, at
    least :data:`TYPED_DIGITS`); a value slip; the factor ``batch_size`` or its inverse (the mean's
    1/N missing or applied twice), the sign; then, unless the answer *is* one of the checker's
    ``inputs`` (changed in place), another constant factor, a constant offset, the values shifted
    by one place, or the largest difference.

    Parameters
    ----------
    answer : object
        The learner's answer: anything.
    expected : array_like
        The right answer.
    name : str
        What the answer is, e.g. ``"dW2"``; used in the messages.
    slips : SlipTable, optional
        The checker's slips for this answer; each ``wrong(context)`` gives its wrong answer.
    context : SimpleNamespace or mapping, optional
        What the slips compute from, and the fields of their messages.
    batch_size : int, optional
        The number of rows the loss averages over, to recognise a missing or doubled division.
    batch_symbol : str, default "N"
        Its name in the messages (``"B"`` for a minibatch).
    rtol, atol : float
        Tolerances for computed answers (see :func:`close`).
    inputs : mapping of str -> object, optional
        The checker's own arguments by name, to recognise an answer that *is* one of them.
    right : str, optional
        The message for a right answer (default ``"<name> is right."``).

    Returns
    -------
    Feedback
    """
    verdict = judge(answer, expected, name=name, slips=slips, context=context, batch_size=batch_size,
                    batch_symbol=batch_symbol, rtol=rtol, atol=atol, inputs=inputs, right=right)
    return Feedback(verdict.correct, verdict.message)


def judge(answer: Any, expected: Any, *, name: str, slips: SlipTable | None = None, context: Any = None,
          batch_size: int | None = None, batch_symbol: str = "N", rtol: float = RTOL,
          atol: float | None = None, inputs: Mapping[str, Any] | None = None,
          right: str | None = None) -> Verdict:
    """:func:`compare`, saying also which slip explains a wrong answer (see :class:`Verdict`)."""
    if answer is None:
        return Verdict(False, no_answer(name).message, "generic:no-answer")
    context = context if context is not None else SimpleNamespace()
    fields = _context_fields(context, name)
    digits = typed_digits(answer)
    array, problem = as_number_array(answer, name)
    if problem is not None:
        return _bool_slip(answer, slips, context, fields) or Verdict(False, problem.message, "generic:convert")
    expected = np.asarray(expected, dtype=float)

    def is_close(a, b):
        return close(a, b, rtol=rtol, atol=atol)

    def slip_verdict(slip):
        return Verdict(False, slip.text(fields), slip.name)

    if array.shape != expected.shape:
        for slip, wrong in _wrong_values(slips, context):
            if wrong.shape == array.shape and is_close(array, wrong):
                return slip_verdict(slip)
        for slip in (slips.of_kind("shape") if slips else ()):
            shape = slip.wrong(context)
            if shape is not None and tuple(shape) == array.shape:
                return slip_verdict(slip)
        return Verdict(False, *_wrong_shape(array, expected, name, is_close))
    message = nonfinite_message(array, name)
    if message is not None:
        special = slips.of_kind("nonfinite") if slips else []
        return slip_verdict(special[0]) if special else Verdict(False, message, "generic:nonfinite")
    ulps = 4 * np.finfo(float).eps
    for slip, wrong in _wrong_values(slips, context, ("exact",)):
        if close(array, wrong, rtol=ulps, atol=0.0) and not close(wrong, expected, rtol=ulps, atol=0.0):
            return slip_verdict(slip)
    if is_close(array, expected):
        return Verdict(True, right or f"{name} is right.")
    if digits is not None and expected.ndim == 0 and expected != 0:
        return _typed(float(array), float(expected), digits, name, slips, context, fields)
    for slip, wrong in _wrong_values(slips, context):
        if is_close(array, wrong):
            return slip_verdict(slip)
    named = _batch_or_sign(array, expected, name, batch_size, batch_symbol, is_close)
    if named is not None:
        return Verdict(False, *named)
    same = aliased(answer, name, inputs)
    if same is not None:
        return Verdict(False, same.message, "generic:same-input")
    return Verdict(False, *_difference(array, expected, name, is_close))


def _bool_slip(answer, slips, context, fields) -> Verdict | None:
    """A boolean answer (``h > 0``) that equals a ``mask`` slip as 0/1: that slip's verdict."""
    try:
        values = np.asarray(answer)
    except Exception:  # noqa: BLE001 (anything: it is judged elsewhere)
        return None
    if values.dtype != bool:
        return None
    for slip, wrong in _wrong_values(slips, context, ("mask",)):
        if close(values.astype(float), wrong):
            return Verdict(False, slip.text(fields), slip.name)
    return None


def _generic(rule: str, **fields) -> tuple[str, str]:
    return _say(rule, **fields), f"generic:{rule}"


def _wrong_shape(array: np.ndarray, expected: np.ndarray, name: str, is_close) -> tuple[str, str]:
    fields = {"name": name, "shape": array.shape, "expected_shape": expected.shape}
    if array.size == 1 and expected.size == 1:
        value_right = is_close(array.reshape(expected.shape), expected)
        if expected.ndim == 0:
            return _generic("bracketed-right" if value_right else "bracketed", **fields)
        return _generic("one-entry-right" if value_right else "one-entry", **fields)
    if expected.ndim == 0:
        return _generic("array-for-number", **fields)
    if array.ndim == 0:
        return _generic("number-for-array", **fields)
    if expected.ndim == 2 and array.shape == expected.T.shape:
        return _generic("transposed", **fields)
    if array.size == expected.size:
        return _generic("reshaped", **fields)
    return _generic("other-shape", **fields)


def constant_factor(answer: np.ndarray, expected: np.ndarray, is_close=None) -> float | None:
    """The ``c`` with ``answer == c * expected`` (up to rounding), or None (also for one number)."""
    is_close = is_close or close
    scale = float(np.vdot(expected, expected))
    if scale == 0 or expected.size < 2:
        return None
    c = float(np.vdot(answer, expected) / scale)
    return c if c != 0 and is_close(answer, c * expected) else None


def _batch_or_sign(array, expected, name, batch_size, symbol, is_close) -> tuple[str, str] | None:
    """The factor N (1/N missing), 1/N (applied twice) or −1 (the sign), else None."""
    factor = constant_factor(array, expected, is_close)
    if factor is None:
        return None
    if batch_size and batch_size > 1 and np.isclose(factor, batch_size):
        return _generic("batch-too-large", name=name, size=batch_size, batch=symbol)
    if batch_size and batch_size > 1 and np.isclose(factor, 1 / batch_size):
        return _generic("batch-twice", name=name, size=batch_size, batch=symbol)
    if np.isclose(factor, -1):
        return _generic("sign", name=name)
    return None


def _difference(array, expected, name, is_close) -> tuple[str, str]:
    """Another constant factor, a constant offset, a shift by one place, else the largest difference."""
    factor = constant_factor(array, expected, is_close)
    if factor is not None:
        return _generic("factor", name=name, factor=factor)
    if expected.ndim == 0:
        return _generic("number", name=name, value=float(array), agree=agreeing_digits(float(array), float(expected)))
    offset = float(np.mean(array - expected))
    if expected.size > 1 and offset != 0 and is_close(array, expected + offset):
        return _generic("offset", name=name, offset=offset)
    for axis in range(expected.ndim):
        for step in (1, -1):
            rolled = np.roll(expected, step, axis=axis)
            if expected.shape[axis] > 1 and is_close(array, rolled) and not is_close(expected, rolled):
                return _generic("shifted", name=name, axis=axis)
    diff = np.abs(array - expected)
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    return _generic("values", name=name, diff=float(diff.max()), index=where)


def _typed(answer: float, expected: float, digits: int, name: str, slips, context, fields) -> Verdict:
    """The verdict on a number typed by hand with ``digits`` significant digits."""
    tol = half_unit(answer, digits) * (1 + 1e-9)
    if abs(answer - expected) <= tol:
        if digits >= TYPED_DIGITS:
            return Verdict(True, f"{name} is right to the {digits} significant digits you typed "
                                 f"(the exact value is {expected:.10g}).")
        typed = f"{digits} significant digit" + ("s" if digits > 1 else "")
        return Verdict(False, *_generic("typed-too-few", name=name, value=answer, typed=typed, needed=TYPED_DIGITS))
    for slip, wrong in _wrong_values(slips, context):
        if wrong.ndim == 0 and np.isfinite(wrong) and abs(answer - float(wrong)) <= tol:
            return Verdict(False, slip.text(fields), slip.name)
    return Verdict(False, *_generic("typed-wrong", name=name, value=answer, agree=agreeing_digits(answer, expected)))


# ----------------------------------------------------------------------------------- calling


class Call(NamedTuple):
    """What happened when the learner's function was called (see :func:`call_learner`).

    Attributes
    ----------
    result : object
        What the function returned (None when it raised).
    feedback : Feedback or None
        None when the function ran and returned something; else what went wrong.
    error : Exception or None
        What it raised, if it did.
    error_locals : dict
        Its local variables when it raised (empty if it raised before its first line).
    error_line : str
        The line of its source that raised ("" if unknown).
    states : list of (str, dict)
        With ``trace``: after each executed line of the function, that line's text and the values
        of its local variables then, ``{name: (object, value)}`` (``value`` a copy of an
        array, taken when it changed).
    """

    result: Any
    feedback: Feedback | None
    error: BaseException | None = None
    error_locals: dict = {}
    error_line: str = ""
    states: list = []


def _copy(value):
    """A copy deep enough that the learner's function cannot change the checker's value."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, tuple):
        items = [_copy(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return value


def _changed(name: str, original, copy) -> str | None:
    """The name of the first array inside ``copy`` that differs from ``original`` (``params.W1``...)."""
    if isinstance(original, np.ndarray):
        same = (isinstance(copy, np.ndarray) and copy.shape == original.shape
                and np.array_equal(copy, original, equal_nan=True))
        return None if same else name
    if isinstance(original, dict) and isinstance(copy, dict):
        pairs = [(f"{name}[{k!r}]", v, copy.get(k)) for k, v in original.items()]
    elif isinstance(original, tuple) and isinstance(copy, tuple):
        labels = getattr(original, "_fields", None) or [str(i) for i in range(len(original))]
        pairs = [(f"{name}.{label}", v, c) for label, v, c in zip(labels, original, copy, strict=False)]
    else:
        return None
    return next((hit for label, v, c in pairs if (hit := _changed(label, v, c))), None)


def describe_exception(fn, err: BaseException, signature: str) -> tuple[str, bool]:
    """``(message, entered)`` for an exception the learner's function ``fn`` raised.

    The message names the learner's line (read through ``linecache``, as a notebook's tracebacks
    are) and adds the hint of a generic ``raises`` rule that fits (a product whose sizes differ, a
    mask of another shape); ``entered`` is False when the function could not even be called as
    ``signature`` (it raised before its first line), which the message then says. A lambda is one
    line, the whole function: its line is left out.
    """
    code = getattr(fn, "__code__", None)
    entered = code is not None and any(frame.f_code is code for frame, _ in traceback.walk_tb(err.__traceback__))
    text = str(err).strip().rstrip(".") or "(no message)"
    if code is not None and not entered and isinstance(err, TypeError):
        return _say("not-called", error=type(err).__name__, signature=signature, text=text), False
    line = learner_line(fn, err)
    where = f" in the line `{line}`" if line and code.co_name != "<lambda>" else ""
    message = _say("raised", error=type(err).__name__, where=where, text=text)
    context = SimpleNamespace(error=err)
    hints = [rule.message for rule in GENERIC.of_kind("raises") if rule.wrong(context)]
    return message + "." + "".join(f" {hint}" for hint in hints[:1]), entered


def code_of(line: str) -> str:
    """A learner's source line without its trailing comment (kept when a ``#`` may be in a string)."""
    code, hash_, _ = line.partition("#")
    return code.rstrip() if hash_ and "'" not in code and '"' not in code else line.strip()


def learner_line(fn, err: BaseException) -> str:
    """The line of ``fn``'s source that raised ``err`` (the innermost of its frames), or ""."""
    code = getattr(fn, "__code__", None)
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if code is not None and frame.filename == code.co_filename and frame.name == code.co_name:
            return code_of((frame.line or "").strip())
    return ""


def learner_locals(fn, err: BaseException) -> dict:
    """The local variables of ``fn``'s frame when it raised ``err`` (empty if it never ran)."""
    code = getattr(fn, "__code__", None)
    found = {}
    for frame, _ in traceback.walk_tb(err.__traceback__):
        if frame.f_code is code:
            found = dict(frame.f_locals)
    return found


def call_learner(fn: Any, args: Mapping[str, Any], *, signature: str, slips: SlipTable | None = None,
                 context: Any = None, read_only: bool = False, trace: bool = False) -> Call:
    """Call the learner's function on copies of ``args`` and catch everything it can do wrong.

    Parameters
    ----------
    fn : object
        The learner's function (``None`` means not attempted yet).
    args : mapping of str -> object
        The arguments by name, in call order; the function gets copies, so it may change them.
    signature : str
        How the exercise names the function and its arguments, ``"my_dhidden(dscores, W2)"``.
    slips, context : SlipTable and SimpleNamespace, optional
        When the function raises, ``context.error`` is set to the exception and the message of the
        first ``raises`` slip whose ``wrong(context)`` is true is added (explaining from the shapes
        what can be formed, not from numpy's wording).
    read_only : bool, default False
        If True, changing an argument in place is itself reported (a VJP must not).
    trace : bool, default False
        Record the values of the function's local variables after each of its lines (see
        :attr:`Call.states`).

    Returns
    -------
    Call
        ``feedback`` is None when the function returned something (not None).
    """
    if fn is None:
        return Call(None, Feedback(False, _say("no-function", signature=signature)))
    if not callable(fn):
        return Call(None, Feedback(False, _say("not-callable", signature=signature, type=type(fn).__name__)))
    copies = {key: _copy(value) for key, value in args.items()}
    states: list = []
    try:
        if trace and getattr(fn, "__code__", None) is not None:
            result = _run_traced(fn, tuple(copies.values()), states)
        else:
            result = fn(*copies.values())
    except Exception as err:  # the learner's code: anything may happen; report it, don't crash
        message, entered = describe_exception(fn, err, signature)
        if slips is not None and entered:
            context.error = err
            hint = next((slip for slip in slips.of_kind("raises") if slip.wrong(context)), None)
            message += f" {hint.text(_context_fields(context, ''))}" if hint else ""
        return Call(None, Feedback(False, message), err, learner_locals(fn, err), learner_line(fn, err), states)
    changed = next((hit for key in args if (hit := _changed(key, args[key], copies[key]))), None)
    if result is None:
        rule = "no-return" if changed else "returned-none"
        return Call(None, Feedback(False, _say(rule, input=changed, signature=signature)), states=states)
    if read_only and changed:
        return Call(None, Feedback(False, _say("changed-argument", input=changed)), states=states)
    return Call(result, None, states=states)


def _snapshot(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _same_value(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    return a is b


def _run_traced(fn, args: tuple, states: list):
    """``fn(*args)``, appending to ``states`` after each of its lines ``(line text, {name: (object,
    value)})`` for its local variables (an array's value copied when it changed)."""
    import linecache

    code = fn.__code__
    last: dict[str, tuple] = {}
    previous_line = [None]

    def record(frame):
        current = {}
        for name, value in dict(frame.f_locals).items():
            before = last.get(name)
            if before is not None and before[0] is value and _same_value(before[1], value):
                current[name] = before
            else:
                current[name] = (value, _snapshot(value))
        last.clear()
        last.update(current)
        number = previous_line[0]
        text = code_of(linecache.getline(code.co_filename, number).strip()) if number else ""
        states.append((text, current))

    def local(frame, event, arg):
        if event in ("line", "return"):
            record(frame)
            previous_line[0] = frame.f_lineno
        return local

    def calls(frame, event, arg):
        if frame.f_code is code:
            previous_line[0] = None
            return local
        return None

    old = sys.gettrace()
    sys.settrace(calls)
    try:
        return fn(*args)
    finally:
        sys.settrace(old)
