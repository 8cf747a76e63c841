"""Input checks for the public entry points (this module imports nothing from the package).

Each check raises ``TypeError`` (wrong kind of object or dtype) or ``ValueError`` (wrong shape,
value or range) with a message that names the argument and says what was expected. Checks never
modify their input; array checks return a C-ordered float64 array (the input itself when it
already is one, else a copy: the ``out=`` buffers of :mod:`backprop.layers` need C order).
"""

from __future__ import annotations

import numbers

import numpy as np


def check_matrix(a, name: str, *, n_cols: int | None = None, allow_empty: bool = False) -> np.ndarray:
    """Return ``a`` as a finite float64 2-D array, or raise naming ``name``."""
    return _check_real_array(a, name, ndim=2, shape=(None, n_cols), allow_empty=allow_empty)


def check_vector(a, name: str, *, length: int | None = None) -> np.ndarray:
    """Return ``a`` as a finite float64 1-D array, or raise naming ``name``."""
    return _check_real_array(a, name, ndim=1, shape=(length,), allow_empty=False)


def check_array(a, name: str) -> np.ndarray:
    """Return ``a`` as a finite, non-empty float64 array of any shape, or raise naming ``name``."""
    return _check_real_array(a, name, ndim=None, shape=(), allow_empty=False)


def _check_real_array(a, name, *, ndim, shape, allow_empty):
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {type(a).__name__}")
    if a.dtype == bool or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{name} must hold real numbers (float or int dtype), got dtype {a.dtype}")
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got an array of shape {a.shape}")
    for axis, (want, got) in enumerate(zip(shape, a.shape, strict=False)):  # shape may list fewer axes
        if want is not None and got != want:
            raise ValueError(f"{name} must have {want} entries along axis {axis}, got shape {a.shape}")
    if a.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {a.shape}")
    out = np.ascontiguousarray(a, dtype=np.float64)  # no copy when already C-ordered float64
    if not np.isfinite(out).all():
        raise ValueError(f"{name} must contain only finite values (no NaN or inf)")
    return out


def check_labels(y, name: str = "y", *, n_samples: int | None = None, n_classes: int | None = None,
                 what: str = "class indices") -> np.ndarray:
    """Return integer labels ``y`` (shape ``(n_samples,)``, values ``0..n_classes-1``) as intp.

    ``what`` names the values in messages (row indices use the same check).
    """
    if not isinstance(y, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of integer labels, got {type(y).__name__}")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must have an integer dtype ({what}), got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {y.shape}")
    if n_samples is not None and y.shape != (n_samples,):
        raise ValueError(f"{name} must have shape ({n_samples},) to match the rows of X, got {y.shape}")
    if y.size == 0:
        raise ValueError(f"{name} must not be empty")
    if y.size and y.min() < 0:
        raise ValueError(f"{name} must hold {what} >= 0, got {y.min()}")
    if n_classes is not None and y.size and y.max() >= n_classes:
        raise ValueError(f"{name} must hold {what} < {n_classes}, got {y.max()}")
    return y.astype(np.intp, copy=False)


def check_scalar(value, name: str, *, minimum: float = 0.0, integer: bool = False, strict: bool = False):
    """Return ``value`` if it is a real (or integer) number >= ``minimum`` (> if ``strict``)."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "an integer" if integer else "a real number"
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if value < minimum or (strict and value == minimum):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be {relation} {minimum}, got {value}")
    return value
