"""Numbers a learner types by hand (``1.33e-4``): how many significant digits they carry and agree.

A typed number is judged at the precision it was typed with, not at the 1e-7 of a computed array.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def typed_digits(answer: Any) -> int | None:
    """The significant digits of a number as a person types it, or None for an array or a computed float.

    ``1.33e-4`` and ``0.000133`` have 3; ``7`` has 1; a float with 10 or more significant digits in
    its shortest representation is taken as computed, not typed.

    Parameters
    ----------
    answer : object
    """
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (numbers.Real, np.floating, np.integer)):
        return None
    if isinstance(answer, (numbers.Integral, np.integer)):
        return None  # an integer is exact: judged exactly
    value = float(answer)
    if not math.isfinite(value) or value == 0:
        return None
    text = repr(value).lower()
    significant = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    exponent = math.floor(math.log10(abs(value)))
    digits = max(len(significant), exponent + 1)  # 100.0 was typed to the units, not to the hundreds
    return digits if 0 < digits < 10 else None


def half_unit(value: float, digits: int) -> float:
    """Half a unit in the last of ``digits`` significant digits of ``value``."""
    exponent = math.floor(math.log10(abs(value)))
    return 0.5 * 10.0 ** (exponent - digits + 1)


def agreeing_digits(answer: float, expected: float) -> int:
    """How many leading significant digits of ``answer`` match ``expected`` (rounded), 0 to 17."""
    if expected == 0 or answer == expected:
        return 17
    for digits in range(1, 18):
        if abs(answer - expected) > half_unit(expected, digits) * (1 + 1e-9):
            return digits - 1
    return 17
