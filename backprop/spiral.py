r"""CS231n's case study on its spiral: its settings and printed figures, its random stream, and
what each hidden unit of a trained network cuts.

The case study ("Putting it together: minimal neural network case study", the program the R code
was ported from) trains a linear softmax classifier and then a 2-layer ReLU network on the spiral
of :func:`backprop.make_spiral` and prints their losses and training accuracies. A ReLU unit
:math:`j` is active where :math:`z_j = x \cdot w_j + b_j > 0` (:math:`w_j` the column ``j`` of
:math:`W_1`): on one side of a line in the plane. On the set of points where the same units are
active (one *activation pattern*) the network is a linear classifier (:func:`local_linear`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import layers
from ._arithmetic import dot
from ._validation import check_matrix, check_scalar
from .linear import LinearParams
from .params import Params, check_params


class CaseStudy(NamedTuple):
    """The case study's settings and the figures its page prints.

    ``linear_losses`` and ``network_losses`` map the iteration (0-based, as the page prints
    ``iteration %d``) to the printed loss; the accuracies are the printed ``training accuracy``.
    """

    lr: float
    reg: float
    linear_maxit: int
    hidden: int
    network_maxit: int
    linear_losses: dict
    linear_accuracy: float
    network_losses: dict
    network_accuracy: float


#: As printed on the case study's page (cs231n.github.io/neural-networks-case-study).
CASE_STUDY = CaseStudy(
    lr=1.0, reg=1e-3, linear_maxit=200, hidden=100, network_maxit=10000,
    linear_losses={0: 1.096956, 10: 0.917265, 20: 0.851503, 30: 0.822336, 40: 0.807586, 50: 0.799448,
                   60: 0.794681, 70: 0.791764, 80: 0.789920, 90: 0.788726, 100: 0.787938, 110: 0.787409,
                   120: 0.787049, 130: 0.786803, 140: 0.786633, 150: 0.786514, 160: 0.786431,
                   170: 0.786373, 180: 0.786331, 190: 0.786302},
    linear_accuracy=0.49,
    network_losses={0: 1.098744, 1000: 0.294946, 2000: 0.259301, 3000: 0.248310, 4000: 0.246170,
                    5000: 0.245649, 6000: 0.245491, 7000: 0.245400, 8000: 0.245335, 9000: 0.245292},
    network_accuracy=0.98,
)

#: Normal draws between the spiral's 300 and the linear classifier's W in the case study's stream.
SKIPPED_DRAWS = 18


def case_study_initial_params(n_hidden: int = 100) -> tuple[LinearParams, Params]:
    r"""The case study's initial weights, drawn from the stream its data comes from.

    The spiral of :func:`backprop.make_spiral` (seed 0) is the case study's own (its printed
    losses prove it); the weights are ``0.01 * np.random.randn(...)`` drawn from the same
    ``np.random.RandomState(0)`` stream after the spiral's 300 normals and :data:`SKIPPED_DRAWS`
    more: the linear ``W`` (2 × 3), then the network's ``W1`` (2 × H) and ``W2`` (H × 3); biases
    are zero. The page does not show where the 18 skipped draws went (18 = 3 × 6, as if ``W`` had
    been drawn three times before, for example by running its cell again); skipping them is what
    makes the first printed loss, 1.096956, come out, and then the other printed losses do too.

    Parameters
    ----------
    n_hidden : int, default 100
        H (the case study's ``h = 100``).

    Returns
    -------
    (LinearParams, Params)
    """
    check_scalar(n_hidden, "n_hidden", minimum=1, integer=True)
    stream = np.random.RandomState(0)
    stream.randn(300 + SKIPPED_DRAWS)
    W = 0.01 * stream.randn(2, 3)
    W1 = 0.01 * stream.randn(2, n_hidden)
    W2 = 0.01 * stream.randn(n_hidden, 3)
    return LinearParams(W, np.zeros(3)), Params(W1, np.zeros(n_hidden), W2, np.zeros(3))


def activation_pattern(params: Params, X) -> np.ndarray:
    r"""Which hidden units are active at each row of ``X``: :math:`[Z > 0]`, bool, shape (N, H).

    Unit :math:`j` (column ``j - 1``, units numbered 1..H) is active where
    :math:`x \cdot w_j + b_j > 0`, on one side of the line :math:`x \cdot w_j + b_j = 0`.
    R: ``hidden.layer > 0``, the complement of the mask ``hidden.layer <= 0``.
    """
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    return layers.affine_forward(X, params.W1, params.b1) > 0   # Z > 0, Z as the forward pass computes it


def local_linear(params: Params, active) -> LinearParams:
    r"""The linear classifier the network is where exactly the units ``active`` are on.

    With :math:`m` the 0/1 vector of active units, :math:`A = (X W_1 + b_1) \odot m`, so

    .. math:: S = X\,\big(W_1 \operatorname{diag}(m) W_2\big) + \big((b_1 \odot m) W_2 + b_2\big),

    a linear classifier with :math:`W = W_1 \operatorname{diag}(m) W_2` (D, K) and
    :math:`b = (b_1 \odot m) W_2 + b_2` (K,).

    Parameters
    ----------
    params : Params
    active : ndarray of bool, shape (H,)
        One row of :func:`activation_pattern`.

    Returns
    -------
    LinearParams
    """
    params = check_params(params)
    active = np.asarray(active)
    if active.dtype != bool or active.shape != params.b1.shape:
        raise ValueError(f"active must be a bool array of shape {params.b1.shape} (one entry per hidden unit), "
                         f"got dtype {active.dtype} and shape {active.shape}")
    m = active.astype(float)
    return LinearParams(dot(params.W1 * m, params.W2), dot(params.b1 * m, params.W2) + params.b2)
