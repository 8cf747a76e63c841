r"""Checkers for chapter 07, "Back through W2 and the ReLU mask".

:math:`\delta_A = \delta_S W_2^\top` (R: ``dhidden <- dscores %*% t(W2)``) and
:math:`\delta_Z = \delta_A \odot [A > 0]` (R: ``dhidden[hidden.layer <= 0] <- 0``).
The first two checkers take the learner's *function* (called through
:func:`~backprop.exercises._calls.call_learner`), so that a product that cannot be formed (a
missing transpose, a mask of the wrong shape) gets an explanation instead of a traceback. The
slips: the transpose on the wrong side or missing, the mask missing (which is also what
``hidden.layer < 0`` gives), computed from the gradient's sign, inverted, or applied to
``dscores``; and the value of a finite difference at the kink of the ReLU.
"""

from __future__ import annotations

import numpy as np

from .. import layers
from .._validation import check_matrix, check_scalar
from ._calls import call_learner
from ._feedback import Feedback, compare


def check_dhidden(fn, dscores, W2) -> Feedback:
    r"""Check a function ``fn(dscores, W2)`` that returns :math:`\delta_A = \delta_S W_2^\top`, shape (N, H).

    R: ``dhidden <- dscores %*% t(W2)``. The checker takes the learner's *function* and calls it
    on copies, so that a product that cannot be formed gets an explanation drawn from the shapes
    (not from numpy's wording) instead of a traceback. Recognised: the function raising (a
    missing transpose, ``*`` for a matrix product), returning None, the column convention's
    ``W2 %*% t(dscores)`` (H × N), ``dscores @ W2`` where W2 is square (runs, wrong values).

    Parameters
    ----------
    fn : callable or None
        The learner's function; ``None`` means "no answer yet".
    dscores : ndarray, shape (N, K)
    W2 : ndarray, shape (H, K)

    Returns
    -------
    Feedback
    """
    dscores = check_matrix(dscores, "dscores")
    W2 = check_matrix(W2, "W2", n_cols=dscores.shape[1])
    (n, k), h = dscores.shape, W2.shape[0]

    def explain() -> str:
        return (f"dscores is [N × K] = {dscores.shape} and W2 is [H × K] = {W2.shape}: a product of the two "
                "needs one of them transposed, and `*` multiplies entry by entry (it needs matching shapes). "
                "In the row convention the transpose is W2's: dscores @ W2.T, [N × K]·[K × H] = [N × H]. "
                "(The accepted answer's equation (1) has no transpose at all; in its own column convention "
                "the factor must be (W^k)ᵀ.)")

    answer, feedback = call_learner(fn, "dhidden", {"dscores": dscores, "W2": W2}, explain=explain)
    if feedback is not None:
        return feedback
    expected = layers.input_gradient(dscores, W2)
    slips = {}
    if h == k:
        slips["dhidden: that is dscores @ W2 (the accepted answer's equation (1) typed literally gives the "
              "same), which runs only because W2 is square (H = K): the product needs W2's transpose, "
              "dscores @ W2.T."] = dscores @ W2
    if h == n:
        slips["dhidden: that is the column convention's W2 %*% t(dscores) (one column per example); take "
              "its transpose, dscores @ W2.T."] = W2 @ dscores.T
    column = {(h, n): f"dhidden has shape ({h}, {n}) = [H × N], one column per example: "
                      "that is W2 %*% t(dscores), the corrected column-vector formula (W^2)ᵀ ∂L/∂I^2 "
                      "with the answer's W^2 = t(W2). In the code's row convention take its transpose: "
                      "dscores @ W2.T, [N × H]."} if h != n else {}
    return compare(answer, expected, name="dhidden", slips=slips, shape_slips=column)


def check_relu_backward(fn, dhidden, hidden) -> Feedback:
    r"""Check a function ``fn(dhidden, hidden)`` that applies the ReLU mask: :math:`\delta_Z = \delta_A \odot [A > 0]`.

    R: ``dhidden[hidden.layer <= 0] <- 0``. Recognised: the function raising (a mask applied to
    an array of another shape, e.g. ``dscores``), returning None (with or without having masked
    its input in place: a forgotten ``return``), the mask missing (also what ``hidden < 0``
    gives: ``hidden.layer`` is never negative), taken from the gradient's sign, inverted, the
    hidden layer returned instead of its gradient.

    Parameters
    ----------
    fn : callable or None
        The learner's function; it may modify its (copied) ``dhidden`` in place, but must return it.
    dhidden : ndarray, shape (N, H)
        :math:`\delta_S W_2^\top`, before the mask.
    hidden : ndarray, shape (N, H)
        ``hidden.layer`` (after the ReLU).

    Returns
    -------
    Feedback
    """
    dhidden = check_matrix(dhidden, "dhidden")
    hidden = check_matrix(hidden, "hidden")
    if hidden.shape != dhidden.shape:
        raise ValueError(f"hidden must have the shape of dhidden {dhidden.shape}, got {hidden.shape}")

    def explain() -> str:
        return (f"The mask hidden <= 0 has the shape of hidden.layer, [N × H] = {hidden.shape}; it fits only "
                f"arrays of that shape, such as dhidden. Apply it to dhidden, not to dscores [N × K].")

    answer, feedback = call_learner(fn, "relu_backward", {"dhidden": dhidden, "hidden": hidden},
                                    explain=explain)
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

    Returns
    -------
    Feedback
        Recognised: the backward pass's convention (0 at the kink), the one-sided slope.
    """
    check_scalar(h, "h", strict=True)
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
