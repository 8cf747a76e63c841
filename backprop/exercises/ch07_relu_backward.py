r"""Checkers for chapter 07, "Back through W2 and the ReLU mask".

:math:`\delta_h = \delta W_2^\top` (R: ``dhidden <- dscores %*% t(W2)``) and
:math:`\delta_z = \delta_h \odot [h > 0]` (R: ``dhidden[hidden.layer <= 0] <- 0``).
The first two checkers take the learner's *function*, so that a product that cannot be
formed (a missing transpose, a mask of the wrong shape) gets an explanation instead of numpy's
error. The slips: the transpose on the wrong side or missing, the mask missing (which is also
what ``hidden.layer < 0`` gives), computed from the gradient's sign, inverted, or applied to
``dscores``; and the value of a finite difference at the kink of the ReLU.
"""

from __future__ import annotations

import numpy as np

from .. import layers
from .._validation import check_matrix
from ._feedback import Feedback, compare, no_answer


def _call(fn, name: str, *args):
    """Call the learner's function on copies; return ``(result, None)`` or ``(None, Feedback)``."""
    if fn is None:
        return None, no_answer(name)
    if not callable(fn):
        return None, Feedback(False, f"Pass your function itself (my_{name}), not its result; "
                                     f"got {type(fn).__name__}.")
    copies = [a.copy() for a in args]
    result = fn(*copies)
    if result is None:
        return None, no_answer(name)
    return result, None


def check_dhidden(fn, dscores, W2) -> Feedback:
    r"""Check a function ``fn(dscores, W2)`` that returns :math:`\delta_h = \delta W_2^\top`, shape (N, H).

    Parameters
    ----------
    fn : callable or None
        The learner's function; ``None`` or returning ``None`` means "no answer yet".
    dscores : ndarray, shape (N, K)
    W2 : ndarray, shape (H, K)
    """
    dscores = check_matrix(dscores, "dscores")
    W2 = check_matrix(W2, "W2", n_cols=dscores.shape[1])
    n, h = dscores.shape[0], W2.shape[0]
    try:
        answer, feedback = _call(fn, "dhidden", dscores, W2)
    except ValueError as err:
        if "mismatch" not in str(err) and "aligned" not in str(err):
            raise
        return Feedback(False, f"dhidden: the product can't be formed: dscores is [N × K] = {dscores.shape} "
                               f"and W2 is [H × K] = {W2.shape}, so one of them needs a transpose. In the "
                               "row convention it is W2's: dscores @ W2.T, [N × K]·[K × H] = [N × H] "
                               "(the answer's W2ᵀ·δ is written for column vectors).")
    if feedback is not None:
        return feedback
    expected = layers.input_gradient(dscores, W2)
    if np.shape(answer) == (h, n) != (n, h):
        return Feedback(False, f"dhidden has shape {np.shape(answer)} = [H × N], one column per example: "
                               "that is W2 %*% t(dscores), the answer's column-vector formula. In the "
                               "code's row convention take its transpose: dscores @ W2.T, [N × H].")
    return compare(answer, expected, name="dhidden")


def check_relu_backward(fn, dhidden, hidden) -> Feedback:
    r"""Check a function ``fn(dhidden, hidden)`` that applies the ReLU mask: :math:`\delta_h \odot [h > 0]`.

    Parameters
    ----------
    fn : callable or None
        The learner's function; it may modify its (copied) ``dhidden`` in place, but must return it.
    dhidden : ndarray, shape (N, H)
        :math:`\delta W_2^\top`, before the mask.
    hidden : ndarray, shape (N, H)
        ``hidden.layer`` (after the ReLU).
    """
    dhidden = check_matrix(dhidden, "dhidden")
    hidden = check_matrix(hidden, "hidden")
    if hidden.shape != dhidden.shape:
        raise ValueError(f"hidden must have the shape of dhidden {dhidden.shape}, got {hidden.shape}")
    try:
        answer, feedback = _call(fn, "relu_backward", dhidden, hidden)
    except IndexError as err:
        if "boolean index" not in str(err):
            raise
        return Feedback(False, "The mask hidden <= 0 has the shape of hidden.layer, [N × H]; it fits only "
                               "dhidden (also [N × H]). Apply it to dhidden, not to dscores [N × K].")
    if feedback is not None:
        return feedback
    expected = layers.relu_backward(dhidden, hidden)
    slips = {
        "No entry was zeroed: the mask is missing. (hidden < 0 gives this too: hidden.layer = "
        "max(z, 0) is never negative. Test hidden <= 0, or z <= 0.)": dhidden,
        "The mask was taken from the gradient's sign (dhidden <= 0). The ReLU's derivative "
        "depends on the forward pass: zero the gradient where hidden.layer <= 0.": np.maximum(dhidden, 0),
        "The mask is inverted: this keeps the gradient where the unit was off and zeroes it where "
        "it was on.": np.where(hidden > 0, 0.0, dhidden),
        "That is the hidden layer itself, not its gradient: mask dhidden.": hidden,
    }
    return compare(answer, expected, name="relu_backward", slips=slips)


def check_kink(answer, *, h: float = 1e-5) -> Feedback:
    r"""Check the central differences of :math:`\sum_j \max(z_j, 0)` at :math:`z = (-1, 0, 1)`: (0, 1/2, 1).

    Parameters
    ----------
    answer : array_like, shape (3,), or None
    h : float, default 1e-5
        The step of the central difference (the result does not depend on it while h < 1).
    """
    z = np.array([-1.0, 0.0, 1.0])
    relu = layers.relu_forward
    expected = (relu(z + h) - relu(z - h)) / (2 * h)
    slips = {
        "That is the backward pass's convention (R's <= 0 gives 0 at z = 0), not what a central "
        "difference computes: at 0 it straddles the kink and averages the slopes 0 and 1.":
            layers.relu_backward(np.ones(3), relu(z)),
        "At z = 0 that is the one-sided slope from the right, (f(h) − f(0))/h. The central "
        "difference (f(h) − f(−h))/(2h) averages the two sides.": (relu(z + h) - relu(z)) / h,
    }
    return compare(answer, expected, name="slopes", slips=slips, rtol=1e-6)
