r"""Checker of chapter 12, "Your backward pass, diagnosed".

The learner writes the whole backward pass of the R program, one statement per R line, as a
function ``fn(params, X, y, reg)`` that returns a dict of its intermediates by name
(:data:`STAGES`). :func:`check_backward` runs it on the R program's batch and on random networks
chosen so that slips cannot hide (dead units, a pre-activation exactly 0, nonzero biases, a square
:math:`W_2`), compares every intermediate in R's order with an independent plain-numpy reference
and reports the **first** wrong line with the slip that explains it.

The R lines, numbered as the course numbers them::

     1  dscores <- probs
     2  dscores[Y.index] <- dscores[Y.index] - 1
     3  dscores <- dscores / batchsize
     4  dW2 <- t(hidden.layer) %*% dscores
     5  db2 <- colSums(dscores)
     6  dhidden <- dscores %*% t(W2)
     7  dhidden[hidden.layer <= 0] <- 0
     8  dW1 <- t(X) %*% dhidden
     9  db1 <- colSums(dhidden)
    10  dW2 <- dW2 + reg*W2
    11  dW1 <- dW1 + reg*W1
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import check_scalar
from ..params import Params, check_batch
from . import _capstone_slips
from ._diagnose import (
    LearnerError,
    as_array,
    call,
    close,
    describe_exception,
    describe_value,
    diagnose,
    learner_locals,
    located,
)
from ._feedback import Feedback

#: The returned dict's keys in R's order: key, R line number(s), the R line, what it holds.
STAGES = (
    ("dscores_minus_1", "2", "dscores[Y.index] <- dscores[Y.index] - 1", "P − T"),
    ("dscores", "3", "dscores <- dscores / batchsize", "δ_S = (P − T)/N"),
    ("dW2_data", "4", "dW2 <- t(hidden.layer) %*% dscores", "Aᵀ δ_S"),
    ("db2", "5", "db2 <- colSums(dscores)", "the column sums of δ_S"),
    ("dhidden", "6", "dhidden <- dscores %*% t(W2)", "δ_A = δ_S W2ᵀ, before the mask"),
    ("dz", "7", "dhidden[hidden.layer <= 0] <- 0", "δ_Z = δ_A ⊙ [A > 0]"),
    ("dW1_data", "8", "dW1 <- t(X) %*% dhidden", "Xᵀ δ_Z"),
    ("db1", "9", "db1 <- colSums(dhidden)", "the column sums of δ_Z"),
    ("dW2", "10", "dW2 <- dW2 + reg*W2", "Aᵀ δ_S + λ W2"),
    ("dW1", "11", "dW1 <- dW1 + reg*W1", "Xᵀ δ_Z + λ W1"),
)
KEYS = ("probs", "loss") + tuple(s[0] for s in STAGES)


class Case(NamedTuple):
    """One network and batch the checker runs the learner's function on."""

    label: str
    params: Params
    X: np.ndarray
    y: np.ndarray
    reg: float


def template_source() -> str:
    """The learner's starting function, as printed in chapter 12 (the forward pass is given)."""
    return _TEMPLATE


_TEMPLATE = '''def my_backward(params, X, y, reg):
    W1, b1, W2, b2 = params
    N = X.shape[0]
    rows = np.arange(N)                      # R's Y.index is (rows, y + 1)
    # forward pass (given, chapter 03)
    z = X @ W1 + b1
    hidden = np.maximum(z, 0)                # R: hidden.layer
    scores = hidden @ W2 + b2
    exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[rows, y])) + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    # backward pass: one statement per R line
    dscores_minus_1 = None    # R 1-2: dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1
    dscores = None            # R 3:   dscores <- dscores / batchsize
    dW2_data = None           # R 4:   dW2 <- t(hidden.layer) %*% dscores
    db2 = None                # R 5:   db2 <- colSums(dscores)
    dhidden = None            # R 6:   dhidden <- dscores %*% t(W2)
    dz = None                 # R 7:   dhidden[hidden.layer <= 0] <- 0
    dW1_data = None           # R 8:   dW1 <- t(X) %*% dhidden
    db1 = None                # R 9:   db1 <- colSums(dhidden)
    dW2 = None                # R 10:  dW2 <- dW2 + reg*W2
    dW1 = None                # R 11:  dW1 <- dW1 + reg*W1
    return {"probs": probs, "loss": loss,
            "dscores_minus_1": dscores_minus_1, "dscores": dscores, "dW2_data": dW2_data, "db2": db2,
            "dhidden": dhidden, "dz": dz, "dW1_data": dW1_data, "db1": db1, "dW2": dW2, "dW1": dW1}
'''


def reference(params, X, y, reg: float) -> dict:
    """The right intermediates, in plain numpy, independent of the helper's layers (and ``z``, ``hidden``, ``T``)."""
    W1, b1, W2, b2 = params
    n = X.shape[0]
    rows = np.arange(n)
    z = X @ W1 + b1
    hidden = np.maximum(z, 0)
    scores = hidden @ W2 + b2
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    T = np.zeros_like(probs)
    T[rows, y] = 1
    r = {"z": z, "hidden": hidden, "T": T, "probs": probs,
         "loss": -np.mean(np.log(probs[rows, y])) + 0.5 * reg * (np.sum(W1**2) + np.sum(W2**2))}
    r["dscores_minus_1"] = probs - T
    r["dscores"] = r["dscores_minus_1"] / n
    r["dW2_data"] = hidden.T @ r["dscores"]
    r["db2"] = r["dscores"].sum(axis=0)
    r["dhidden"] = r["dscores"] @ W2.T
    r["dz"] = np.where(hidden <= 0, 0.0, r["dhidden"])
    r["dW1_data"] = X.T @ r["dz"]
    r["db1"] = r["dz"].sum(axis=0)
    r["dW2"] = r["dW2_data"] + reg * W2
    r["dW1"] = r["dW1_data"] + reg * W1
    return r


def capstone_cases() -> list[Case]:
    """The batches and networks :func:`check_backward` runs, in order.

    1. the R program's batch with R's initial weights (two units dead for every flower);
    2. the same batch at the weights after R's 2000 iterations (nonzero biases);
    3. a random 4 → 6 → 3 network with two dead units and an input row of zeros whose units with
       a zero bias have a pre-activation exactly 0 (where ``<`` and ``<=`` differ);
    4. a random 4 → 3 → 3 network: a square W2 (H = K), where a missing transpose runs silently.
    """
    from .. import rcompat
    from ..training import train

    run = rcompat.blog_run(train=False)
    s = rcompat.BLOG
    X, y = run.split.X_train, run.split.y_train
    trained = train(X, y, run.initial_params, lr=s.lr, reg=s.reg, maxit=s.maxit, abstol=s.abstol)[0]
    rng = np.random.default_rng(12)
    n = 8
    Xr = np.abs(rng.standard_normal((n, 4))) + 0.1
    Xr[0] = 0.0                                       # z = b1 for this row
    W1 = rng.standard_normal((4, 6))
    b1 = rng.standard_normal(6)
    W1[:, [1, 4]] = -np.abs(W1[:, [1, 4]])            # dead: negative weights on positive inputs
    b1[[1, 4]] = -np.abs(b1[[1, 4]])
    W1[:, [0, 2]] = np.abs(W1[:, [0, 2]])             # on for every other example
    b1[[0, 2]] = 0.0                                  # z[0, 0] = z[0, 2] = 0 exactly
    yr = np.array([0, 1, 2, 0, 1, 2, 2, 1])
    dead = Params(W1, b1, rng.standard_normal((6, 3)), rng.standard_normal(3))
    square = Params(rng.standard_normal((4, 3)), 0.5 * rng.standard_normal(3),
                    rng.standard_normal((3, 3)), rng.standard_normal(3))
    Xs = rng.standard_normal((7, 4))
    ys = np.array([2, 0, 1, 1, 0, 2, 1])
    return [
        Case("the R program's batch at R's initial weights", run.initial_params, X, y, s.reg),
        Case("the R program's batch at the weights after its 2000 iterations", trained, X, y, s.reg),
        Case("a random 4 → 6 → 3 network with dead units 2 and 5 and an input row of zeros "
             "(z is exactly 0 for units 1 and 3 of example 1)", dead, Xr, yr, 0.1),
        Case("a random 4 → 3 → 3 network: a square W2 (H = K = 3)", square, Xs, ys, 0.05),
    ]


def check_backward(fn, cases=None) -> Feedback:
    """Run ``fn(params, X, y, reg)`` on every case and report the first wrong line, or that all are right.

    Parameters
    ----------
    fn : callable
        Returns a dict with the keys of :data:`KEYS` (see :func:`template_source`).
    cases : list of Case, optional
        Defaults to :func:`capstone_cases`.
    """
    cases = capstone_cases() if cases is None else cases
    for case in cases:
        feedback = diagnose_case(fn, case)
        if not feedback.correct:
            return feedback
    return Feedback(True, f"All eleven lines are right, on {len(cases)} batches and networks: "
                          + "; ".join(c.label for c in cases) + ".")


def diagnose_case(fn, case: Case) -> Feedback:
    """Run ``fn`` on one :class:`Case` and report its first wrong line (or that all are right)."""
    params, X, y = check_batch(case.params, case.X, case.y)
    check_scalar(case.reg, "reg")
    args = (Params(*(p.copy() for p in params)), X.copy(), y.copy(), float(case.reg))
    ref = reference(params, X, y, case.reg)
    what = "my_backward(params, X, y, reg)"
    if fn is None or not callable(fn):
        try:
            call(fn, args, what=what)
        except LearnerError as err:
            return Feedback(False, located(case.label, str(err)))
    try:
        out = fn(*args)
    except Exception as err:  # the learner's error is feedback: find the line it was computing
        return Feedback(False, located(case.label, _explain_raise(fn, err, ref, params, case)))
    try:
        if out is None:
            raise LearnerError(f"your function returned None: did you forget `return {{...}}` at the end of "
                               f"{what}? (A function without `return` returns None.)")
        if not isinstance(out, dict):
            raise LearnerError(f"your function must return a dict of its intermediates (keys "
                               f"{', '.join(KEYS)}), got {describe_value(out)}.")
        missing = [k for k in KEYS if k not in out]
        if missing:
            raise LearnerError(f"the returned dict has no entry {missing[0]!r}; it needs the keys "
                               f"{', '.join(KEYS)}.")
    except LearnerError as err:
        return Feedback(False, located(case.label, str(err)))
    message = _first_wrong(out, ref, params, case)
    if message is None:
        return Feedback(True, f"On {case.label}: all eleven lines are right.")
    return Feedback(False, located(case.label, message))


def _explain_raise(fn, err: Exception, ref: dict, params: Params, case: Case) -> str:
    """Name the R line the learner's function was computing when it raised (the first stage still
    ``None``), unless a line before it is already wrong: then that line is the cause."""
    raised = describe_exception(fn, err)
    found = learner_locals(fn, err)
    partial = {k: found.get(k) for k in KEYS}
    earlier = _first_wrong(partial, ref, params, case, stop_at_none=True)
    if earlier:
        return f"{earlier} (Then {raised})"
    pending = next((s for s in STAGES if partial[s[0]] is None), None)
    if pending is None or not found:
        return raised
    key, line, r_line, _ = pending
    n, d = case.X.shape
    h, k = params.W2.shape
    shapes = {
        "dscores_minus_1": f"probs is [N × K] = ({n}, {k}) and y has one label per row, ({n},)",
        "dscores": f"dscores_minus_1 is [N × K] = ({n}, {k})",
        "dW2_data": f"hidden is [N × H] = ({n}, {h}), dscores [N × K] = ({n}, {k}); dW2 is [H × K]",
        "db2": f"dscores is [N × K] = ({n}, {k}); db2 has K = {k} entries",
        "dhidden": f"dscores is [N × K] = ({n}, {k}), W2 [H × K] = ({h}, {k}); dhidden is [N × H]",
        "dz": f"dhidden and hidden are [N × H] = ({n}, {h}), dscores [N × K] = ({n}, {k})",
        "dW1_data": f"X is [N × D] = ({n}, {d}), dz [N × H] = ({n}, {h}); dW1 is [D × H]",
        "db1": f"dz is [N × H] = ({n}, {h}); db1 has H = {h} entries",
        "dW2": f"dW2 and W2 are both [H × K] = ({h}, {k})",
        "dW1": f"dW1 and W1 are both [D × H] = ({d}, {h})",
    }[key]
    return f"line {line}, `{r_line}` ({key}): {raised} Shapes here: {shapes}."


def _arrays(out) -> dict:
    return {k: v for k, v in out.items() if k in KEYS and isinstance(v, np.ndarray)}


def _first_wrong(out: dict, r: dict, params: Params, case: Case, *, stop_at_none: bool = False) -> str | None:
    """The message for the first wrong line of ``out``, or None; with ``stop_at_none``, stop at the
    first stage that is still None (the learner's function raised while computing it)."""
    n, (h, k) = case.X.shape[0], params.W2.shape
    arrays = _arrays(out)

    # Line 1: numpy's `dscores = probs` is a second name for probs, not a copy (R's <- copies).
    probs = out["probs"]
    if stop_at_none and (probs is None or out["loss"] is None):
        return None
    for key in ("dscores_minus_1", "dscores"):
        if key in arrays and "probs" in arrays and np.shares_memory(arrays["probs"], arrays[key]) \
                and not close(arrays["probs"], r["probs"]):
            return (f"line 1, `dscores <- probs`: your {key} is the same array as probs. R's `<-` copies; "
                    "numpy's `dscores = probs` only gives probs a second name, so subtracting 1 from "
                    "dscores in place also changed probs. Write dscores = probs.copy().")
    try:
        probs_arr = as_array(probs, "probs")
    except LearnerError as err:
        return f"the forward pass (given): {err}"
    if probs_arr.shape == r["probs"].shape and not close(probs_arr, r["probs"]) \
            and (close(probs_arr, r["dscores_minus_1"]) or close(probs_arr, r["dscores"])):
        return ("line 1, `dscores <- probs`: probs was changed: it holds P − T now. R's `<-` copies; "
                "numpy's `dscores = probs` does not, so the in-place subtraction changed probs too. "
                "Write dscores = probs.copy().")
    problem = diagnose(probs, r["probs"], "probs")
    if problem:
        return f"the forward pass (given): {problem} Restore the given forward pass."
    problem = diagnose(out["loss"], r["loss"], "loss")
    if problem:
        return f"the forward pass (given), the loss: {problem}"

    # Two stages that are one array, and the earlier one no longer holds its value: an in-place
    # line overwrote it.
    names = [s[0] for s in STAGES]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a in arrays and b in arrays and np.shares_memory(arrays[a], arrays[b]) \
                    and not close(arrays[a], r[a]) and not close(r[a], r[b]):
                line_b = next(s for s in STAGES if s[0] == b)
                return (f"line {line_b[1]}, `{line_b[2]}`: your {b} is the same array as {a}, so the "
                        f"in-place operation that made {b} also overwrote {a}. R's `<-` copies, numpy's "
                        f"`{b} = {a}` does not: write {b} = {a}.copy() first, or an expression that "
                        "makes a new array.")

    slips = _capstone_slips.slips(r, params, case)
    shape_slips = _capstone_slips.shape_slips(n, h, k)
    for key, line, r_line, meaning in STAGES:
        if stop_at_none and out[key] is None:
            return None
        problem = diagnose(out[key], r[key], key, slips=slips.get(key, ()), shape_slips=shape_slips.get(key),
                           batch_size=n if key != "dscores_minus_1" else None)
        if problem:
            done = f" Lines 1–{int(line.split('-')[0]) - 1} are right." if line not in ("1", "2") else ""
            return f"line {line}, `{r_line}` ({key} = {meaning}): {problem}{done}"
    return None
