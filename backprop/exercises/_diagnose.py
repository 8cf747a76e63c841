"""Shared machinery of the capstone and derivation checkers: call a learner's function safely and
say what is wrong with one array it returned.

Nothing here raises on anything a learner can type: a function that raises is reported with the
line of its source that raised, a value that is not an array of numbers is named, and a wrong
value is compared with a list of known wrong answers (the slips) before a generic verdict.
"""

from __future__ import annotations

import traceback

import numpy as np

#: numpy's messages for a matrix product whose inner sizes differ.
_PRODUCT_ERRORS = ("matmul", "aligned", "mismatch in its core dimension", "could not be broadcast")


class LearnerError(Exception):
    """The learner's function raised, or returned something unusable; ``str()`` is the message."""


#: How every "not attempted yet" message starts (the student edition's untouched cells say it).
NO_ANSWER = "No answer yet: "


def located(label: str, message: str) -> str:
    """``message`` about the case ``label``; a "No answer yet" message keeps those words first."""
    if NO_ANSWER in message:
        return f"{NO_ANSWER}on {label}, {message.replace(NO_ANSWER, '', 1)}"
    return f"On {label}: {message}"


def describe_exception(fn, err: BaseException) -> str:
    """``"your function raised <Type> in the line `...`: <message>"``, naming the learner's line.

    A lambda is one line, the whole function: naming it adds nothing, so the line is left out
    (``"your function raised <Type>: <message>"``).
    """
    code = getattr(fn, "__code__", None)
    if code is not None and code.co_name == "<lambda>":
        code = None
    line = ""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if code is not None and frame.filename == code.co_filename and frame.name == code.co_name:
            line = (frame.line or "").strip()
            break
    where = f" in the line `{line}`" if line else ""
    text = str(err).strip() or "(no message)"
    message = f"your function raised {type(err).__name__}{where}: {text}"
    if isinstance(err, ValueError) and any(s in text for s in _PRODUCT_ERRORS):
        message += (" — the inner sizes of a product (or the shapes of an element-wise operation) "
                    "differ: write the shape of each factor and check which one needs a transpose.")
    if isinstance(err, IndexError) and "boolean index" in text:
        message += (" — a mask has the shape of the array it was computed from: hidden <= 0 is "
                    "[N × H], so it can only index an [N × H] array such as dhidden.")
    return message


def learner_locals(fn, err: BaseException) -> dict:
    """The local variables of ``fn``'s frame when it raised ``err`` (empty if it is not in the traceback)."""
    code = getattr(fn, "__code__", None)
    tb, found = err.__traceback__, {}
    while tb is not None:
        if tb.tb_frame.f_code is code:
            found = dict(tb.tb_frame.f_locals)
        tb = tb.tb_next
    return found


def call(fn, args, *, what: str, originals=None):
    """Call ``fn(*args)`` and return its result; raise :class:`LearnerError` with a message otherwise.

    ``what`` names the function the learner should pass, with its arguments (``"f(dA, Z, A)"``).
    ``originals``, if given, are the arrays ``args`` are copies of: a function that returns None
    after changing one of them in place is told it probably forgot its ``return``.
    """
    if fn is None:
        raise LearnerError(f"No answer yet: write {what} and pass the function itself.")
    if not callable(fn):
        raise LearnerError(f"Pass your function itself ({what}), not its result; got {type(fn).__name__}.")
    try:
        result = fn(*args)
    except Exception as err:  # anything the learner's code raises is feedback, not a crash
        raise LearnerError(describe_exception(fn, err)) from None
    if result is None:
        changed = _changed_argument(args, originals, what)
        if changed is not None:
            raise LearnerError(f"Your function returned None, but it modified its argument {changed} in place: "
                               f"did you forget `return` at the end of {what}? (A function without `return` "
                               "returns None.)")
        raise LearnerError(f"{NO_ANSWER}your function returned None; replace the None after `return` in {what} "
                           "with your expression (or add the `return` if it has none).")
    return result


def describe_value(value) -> str:
    """What ``value`` is, for a message: ``"the string 'abc'"``, ``"an ndarray of shape (2, 3)"``, ``"list"``."""
    if isinstance(value, (str, bytes)):
        return f"the string {value!r:.40}"
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape}"
    return type(value).__name__


def _changed_argument(args, originals, what: str) -> str | None:
    """The name (from ``what``) of the first array of ``args`` that no longer equals its original."""
    if originals is None:
        return None
    inner = what[what.find("(") + 1:what.rfind(")")] if "(" in what else ""
    names = [n.strip() for n in inner.split(",")]
    for i, (arg, original) in enumerate(zip(args, originals, strict=False)):
        if isinstance(original, np.ndarray) and not (
                isinstance(arg, np.ndarray) and arg.shape == original.shape
                and np.array_equal(arg, original, equal_nan=True)):
            return names[i] if i < len(names) and names[i] else f"number {i + 1}"
    return None


def as_array(value, name: str) -> np.ndarray:
    """``value`` as a float array, or raise :class:`LearnerError` naming ``name``."""
    if value is None:
        raise LearnerError(f"{NO_ANSWER}{name} is still None; replace it with your expression.")
    if isinstance(value, (str, bytes)):
        raise LearnerError(f"{name} must be a numpy array of numbers, got the string {value!r:.40}: "
                           "remove the quotes and write the expression itself.")
    if isinstance(value, (dict, set)) or callable(value):
        raise LearnerError(f"{name} must be a numpy array of numbers, got {type(value).__name__}.")
    try:
        with np.errstate(all="ignore"):
            array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise LearnerError(f"{name} must be a numpy array of numbers, got {type(value).__name__}.") from None
    return array


def close(a, b, *, rtol: float = 1e-6) -> bool:
    """Equal up to rounding: shapes equal and every entry within ``rtol`` of the larger scale."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.isfinite(a).all():
        return False
    scale = max(float(np.max(np.abs(b), initial=0.0)), float(np.max(np.abs(a), initial=0.0)), 1e-300)
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * 1e-3 * scale))


def constant_factor(answer: np.ndarray, expected: np.ndarray):
    """The ``c`` with ``answer == c * expected`` (up to rounding), or None."""
    scale = float(np.vdot(expected, expected))
    if scale == 0 or expected.size < 2:
        return None
    c = float(np.vdot(answer, expected) / scale)
    return c if c != 0 and close(answer, c * expected) else None


def diagnose(value, expected, name: str, *, slips=(), shape_slips=None, batch_size=None) -> str | None:
    """None if ``value`` is right, else a message saying what is wrong with it.

    In order: not an array of numbers; a wrong shape with a known cause (``shape_slips``: shape ->
    message); any other wrong shape; NaN or inf; right; one of the ``slips`` (a sequence of
    ``(wrong_value, message)``, the first match wins); off by the factor ``batch_size`` (the 1/N),
    its inverse, -1 or another constant; else the largest difference and where it is.
    """
    try:
        answer = as_array(value, name)
    except LearnerError as err:
        return str(err)
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        for shape, message in (shape_slips or {}).items():
            if answer.shape == tuple(shape):
                return message
        if expected.ndim == 2 and answer.shape == expected.T.shape:
            return (f"{name} has shape {answer.shape} but should be {expected.shape}: it is transposed; "
                    "check which factor of the product needs the transpose.")
        if answer.size == expected.size:
            return (f"{name} has shape {answer.shape} but should be {expected.shape}, with the same "
                    "number of entries: a kept dimension (keepdims) or a reshape?")
        return f"{name} has shape {answer.shape} but should be {expected.shape}."
    if not np.isfinite(answer).all():
        return f"{name} contains NaN or inf: check for a division by zero or an overflow."
    if close(answer, expected):
        return None
    for wrong, message in slips:
        if wrong is not None and np.shape(wrong) == answer.shape and close(answer, wrong):
            return message
    factor = constant_factor(answer, expected)
    if factor is not None:
        if batch_size and np.isclose(factor, batch_size):
            return (f"{name} is {batch_size} times too large: the loss is a mean over the batch, so "
                    f"this gradient carries a 1/N (N = {batch_size}).")
        if batch_size and np.isclose(factor, 1 / batch_size):
            return f"{name} is {batch_size} times too small: the 1/N was applied twice."
        if np.isclose(factor, -1):
            return f"{name} has the wrong sign."
        return f"{name} is off by a constant factor of {factor:.4g}."
    diff = np.abs(answer - expected)
    where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    at = f" at index {tuple(int(i) for i in where)}" if where else ""
    return (f"{name} has the right shape but wrong values: the largest difference is "
            f"{float(diff.max()):.3g}{at}.")
