r"""Checkers for chapter 14, "CS231n's spiral": the linear classifier's backward pass, and the
linear classifier a ReLU network is on the cell of one point.

:func:`check_linear_backward` takes the learner's *function* ``f(X, y, W, b, reg)`` returning
``dW, db`` and calls it on two batches of its own (D ≠ K, so a transposed product shows).
:func:`check_local_weights` takes an array:
:math:`W_\text{eff} = W_1 \operatorname{diag}(m) W_2`, :math:`m = [x W_1 + b_1 > 0]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace

import numpy as np

from .. import layers, linear
from .._validation import check_vector
from ..params import check_params
from . import _shared_slips as shared
from ._feedback import Feedback, call_learner, compare
from ._slips import Slip, names_slips, table


def _batches():
    """Two batches of the checker's own: (X, y, W, b, reg), D != K."""
    out = []
    for seed, (n, d, k), reg in ((14, (6, 2, 3), 0.1), (41, (5, 4, 3), 0.05)):
        rng = np.random.default_rng(seed)
        y = np.arange(n) % k
        out.append((rng.standard_normal((n, d)), y, rng.standard_normal((d, k)), rng.standard_normal(k), reg))
    return out


def _pair(result) -> tuple[object, object] | Feedback:
    """The learner's ``(dW, db)`` from a tuple, a list or a dict; or the feedback saying what it is."""
    if isinstance(result, Mapping):
        if "dW" in result and "db" in result:
            return result["dW"], result["db"]
        return Feedback(False, f"your function returned a dict with keys {sorted(map(str, result))}; it needs "
                               "'dW' and 'db' (or simply `return dW, db`).")
    if isinstance(result, (str, bytes)):
        return Feedback(False, f"your function returned the string {result!r:.40}; return the two arrays "
                               "themselves: `return dW, db`.")
    if isinstance(result, np.ndarray):
        return Feedback(False, f"your function returned one array of shape {result.shape}; return both "
                               "gradients: `return dW, db`.")
    if isinstance(result, Sequence) and len(result) == 2:
        return result[0], result[1]
    what = f"a {type(result).__name__}" + (f" of length {len(result)}" if isinstance(result, Sequence) else "")
    return Feedback(False, f"your function returned {what}; return the two gradients: `return dW, db`.")


LINEAR_DW = table(
    "dW of the linear classifier",
    shared.transposed_weight_gradient("dW", "X", "dscores", "D", "K"),
    *shared.l2("W", lambda c: c.X.T @ c.dS, lambda c: c.W, prefix="dW: ", only=("no-l2", "l2-half", "l2-over-N")),
    Slip("no-1/N", "X.T @ (P - T) + reg * W", "dW: the 1/N is missing on the data part (R: dscores <- dscores / "
         "batchsize); reg*W stays as it is.", lambda c: c.X.T @ (c.P - c.T) + c.reg * c.W),
    Slip("T-minus-P", "X.T @ (T - P) / N + reg * W", "dW: this uses T − P; the gradient of the loss is P − T "
         "(stepping along T − P would climb the loss).", lambda c: c.X.T @ (-c.dS) + c.reg * c.W),
    Slip("no-T", "X.T @ P / N + reg * W", "dW: the −T is missing: dscores is probs with 1 subtracted at each row's "
         "true class (dscores[Y.index] - 1).", lambda c: c.X.T @ (c.P / c.N) + c.reg * c.W),
)

LINEAR_DB = table(
    "db of the linear classifier",
    *shared.bias("db", "dscores", "K", None, lambda c: c.dS.sum(axis=0), only=("kept-2d", "rowsums", "l2-on-bias")),
    Slip("db-no-T", "P.sum(axis=0) / N", "db: the −T is missing: sum the columns of dscores = (P − T)/N.",
         lambda c: c.P.sum(axis=0) / c.N),
)


@names_slips(LINEAR_DW, LINEAR_DB)
def check_linear_backward(fn) -> Feedback:
    r"""Check a function ``fn(X, y, W, b, reg)`` returning the linear classifier's ``dW, db``.

    :math:`\delta_S = (P - T)/N`, :math:`dW = X^\top \delta_S + \lambda W` (D, K),
    :math:`db = \sum_i \delta_{S,i}` (K,): the R program's ``dscores`` lines and its output layer's
    lines with ``X`` in the place of ``hidden.layer``. Slips: :data:`LINEAR_DW`, :data:`LINEAR_DB`;
    the engine names the 1/N missing or doubled and a mean instead of a sum.

    Parameters
    ----------
    fn : callable or None
        The learner's function; ``None`` means "no answer yet". It may also return a dict with
        keys ``"dW"`` and ``"db"``.
    """
    for X, y, W, b, reg in _batches():
        (n, d), k = X.shape, W.shape[1]
        call = call_learner(fn, {"X": X, "y": y, "W": W, "b": b, "reg": np.float64(reg)},
                            signature="my_linear_backward(X, y, W, b, reg)")
        if call.feedback is not None:
            return call.feedback
        pair = _pair(call.result)
        if isinstance(pair, Feedback):
            return pair
        dW, db = pair
        _, grads = linear.loss_and_gradients(linear.LinearParams(W, b), X, y, reg=reg)
        probs = layers.softmax(X @ W + b)
        T = np.eye(k)[y]
        context = SimpleNamespace(X=X, W=W, b=b, reg=reg, P=probs, T=T, dS=(probs - T) / n, N=n, D=d, K=k)
        for answer, expected, name, slips in ((dW, grads.W, "dW", LINEAR_DW), (db, grads.b, "db", LINEAR_DB)):
            feedback = compare(answer, expected, name=name, slips=slips, context=context, batch_size=n)
            if not feedback.correct:
                return Feedback(False, f"on a batch with N = {n}, D = {d}, K = {k}: {feedback.message}")
    return Feedback(True, "dW and db are right: dW = Xᵀδ_S + λW and db = Σδ_S, the R program's output-layer "
                          "lines with X in the place of hidden.layer.")


LOCAL_WEIGHTS = table(
    "W_eff = W1 diag(m) W2",
    Slip("no-mask", "W1 @ W2", "that is W1 @ W2, every unit counted: a unit with z ≤ 0 at x passes nothing (the "
         "ReLU's slope is 0 there). Keep the columns of W1 of the active units only: (W1 * mask) @ W2.",
         lambda c: c.W1 @ c.W2),
    Slip("inverted", "(W1 * (1 - mask)) @ W2", "the mask is inverted: these are the units that are off at x.",
         lambda c: (c.W1 * (1 - c.mask)) @ c.W2),
    Slip("activation-weighted", "(W1 * relu(z)) @ W2", "each unit is weighted by its activation A_j at x; the "
         "ReLU's slope is 1 where it is active, so weight by the 0/1 mask [z > 0].",
         lambda c: (c.W1 * np.maximum(c.z, 0)) @ c.W2),
    Slip("no-bias", "(W1 * (x @ W1 > 0)) @ W2", "the mask ignores b1: unit j is active where x·w_j + b_j > 0, bias "
         "included.", lambda c: None if np.array_equal(c.x @ c.W1 > 0, c.z > 0) else (c.W1 * (c.x @ c.W1 > 0)) @ c.W2),
)


@names_slips(LOCAL_WEIGHTS)
def check_local_weights(answer, params, x) -> Feedback:
    r"""Check :math:`W_\text{eff} = W_1 \operatorname{diag}(m) W_2`, the network's weights on the cell of ``x``.

    :math:`m_j = [x \cdot w_j + b_{1,j} > 0]` marks the units active at ``x``; there the scores are
    :math:`x W_\text{eff} + b_\text{eff}`. Slips: :data:`LOCAL_WEIGHTS`.

    Parameters
    ----------
    answer : array_like, shape (D, K), or None
    params : Params
        A network with ``W1`` (D, H).
    x : ndarray, shape (D,)
        The point.
    """
    params = check_params(params)
    x = check_vector(x, "x", length=params.W1.shape[0])
    W1, b1, W2, _ = params
    z = x @ W1 + b1
    mask = (z > 0).astype(float)
    return compare(answer, (W1 * mask) @ W2, name="W_eff", slips=LOCAL_WEIGHTS, inputs={"params": params, "x": x},
                   context=SimpleNamespace(W1=W1, W2=W2, x=x, z=z, mask=mask))
