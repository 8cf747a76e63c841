r"""Checkers for chapter 07, "Back through W2 and the ReLU mask".

:math:`\delta_A = \delta_S W_2^\top` (R: ``dhidden <- dscores %*% t(W2)``) and
:math:`\delta_Z = \delta_A \odot [A > 0]` (R: ``dhidden[hidden.layer <= 0] <- 0``).
The first two checkers take the learner's *function* (called through the engine's
:func:`~backprop.exercises._feedback.call_learner`), so that a product that cannot be formed (a
missing transpose, a mask of the wrong shape) gets an explanation instead of a traceback. The
slips: the transpose on the wrong side or missing, the mask missing (which is also what
``hidden.layer < 0`` gives), computed from the gradient's sign, inverted, or applied to
``dscores``; and the value of a finite difference at the kink of the ReLU.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .. import layers
from .._validation import check_matrix, check_scalar
from . import _shared_slips as shared
from ._feedback import GENERIC, Feedback, call_learner, compare
from ._slips import Slip, names_slips, table

DHIDDEN = table(
    "dhidden = δ_S W2ᵀ",
    Slip("no-transpose", "dscores @ W2 (raises unless H = K)", "dscores is [N × K] = ({N}, {K}) and W2 is [H × K] "
         "= ({H}, {K}): a product of the two needs one of them transposed, and `*` multiplies entry by entry (it "
         "needs matching shapes). In the row convention the transpose is W2's: dscores @ W2.T, [N × K]·[K × H] = "
         "[N × H]. (The accepted answer's equation (1) has no transpose at all; in its own column convention the "
         "factor must be (W^k)ᵀ.)", lambda c: GENERIC["product"].wrong(c), kind="raises"),
    Slip("no-transpose-square", "dscores @ W2 with H = K", "dhidden: that is dscores @ W2 (the accepted answer's "
         "equation (1) typed literally gives the same), which runs only because W2 is square (H = K): the product "
         "needs W2's transpose, dscores @ W2.T.", lambda c: c.dscores @ c.W2 if c.H == c.K else None),
    Slip("column-convention-square", "W2 @ dscores.T with H = N", "dhidden: that is the column convention's "
         "W2 %*% t(dscores) (one column per example); take its transpose, dscores @ W2.T.",
         lambda c: c.W2 @ c.dscores.T if c.H == c.N else None),
    Slip("column-convention", "W2 @ dscores.T", "dhidden has shape ({H}, {N}) = [H × N], one column per example: "
         "that is W2 %*% t(dscores), the corrected column-vector formula (W^2)ᵀ ∂L/∂I^2 with the answer's "
         "W^2 = t(W2). In the code's row convention take its transpose: dscores @ W2.T, [N × H].",
         lambda c: None if c.H == c.N else (c.H, c.N), kind="shape"),
)


@names_slips(DHIDDEN)
def check_dhidden(fn, dscores, W2) -> Feedback:
    r"""Check a function ``fn(dscores, W2)`` that returns :math:`\delta_A = \delta_S W_2^\top`, shape (N, H).

    R: ``dhidden <- dscores %*% t(W2)``. The checker takes the learner's *function* and calls it
    on copies, so that a product that cannot be formed gets an explanation drawn from the shapes
    (not from numpy's wording) instead of a traceback. Slips: :data:`DHIDDEN`.

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
    context = SimpleNamespace(dscores=dscores, W2=W2, N=n, K=k, H=h, error=None)
    call = call_learner(fn, {"dscores": dscores, "W2": W2}, signature="my_dhidden(dscores, W2)", slips=DHIDDEN,
                        context=context)
    if call.feedback is not None:
        return call.feedback
    return compare(call.result, layers.input_gradient(dscores, W2), name="dhidden", slips=DHIDDEN, context=context)


RELU_BACKWARD = table(
    "dz = δ_A ⊙ [A > 0]",
    Slip("mask-on-dscores", "the mask applied to dscores (raises)", "The mask hidden <= 0 has the shape of "
         "hidden.layer, [N × H] = ({N}, {H}); it fits only arrays of that shape, such as dhidden. Apply it to "
         "dhidden, not to dscores [N × K].", lambda c: isinstance(c.error, (IndexError, ValueError)), kind="raises"),
    *shared.relu_mask(lambda c: c.dhidden, lambda c: c.hidden, only=("no-mask", "sign-mask", "inverted",
                                                                   "mask-alone")),
    Slip("hidden", "hidden", "That is the hidden layer itself, not its gradient: mask dhidden.",
         lambda c: c.hidden),
)


@names_slips(RELU_BACKWARD)
def check_relu_backward(fn, dhidden, hidden) -> Feedback:
    r"""Check a function ``fn(dhidden, hidden)`` that applies the ReLU mask: :math:`\delta_Z = \delta_A \odot [A > 0]`.

    R: ``dhidden[hidden.layer <= 0] <- 0``. The function may mask its (copied) ``dhidden`` in
    place, but must return it. Slips: :data:`RELU_BACKWARD`.

    Parameters
    ----------
    fn : callable or None
        The learner's function.
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
    context = SimpleNamespace(dhidden=dhidden, hidden=hidden, N=hidden.shape[0], H=hidden.shape[1], error=None)
    call = call_learner(fn, {"dhidden": dhidden, "hidden": hidden}, signature="my_relu_backward(dhidden, hidden)",
                        slips=RELU_BACKWARD, context=context)
    if call.feedback is not None:
        return call.feedback
    return compare(call.result, layers.relu_backward(dhidden, hidden), name="relu_backward", slips=RELU_BACKWARD,
                   context=context)


KINK = table(
    "central differences at the kink",
    Slip("backward-convention", "the backward pass's 0 at z = 0", "That is the backward pass's convention (R's "
         "<= 0 gives 0 at z = 0), not what a central difference computes: at 0 it straddles the kink and averages "
         "the slopes 0 and 1.", lambda c: layers.relu_backward(np.ones(3), layers.relu_forward(c.z))),
    Slip("one-sided", "(f(z + h) - f(z)) / h", "At z = 0 that is the one-sided slope from the right, (f(h) − f(0))/h. "
         "The central difference (f(h) − f(−h))/(2h) averages the two sides.",
         lambda c: (layers.relu_forward(c.z + c.h) - layers.relu_forward(c.z)) / c.h),
)


@names_slips(KINK)
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
        Slips: :data:`KINK`.
    """
    check_scalar(h, "h", strict=True)
    z = np.array([-1.0, 0.0, 1.0])
    relu = layers.relu_forward
    expected = (relu(z + h) - relu(z - h)) / (2 * h)
    return compare(answer, expected, name="slopes", slips=KINK, context=SimpleNamespace(z=z, h=h), rtol=1e-6)
