"""Calling a learner's function: every way it can go wrong, reported as :class:`Feedback`.

:func:`call_learner` reports a function that raises ("your function raised ValueError: ...") or
returns ``None`` (and whether it modified its input in place, the sign of a forgotten ``return``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ._feedback import Feedback, no_answer


def call_learner(fn: Any, name: str, args: Mapping[str, np.ndarray], *,
                 explain: Callable[[], str] | None = None) -> tuple[Any, Feedback | None]:
    """Call the learner's function on copies of ``args`` and catch everything it can do wrong.

    Parameters
    ----------
    fn : object
        The learner's function (``None`` means not attempted yet).
    name : str
        What the function computes, e.g. ``"dhidden"``.
    args : mapping of str -> ndarray
        The arguments by name, in call order; the function gets copies, so it may modify them.
    explain : callable, optional
        Returns a sentence added when the function raises, explaining from the shapes of ``args``
        which products or masks can be formed (decided from shapes, not from numpy's wording).

    Returns
    -------
    (object, None) or (None, Feedback)
        What the function returned, or the feedback when it was not a function, raised, or
        returned ``None`` (saying whether it modified an input in place: a forgotten ``return``).
    """
    if fn is None:
        return None, no_answer(name)
    if not callable(fn):
        return None, Feedback(False, f"Pass your function itself (my_{name}), not its result; "
                                     f"got {type(fn).__name__}.")
    copies = {key: np.array(value, copy=True) for key, value in args.items()}
    try:
        result = fn(*copies.values())
    except Exception as err:  # the learner's code: anything may happen; report it, don't crash
        extra = f" {explain()}" if explain is not None else ""
        return None, Feedback(False, f"your function raised {type(err).__name__}: "
                                     f"{str(err).strip().rstrip('.')}.{extra}")
    changed = [key for key in copies
               if copies[key].shape != args[key].shape
               or not np.array_equal(copies[key], args[key], equal_nan=True)]
    if result is None:
        if changed:
            return None, Feedback(False, f"your function returned None, but it modified its input "
                                         f"{changed[0]} in place: did you forget `return {changed[0]}` at "
                                         "the end? (A function without `return` returns None.)")
        return None, Feedback(False, f"No answer yet: your function returned None; replace None with your "
                                     f"expression for {name} (and make sure the function ends with `return`).")
    return result, None
