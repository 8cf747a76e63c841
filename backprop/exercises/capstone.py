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

from .._validation import check_batch, check_scalar
from ..params import Params
from ._diagnose import (
    LearnerError,
    as_array,
    call,
    close,
    describe_exception,
    diagnose,
    learner_locals,
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
    prefix = f"On {case.label}: "
    args = (Params(*(p.copy() for p in params)), X.copy(), y.copy(), float(case.reg))
    ref = reference(params, X, y, case.reg)
    what = "my_backward(params, X, y, reg)"
    if fn is None or not callable(fn):
        try:
            call(fn, args, what=what)
        except LearnerError as err:
            return Feedback(False, prefix + str(err))
    try:
        out = fn(*args)
    except Exception as err:  # the learner's error is feedback: find the line it was computing
        return Feedback(False, prefix + _explain_raise(fn, err, ref, params, case))
    try:
        if out is None:
            raise LearnerError(f"your function returned None: does {what} end with `return {{...}}`?")
        if not isinstance(out, dict):
            raise LearnerError(f"your function must return a dict of its intermediates (keys "
                               f"{', '.join(KEYS)}), got {type(out).__name__}.")
        missing = [k for k in KEYS if k not in out]
        if missing:
            raise LearnerError(f"the returned dict has no entry {missing[0]!r}; it needs the keys "
                               f"{', '.join(KEYS)}.")
    except LearnerError as err:
        return Feedback(False, prefix + str(err))
    message = _first_wrong(out, ref, params, case)
    if message is None:
        return Feedback(True, prefix + "all eleven lines are right.")
    return Feedback(False, prefix + message)


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
        return raised[0].upper() + raised[1:]
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

    slips = _slips(r, params, case)
    shape_slips = _shape_slips(n, h, k)
    for key, line, r_line, meaning in STAGES:
        if stop_at_none and out[key] is None:
            return None
        problem = diagnose(out[key], r[key], key, slips=slips.get(key, ()), shape_slips=shape_slips.get(key),
                           batch_size=n if key != "dscores_minus_1" else None)
        if problem:
            done = f" Lines 1–{int(line.split('-')[0]) - 1} are right." if line not in ("1", "2") else ""
            return f"line {line}, `{r_line}` ({key} = {meaning}): {problem}{done}"
    return None


def _shape_slips(n: int, h: int, k: int) -> dict:
    s = {}
    for key, width, what in (("db2", k, "dscores"), ("db1", h, "dz")):
        s[key] = {
            (n,): f"{key} has one entry per example: it was summed over axis=1 (across each row). "
                  f"colSums adds each column over the examples: {what}.sum(axis=0).",
            (1, width): f"{key} is kept 2-D, shape (1, {width}): the bias is a vector of {width} numbers, like "
                        f"b{key[-1]}; sum with {what}.sum(axis=0), without keepdims.",
            (width, 1): f"{key} has shape ({width}, 1): it must be a vector of {width} numbers, like b{key[-1]}.",
            (): f"{key} is a single number: np.sum without an axis adds every entry. colSums keeps one sum "
                "per column: axis=0.",
        }
    s["dhidden"] = {(h, n): f"dhidden has shape ({h}, {n}) = [H × N], one column per example: that is "
                            "W2 @ dscores.T, the accepted answer's column-vector formula. In the code's row "
                            "convention it is dscores @ W2.T, [N × H]."}
    s["dW2_data"] = {(k, h): f"dW2 has shape ({k}, {h}) = [K × H]: that is t(dscores) %*% hidden.layer, the "
                             "transpose of the gradient. W2 is [H × K], so dW2 = hidden.T @ dscores."}
    return s


def _slips(r: dict, params: Params, case: Case) -> dict:
    """Known wrong values of each stage, computed from the right values of the stages before it."""
    W1, b1, W2, b2 = params
    X, y, reg = case.X, case.y, case.reg
    n, (h, k) = X.shape[0], W2.shape
    P, T, hidden, z = r["probs"], r["T"], r["hidden"], r["z"]
    ds, dh = r["dscores"], r["dhidden"]
    square = h == k
    column_y = P.copy()
    column_y[:, y] -= 1
    dh_no_t = ds @ W2 if square else None
    return {
        "dscores_minus_1": [
            (T - P, "this is T − P (the accepted answer's t − y carried over with the question's letters): "
                    "stepping along it would climb the loss. Prediction minus target: P − T."),
            (P, "nothing was subtracted: it is still probs. Subtract 1 at each row's true class."),
            (P - 1, "1 was subtracted from every entry; subtract it only at each row's true class "
                    "(R's Y.index picks one entry per row: probs[rows, y])."),
            (column_y, "dscores[:, y] -= 1 subtracts 1 in column y_i of every row, once per example; "
                       "R's Y.index pairs row i with its own label: dscores[rows, y] -= 1."),
            (r["dscores"], "this is already divided by N: dscores_minus_1 is the value after line 2, "
                           "before the division of line 3."),
        ],
        "dscores": [
            (r["dscores_minus_1"], f"the 1/N is missing: the loss is a mean over the N = {n} examples, so "
                                   "its gradient is (P − T)/N (R: dscores / batchsize)."),
            ((P - T) / (n * n), "divided by N twice."),
            ((P - T) / k, f"divided by K = {k}, the number of classes; the mean is over the N = {n} examples."),
        ],
        "dW2_data": [
            (ds.T @ hidden if square else None,
             "that is t(dscores) %*% hidden.layer, the transpose of dW2. With H = K the shapes agree and it "
             "runs, but the values are wrong: dW2 = hidden.T @ dscores, [H × N]·[N × K]."),
            (z.T @ ds, "that uses z, the pre-activation; dW2 multiplies the layer's input, hidden.layer = A."),
            (X.T @ ds if X.shape[1] == h else None, "that uses X; the input of the second layer is hidden.layer."),
            (r["dW2"], "reg*W2 is already added here; R adds it in line 10 (dW2 <- dW2 + reg*W2)."),
        ],
        "db2": [
            (r["db2"] + reg * b2, "the L2 term is on the bias: R's penalty 0.5·reg·(ΣW1² + ΣW2²) has no biases, "
                                  "so db2 is colSums(dscores) only."),
            (ds.mean(axis=0), f"np.mean divides by N = {n} again: colSums is a sum."),
        ],
        "dhidden": [
            (dh_no_t, f"that is dscores @ W2: the transpose is missing. With a square W2 (H = K = {k}) the "
                      "product runs without an error and only the values are wrong; dhidden = dscores @ W2.T."),
            (r["dz"], "the mask is already applied here; dhidden is the gradient before the mask (line 6), "
                      "dz after it (line 7)."),
        ],
        "dz": [
            (dh, "no entry was zeroed: the mask is missing. (hidden < 0 gives this too: hidden.layer = "
                 "max(z, 0) is never negative. Test hidden <= 0, or z <= 0.)"),
            (np.where(z < 0, 0.0, dh),
             "the mask z < 0 leaves the entries where z is exactly 0, here "
             + _zero_entries(z) + "; R's hidden.layer <= 0 zeros them (it is the same as z <= 0). "
             "It matters only where z == 0 exactly, as in this network."),
            (np.where(dh <= 0, 0.0, dh), "the mask was taken from the gradient's sign (dhidden <= 0). The "
                                         "ReLU's derivative depends on the forward pass: zero where hidden <= 0."),
            (np.where(hidden > 0, 0.0, dh), "the mask is inverted: this keeps the gradient where the unit was off "
                                            "and zeroes it where it was on."),
            (dh * hidden, "that multiplies by hidden.layer itself; the ReLU's derivative is the indicator "
                          "[A > 0], 1 or 0, not A."),
        ],
        "dW1_data": [
            (X.T @ dh, "dW1 uses dhidden before the mask: the question's t(X) %*% (dscores %*% t(W2)) omits the "
                       "ReLU mask. Use the masked gradient dz."),
            (r["dW1"], "reg*W1 is already added here; R adds it in line 11."),
            (hidden.T @ r["dz"] if hidden.shape[1] == X.shape[1] else None,
             "that uses hidden.layer; the input of the first layer is X."),
        ],
        "db1": [
            (dh.sum(axis=0), "db1 sums dhidden before the mask; sum the masked gradient dz."),
            (r["db1"] + reg * b1, "the L2 term is on the bias: R's penalty has no biases, so db1 is colSums(dz) only."),
            (r["dz"].mean(axis=0), f"np.mean divides by N = {n} again: colSums is a sum."),
        ],
        "dW2": _l2_slips("dW2", r["dW2_data"], W2, reg, n),
        "dW1": _l2_slips("dW1", r["dW1_data"], W1, reg, n),
    }


def _l2_slips(name: str, data: np.ndarray, W: np.ndarray, reg: float, n: int) -> list:
    w = name[1:]
    return [
        (data, f"the L2 term is missing: add reg*{w} (the gradient of 0.5·reg·Σ{w}²)."),
        (data - reg * W, f"the L2 term has the wrong sign: the gradient of +0.5·reg·Σ{w}² is +reg*{w}; "
                         "subtracting it would make the weights grow."),
        (data + reg * W / n, f"the L2 term is divided by N: the penalty 0.5·reg·Σ{w}² is added to the mean "
                             f"loss, not averaged over the examples, so its gradient is reg*{w}, not reg*{w}/N."),
        (data + 0.5 * reg * W, f"the L2 term is half of reg*{w}: the derivative of 0.5·reg·{w}² is reg·{w}."),
        (data + 2 * reg * W, f"the L2 term is twice reg*{w}: the 0.5 of the penalty cancels the 2 of the square."),
        (reg * W, f"only the L2 term is left: add it to the data gradient of line {4 if w == 'W2' else 8}."),
    ]


def _zero_entries(z: np.ndarray) -> str:
    rows, cols = np.nonzero(z == 0)
    if rows.size == 0:
        return "none"
    pairs = [f"example {i + 1}, unit {j + 1}" for i, j in zip(rows[:3], cols[:3])]
    return "at " + " and ".join(pairs) if len(pairs) < 3 else "at " + ", ".join(pairs) + ", ..."
