r"""What the benchmark times: ``backprop.train`` and the references it is compared with.

Every contender is built by a function ``make_<name>(case)`` that returns ``run(steps)``: a
callable taking ``steps`` full-batch gradient-descent steps of the same network (D -> H ReLU ->
K softmax, L2 strength ``reg``, learning rate ``lr``) on the case's data, starting from the
case's initial parameters each time. :mod:`benchmarks.run` times ``run(k)`` and ``run(1)``.

- ``train``: :func:`backprop.train` (validation, one workspace, the per-equation functions).
- ``loop``: the minimal reference loop, :func:`backprop.reference.train`: the R loop written
  in plain numpy the way one would write it first, one statement per R line, every
  intermediate a fresh array at every step.
- ``prealloc``: the same loop inlined with every array preallocated and every update in place
  (``out=`` buffers): no function calls, no new arrays of the size of the data in the loop
  (only the boolean mask ``hidden > 0`` and small temporaries).
- ``sklearn``: ``MLPClassifier.fit`` with ``max_iter=steps``: one full-batch epoch per step
  (``solver="sgd"``, ``batch_size=N``, ``momentum=0``, ``tol=0``, early stop disabled).
- ``products``: only the five matrix products of one step, into preallocated arrays: the floor.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

import backprop as bp

LR, REG = 1e-2, 1e-3


class Case(NamedTuple):
    """One problem size: the data, the starting parameters and the step counts to time."""

    name: str
    X: np.ndarray
    y: np.ndarray
    params: bp.Params
    steps: int  # k in (t(k) - t(1)) / (k - 1)
    rounds: int

    @property
    def shape(self) -> str:
        """``N×D, H=…`` for the table."""
        (n, d), h = self.X.shape, self.params.W1.shape[1]
        return f"{n}×{d}, H={h}"


def make_case(name: str, X, y, n_hidden: int, *, steps: int, rounds: int) -> Case:
    """A case with parameters from :func:`backprop.init_params` (seed 0)."""
    params = bp.init_params(X.shape[1], n_hidden, int(y.max()) + 1, rng=0)
    return Case(name, np.ascontiguousarray(X, dtype=np.float64), y.astype(np.intp), params, steps, rounds)


def make_train(case: Case):
    """``backprop.train`` with a tolerance it never reaches, so it runs exactly ``steps`` steps."""
    def run(steps):
        return bp.train(case.X, case.y, case.params, lr=LR, reg=REG, maxit=steps, abstol=-1.0)
    return run


def make_loop(case: Case):
    """The minimal reference loop: :func:`backprop.reference.train`, R's loop in plain numpy."""
    def run(steps):
        return bp.reference.train(case.X, case.y, case.params, lr=LR, reg=REG, maxit=steps, abstol=-np.inf)
    return run


def make_prealloc(case: Case):
    """The same loop inlined, every array preallocated and every update in place."""
    X, y, lr, reg = case.X, case.y, LR, REG
    n, rows = X.shape[0], np.arange(X.shape[0])
    (_, h), k = case.params.W1.shape, case.params.W2.shape[1]

    def run(steps):
        W1, b1, W2, b2 = params = case.params.copy()
        hidden, dhidden, probs = np.empty((n, h)), np.empty((n, h)), np.empty((n, k))
        dW1, db1, dW2, db2 = (np.empty_like(p) for p in params)
        losses = np.empty(steps)
        for i in range(steps):
            np.dot(X, W1, out=hidden)
            hidden += b1
            np.maximum(hidden, 0.0, out=hidden)
            np.dot(hidden, W2, out=probs)
            probs += b2
            probs -= probs.max(axis=1, keepdims=True)
            np.exp(probs, out=probs)
            probs /= probs.sum(axis=1, keepdims=True)
            losses[i] = -np.log(probs[rows, y]).mean() + 0.5 * reg * (np.vdot(W1, W1) + np.vdot(W2, W2))
            probs[rows, y] -= 1.0  # probs becomes dscores
            probs /= n
            np.dot(hidden.T, probs, out=dW2)
            np.sum(probs, axis=0, out=db2)
            np.dot(probs, W2.T, out=dhidden)
            dhidden *= hidden > 0
            np.dot(X.T, dhidden, out=dW1)
            np.sum(dhidden, axis=0, out=db1)
            dW2 += reg * W2
            dW1 += reg * W1
            for p, g in zip(params, (dW1, db1, dW2, db2), strict=True):
                p -= lr * g
        return params, losses
    return run


def make_products(case: Case):
    """The five matrix products of one step, into preallocated arrays (values from a real step)."""
    X = case.X
    W1, _, W2, _ = case.params
    ws = bp.forward_backward(case.params, X, case.y, reg=REG)
    hidden, dscores, dhidden = ws.hidden.copy(), ws.dscores.copy(), ws.dhidden.copy()
    scores, dW1, dW2 = np.empty_like(ws.scores), np.empty_like(W1), np.empty_like(W2)
    hidden_out = np.empty_like(hidden)

    def run(steps):
        for _ in range(steps):
            np.dot(X, W1, out=hidden_out)        # X W1
            np.dot(hidden, W2, out=scores)       # H W2
            np.dot(hidden.T, dscores, out=dW2)   # H^T dscores
            np.dot(dscores, W2.T, out=dhidden)   # dscores W2^T
            np.dot(X.T, dhidden, out=dW1)        # X^T dhidden
        return dW1
    return run


def make_sklearn(case: Case):
    """``MLPClassifier.fit`` with ``max_iter=steps``: ``steps`` full-batch epochs in one call."""
    n, (_, h) = case.X.shape[0], case.params.W1.shape

    def run(steps):
        clf = MLPClassifier(hidden_layer_sizes=(h,), activation="relu", solver="sgd", batch_size=n,
                            learning_rate="constant", learning_rate_init=LR, alpha=REG * n,
                            momentum=0.0, nesterovs_momentum=False, shuffle=False, max_iter=steps,
                            tol=0.0, n_iter_no_change=10 ** 9, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(case.X, case.y)
        if clf.n_iter_ != steps:
            raise RuntimeError(f"scikit-learn ran {clf.n_iter_} epochs, not {steps}")
        return clf
    return run


CONTENDERS = {"train": make_train, "loop": make_loop, "prealloc": make_prealloc,
              "sklearn": make_sklearn, "products": make_products}


def check_same_steps(case: Case, steps: int = 2) -> None:
    """Raise unless ``train`` and ``prealloc`` take the steps of the plain numpy reference (to 1e-10)."""
    reference, ref_losses = make_loop(case)(steps)
    for name in ("train", "prealloc"):
        params, losses = CONTENDERS[name](case)(steps)
        losses = getattr(losses, "loss", losses)  # train returns a History
        for field, a, b in zip(bp.Params._fields, reference, params, strict=True):
            if not np.allclose(a, b, rtol=1e-10, atol=1e-14):
                raise AssertionError(f"{case.name}: {name} disagrees with backprop.reference on {field}")
        if not np.allclose(ref_losses, losses, rtol=1e-12):
            raise AssertionError(f"{case.name}: {name} disagrees with backprop.reference on the losses")
