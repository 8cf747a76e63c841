"""Full-batch gradient descent with the R loop's semantics."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import layers
from ._validation import check_labels, check_matrix, check_scalar
from .model import Workspace, accuracy_unchecked, backward, forward_loss
from .params import Params, check_batch


class History(NamedTuple):
    """What :func:`train` records.

    Attributes
    ----------
    loss : ndarray, shape (n_iter,)
        The loss of every iteration, computed before that iteration's update (as R computes it).
    test_steps : ndarray of int, shape (n_display,)
        Iterations ``i`` (1-based, as R counts) with ``i % display == 0``, when test data was given.
    test_accuracy : ndarray, shape (n_display,)
        Test accuracy at those iterations, with the parameters before that iteration's update.
    """

    loss: np.ndarray
    test_steps: np.ndarray
    test_accuracy: np.ndarray

    @property
    def n_iter(self) -> int:
        """Number of iterations run."""
        return len(self.loss)


class DivergenceError(ValueError):
    """Raised by :func:`train` when the loss or the parameters stop being finite.

    A ``ValueError``, as scikit-learn's "Solver produced non-finite parameter weights" is, so
    ``except ValueError`` catches both. The message says at which step, the last finite loss and
    the likely cause; the attributes hold the same facts for code (and the loss curve to plot).

    Attributes
    ----------
    step : int
        The step (1-based, as R counts) at which training stopped: the first whose loss is not
        finite, or whose update made a parameter infinite or NaN.
    reason : str
        What was not finite, in words (``"the loss is inf"``, ...).
    last_finite_loss : float or None
        The last finite loss (``None`` when the very first loss is not finite).
    history : History
        The finite losses, steps ``1 .. len(history.loss)``, and the test accuracies up to then.
    """

    def __init__(self, message: str, *, step: int, reason: str, last_finite_loss, history: History):
        super().__init__(message)
        self.step = step
        self.reason = reason
        self.last_finite_loss = last_finite_loss
        self.history = history


def train(X, y, params: Params, *, lr: float, reg: float, maxit: int, abstol: float = 1e-2,
          X_test=None, y_test=None, display: int = 100) -> tuple[Params, History]:
    r"""Train by full-batch gradient descent, as R's ``train.dnn`` loop does.

    Each iteration ``i = 1, 2, ...`` computes the loss and gradients on the whole batch, then
    steps every parameter: :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`.
    The loop stops when ``i == maxit`` or the loss just computed is ``<= abstol``
    (R: ``while(i < maxit && loss > abstol)``); the iteration that hits the tolerance still updates.

    Unlike R, training also stops when it diverges: if a loss is not finite (``inf`` once the
    network gives some example's true class a probability that rounds to 0, ``nan`` once the
    forward pass overflows) or an update makes a parameter infinite or NaN, :func:`train` raises
    :class:`DivergenceError` naming the step, the last finite loss and the likely cause (the
    learning rate too large for this data, or inputs too large). No numpy floating-point warning
    is shown: the check replaces it.

    Why an exception and not a flag on the history: a run that diverged has no result to use,
    and a flag that nobody reads lets a learner take the final numbers of a broken run for a
    result (R's loop prints ``Inf`` and carries on; the run this was reported with ended at a
    plausible-looking loss of 1.65 after 2000 steps). scikit-learn raises a ``ValueError`` here
    ("Solver produced non-finite parameter weights"), so a learner meets the same habit in both
    places; :class:`DivergenceError` is one, and it carries the losses up to the failure
    (``err.history``) so the loss curve can still be drawn.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Class indices 0..K-1.
    params : Params
        Starting point; not modified.
    lr : float
        Learning rate :math:`\eta \ge 0`.
    reg : float
        L2 strength :math:`\lambda \ge 0`.
    maxit : int
        Maximum number of iterations (>= 1). Memory for the loss history grows with the
        iterations actually run, not with ``maxit``.
    abstol : float, default 1e-2
        Stop once the loss is at most this.
    X_test, y_test : ndarray, optional
        Held-out data; when given, test accuracy is recorded every ``display`` iterations.
    display : int, default 100
        Interval for the test accuracy (R prints ``i, loss, accuracy`` then).

    Returns
    -------
    params : Params
        The trained parameters (new arrays).
    history : History
        Loss of every iteration and the test accuracies.

    Raises
    ------
    DivergenceError
        When the loss or the parameters stop being finite (see above).
    """
    params, X, y = check_batch(params, X, y)
    n_classes = params.W2.shape[1]
    check_scalar(lr, "lr")
    check_scalar(reg, "reg")
    check_scalar(maxit, "maxit", minimum=1, integer=True)
    check_scalar(abstol, "abstol", minimum=-np.inf)
    check_scalar(display, "display", minimum=1, integer=True)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together")
    if X_test is not None:
        X_test = check_matrix(X_test, "X_test", n_cols=X.shape[1])
        y_test = check_labels(y_test, "y_test", n_samples=X_test.shape[0], n_classes=n_classes)

    start = params
    theta, params = _packed_copy(params)
    dtheta, grads = _packed_copy(params)
    ws = Workspace.empty(X.shape[0], params, grads=grads)
    # The loss history grows by doubling as the run goes (amortised O(1) a step): reserving
    # maxit entries up front would take 8 GB for maxit = 10**9 even when the run stops early.
    losses = np.empty(min(maxit, _FIRST_CAPACITY))
    test_steps, test_accuracy = [], []
    zeros = np.zeros(len(theta))
    i, loss, n_finite, failure = 0, np.inf, 0, None
    # Overflow is detected below, by the finiteness checks, and explained in the learner's terms;
    # numpy's own warnings ("overflow encountered in dot", "divide by zero encountered in log")
    # would point into this package and say nothing about the cause.
    with np.errstate(all="ignore"):
        while i < maxit and loss > abstol:
            i += 1
            loss = forward_loss(params, X, y, reg=reg, ws=ws)
            if not loss < np.inf:  # inf or nan (never -inf: the loss is a mean of -log p >= 0)
                failure = f"the loss is {loss}"
                break
            if i > len(losses):
                losses = np.concatenate([losses, np.empty(min(len(losses), maxit - len(losses)))])
            losses[i - 1] = loss
            n_finite = i
            if X_test is not None and i % display == 0:
                test_steps.append(i)
                test_accuracy.append(accuracy_unchecked(params, X_test, y_test))
            backward(params, X, y, reg=reg, ws=ws)  # fills grads, that is dtheta
            layers.sgd_update(theta, dtheta, lr=lr, out=theta)  # steps W1, b1, W2 and b2 at once
            # theta . 0 is 0 when every parameter is finite and NaN otherwise (inf * 0 and NaN * 0
            # are NaN): an exact test in one BLAS call, about 1 us at iris size where
            # np.isfinite(theta).all() takes 2 us.
            if np.dot(theta, zeros) != 0.0:
                failure = "the parameters are not finite after this step's update"
                break
    history = History(losses[:n_finite].copy(), np.array(test_steps, dtype=int), np.array(test_accuracy))
    if failure:
        raise _divergence_error(failure, step=i, history=history, X=X, params=start, lr=lr, maxit=maxit)
    return params.copy(), history


_FIRST_CAPACITY = 1024  # losses reserved at the start (8 kB); the history doubles when full


def _divergence_error(failure: str, *, step: int, history: History, X, params: Params, lr: float,
                      maxit: int) -> DivergenceError:
    """The :class:`DivergenceError` for a run that stopped at ``step``, in the learner's terms.

    ``params`` are the starting parameters (to name them when the very first loss is not finite).
    """
    losses = history.loss
    largest_x = float(np.max(np.abs(X)))
    message = f"training diverged at step {step} of maxit={maxit}: {failure}"
    if failure == "the loss is inf":
        message += " (the network gave some example's true class a probability that rounds to 0)"
    elif failure == "the loss is nan":
        message += " (the forward pass overflowed float64)"
    if len(losses) == 0:
        last = None
        largest_w = max(float(np.max(np.abs(p))) for p in params)
        message += (f", before any update. Likely cause: not the learning rate (no step was taken yet) but "
                    f"the size of the inputs: largest |X| = {largest_x:.3g}, largest initial |parameter| = "
                    f"{largest_w:.3g}. Scale X, for example standardise each feature to mean 0 and standard "
                    f"deviation 1.")
    else:
        last = float(losses[-1])
        message += f". The last finite loss was {last:.4f} at step {len(losses)}"
        message += f" (step 1: {losses[0]:.4f})." if len(losses) > 1 else "."
        message += (f" Likely cause: the learning rate lr={lr:g} is too large for this data: the steps "
                    f"overshoot and the loss grows instead of shrinking. Try a smaller lr (divide it by 10), "
                    f"or scale the inputs if they are large (largest |X| = {largest_x:.3g}).")
    message += " The finite losses are in this error's .history."
    return DivergenceError(message, step=step, reason=failure, last_finite_loss=last, history=history)


def _packed_copy(params: Params) -> tuple[np.ndarray, Params]:
    """Copy ``params`` into one vector; return it and the ``Params`` of views into it.

    The training loop keeps the parameters and their gradients each in one such vector, so one
    call to :func:`~backprop.layers.sgd_update` steps all four arrays (at iris size one call costs
    a quarter of four; see ``benchmarks/README.md``).
    """
    theta = np.concatenate([p.ravel() for p in params])
    ends = np.cumsum([p.size for p in params])
    return theta, Params(*(theta[end - p.size:end].reshape(p.shape) for p, end in zip(params, ends, strict=True)))
