r"""The package's matrix products, and a test-only switch that sums them in another order.

Every matrix product the package computes on the training path (:mod:`backprop.layers`, hence
:func:`backprop.train`, :mod:`backprop.linear`, :mod:`backprop.rcompat`; and
:mod:`backprop.spiral`) is :func:`dot` (or :func:`vdot`). Normally they *are* ``numpy.dot`` and
``numpy.vdot``: no wrapper, no cost.

**For tests only.** Another CPU makes its BLAS pick another kernel (SSE, AVX2/FMA, AVX-512),
which adds the terms of a dot product in another order: the last bits differ, and 10000 gradient
steps amplify them into the printed digits. The test machine cannot see that, so the guard
(``tests/test_perturbed_arithmetic.py``) emulates it: with the environment variable

    BACKPROP_PERTURB_ARITHMETIC=einsum

set before ``backprop`` is imported (it is read once, here), :func:`dot` and :func:`vdot` compute
every product with ``numpy.einsum(..., optimize=False)``: numpy's own loop, not BLAS, the same sum
in another order and without fused multiply-adds. Calibrated on chapter 14's network run (the
case study's spiral, 10000 steps): under the switch it agrees with the BLAS run to 1e-12 for a few
thousand steps and then by a few 1e-6, as a run under another OpenBLAS kernel does
(``CONTRIBUTING.md``, "Floating-point policy"). Never set it to compute results: it is slower, and
no more right than BLAS.
"""

from __future__ import annotations

import os

import numpy as np

#: The environment variable read once, at import.
ENVIRONMENT_VARIABLE = "BACKPROP_PERTURB_ARITHMETIC"

#: The summation orders the switch knows: ``""`` (unset) is numpy's BLAS.
MODES = ("", "einsum")

_SUBSCRIPTS = {(2, 2): "ij,jk->ik", (1, 2): "j,jk->k", (2, 1): "ij,j->i", (1, 1): "j,j->"}


def _einsum_dot(a, b, out=None):
    """``numpy.dot(a, b, out=out)`` for 1-D and 2-D operands, summed by ``numpy.einsum``'s own loop."""
    return np.einsum(_SUBSCRIPTS[a.ndim, b.ndim], a, b, out=out, optimize=False)


def _einsum_vdot(a, b):
    """``numpy.vdot(a, b)`` for real arrays (both flattened), summed by ``numpy.einsum``'s own loop."""
    return np.einsum("j,j->", np.ravel(a), np.ravel(b), optimize=False)


def products(mode: str):
    """The pair ``(dot, vdot)`` for a summation ``mode``, one of :data:`MODES`."""
    if mode not in MODES:
        raise ValueError(f"{ENVIRONMENT_VARIABLE} must be unset, empty or 'einsum' (a test-only switch), "
                         f"got {mode!r}")
    return (np.dot, np.vdot) if mode == "" else (_einsum_dot, _einsum_vdot)


#: The mode in force, from the environment at import.
MODE = os.environ.get(ENVIRONMENT_VARIABLE, "")
dot, vdot = products(MODE)
