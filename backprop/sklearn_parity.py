r"""The same network and training steps in scikit-learn's ``MLPClassifier``: an independent reference.

``MLPClassifier(hidden_layer_sizes=(H,), activation="relu", solver="sgd", momentum=0,
batch_size=N, shuffle=False, learning_rate_init=lr, alpha=reg*N)`` takes exactly the steps of the
R loop: its loss is :math:`-\frac1N\sum_i\log P_{i,y_i} + \frac{\alpha}{2N}\sum\lVert W\rVert^2`,
so its ``alpha`` is R's ``reg`` times N. It needs at least 3 classes (with 2 it uses one
logistic output instead of a softmax).
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from ._validation import check_scalar
from .params import Params, check_batch


def sklearn_classifier(params: Params, X, y, *, lr: float, reg: float) -> MLPClassifier:
    """An ``MLPClassifier`` configured like the R loop and set to the weights ``params``.

    Parameters
    ----------
    params : Params
        Starting weights, ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, K), ``b2`` (K,); K >= 3.
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Labels 0..K-1; every class must occur (scikit-learn learns the classes from ``y``).
    lr, reg : float
        R's ``lr`` and ``reg``.

    Returns
    -------
    MLPClassifier
        Ready for ``partial_fit(X, y)``, one full-batch gradient step per call.
    """
    params, X, y = check_batch(params, X, y)
    n_classes = params.W2.shape[1]
    check_scalar(lr, "lr")
    check_scalar(reg, "reg")
    if n_classes < 3:
        raise ValueError(f"params.W2 must have at least 3 columns (classes) for a softmax in scikit-learn, "
                         f"got {n_classes}")
    n = X.shape[0]
    clf = MLPClassifier(hidden_layer_sizes=(params.W1.shape[1],), activation="relu", solver="sgd",
                        alpha=reg * n, batch_size=n, learning_rate="constant", learning_rate_init=lr,
                        momentum=0.0, nesterovs_momentum=False, shuffle=False)
    clf.partial_fit(X, y, classes=np.arange(n_classes))  # initialises (one step, then overwritten)
    for mine, theirs in zip((params.W1, params.W2, params.b1, params.b2),
                            (*clf.coefs_, *clf.intercepts_), strict=True):
        theirs[...] = mine
    clf.loss_curve_ = []
    return clf


def sklearn_steps(X, y, params: Params, *, lr: float, reg: float, steps: int) -> tuple[Params, np.ndarray]:
    """Take ``steps`` full-batch gradient steps with scikit-learn on ``X, y`` from ``params``.

    A training loop, so the data come first, as in :func:`backprop.train` (``ARCHITECTURE.md``,
    "Argument order").

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Labels 0..K-1; every class must occur.
    params : Params
        Starting weights; K >= 3.
    lr, reg : float
        R's ``lr`` and ``reg`` (scikit-learn's ``alpha`` is set to ``reg * N``).
    steps : int
        Number of full-batch steps (``partial_fit`` calls).

    Returns
    -------
    params : Params
        scikit-learn's weights after the steps.
    losses : ndarray, shape (steps,)
        scikit-learn's loss at each step, before its update.
    """
    check_scalar(steps, "steps", minimum=1, integer=True)
    clf = sklearn_classifier(params, X, y, lr=lr, reg=reg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(steps):
            clf.partial_fit(X, y)
    W1, W2 = clf.coefs_
    b1, b2 = clf.intercepts_
    return Params(W1.copy(), b1.copy(), W2.copy(), b2.copy()), np.array(clf.loss_curve_)
