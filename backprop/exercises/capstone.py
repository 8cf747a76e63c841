r"""Checker of chapter 12, "Your backward pass, diagnosed".

The learner writes the whole backward pass of the R program, one statement per R line, as a
function ``fn(params, X, y, reg)`` that returns a dict of its intermediates by name
(:data:`STAGES`). :func:`check_backward` runs it on the R program's batch and on random networks
chosen so that slips cannot hide (dead units, a pre-activation exactly 0, nonzero biases, a square
:math:`W_2`), compares every intermediate in R's order with an independent plain-numpy reference
and reports the **first** wrong line with the slip that explains it.

The diagnosis is in order: each line is judged by the value it computed (read line by line while
the function runs, before a later in-place line could change it), given that every line before
it is right; only then is it asked why: a slip of that line (:mod:`._capstone_slips`, one table
per line), the engine's generic rules, or two lines that are one array (numpy's ``b = a`` does
not copy), blamed only when the array holds the later line's right value. A function that raises
is located before its first line, in the (given) forward pass, or at the line it was computing.
Dividing by N after line 3 instead of in it is accepted when the gradients are right.

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

import functools
import re
from typing import NamedTuple

import numpy as np

from .._validation import check_scalar
from ..params import Params, check_batch
from . import _capstone_slips as slips
from ._feedback import GENERIC, NO_ANSWER, Feedback, call_learner, close, describe_value, judge, located
from ._slips import names_slips


class Stage(NamedTuple):
    """One line of the learner's backward pass: the dict key, the R line number(s) and the R line,
    what it holds, and a numpy expression that computes it from the lines before."""

    key: str
    line: str
    r_line: str
    meaning: str
    numpy: str


#: The returned dict's keys in R's order.
STAGES = (
    Stage("dscores_minus_1", "2", "dscores[Y.index] <- dscores[Y.index] - 1", "P − T",
          "probs.copy(), then dscores_minus_1[rows, y] -= 1"),
    Stage("dscores", "3", "dscores <- dscores / batchsize", "δ_S = (P − T)/N", "dscores_minus_1 / N"),
    Stage("dW2_data", "4", "dW2 <- t(hidden.layer) %*% dscores", "Aᵀ δ_S", "hidden.T @ dscores"),
    Stage("db2", "5", "db2 <- colSums(dscores)", "the column sums of δ_S", "dscores.sum(axis=0)"),
    Stage("dhidden", "6", "dhidden <- dscores %*% t(W2)", "δ_A = δ_S W2ᵀ, before the mask", "dscores @ W2.T"),
    Stage("dz", "7", "dhidden[hidden.layer <= 0] <- 0", "δ_Z = δ_A ⊙ [A > 0]", "np.where(hidden <= 0, 0, dhidden)"),
    Stage("dW1_data", "8", "dW1 <- t(X) %*% dhidden", "Xᵀ δ_Z", "X.T @ dz"),
    Stage("db1", "9", "db1 <- colSums(dhidden)", "the column sums of δ_Z", "dz.sum(axis=0)"),
    Stage("dW2", "10", "dW2 <- dW2 + reg*W2", "Aᵀ δ_S + λ W2", "dW2_data + reg * W2"),
    Stage("dW1", "11", "dW1 <- dW1 + reg*W1", "Xᵀ δ_Z + λ W1", "dW1_data + reg * W1"),
)
KEYS = ("probs", "loss") + tuple(s.key for s in STAGES)
_BY_KEY = {s.key: s for s in STAGES}
#: The lines a learner may leave N times too large when dividing by N at the end instead of in line 3.
_UNDIVIDED = ("dscores", "dW2_data", "dhidden", "dz", "dW1_data")
_GRADIENTS = ("db2", "dW2", "db1", "dW1")
SIGNATURE = "my_backward(params, X, y, reg)"


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


@functools.lru_cache(maxsize=1)
def _trained_params() -> Params:
    """R's weights after its 2000 iterations on its batch (computed once: every check needs them)."""
    from .. import rcompat
    from ..training import train

    run = rcompat.blog_run(train=False)
    s = rcompat.BLOG
    return train(run.split.X_train, run.split.y_train, run.initial_params, lr=s.lr, reg=s.reg, maxit=s.maxit,
                 abstol=s.abstol)[0]


def capstone_cases() -> list[Case]:
    """The batches and networks :func:`check_backward` runs, in order.

    1. the R program's batch with R's initial weights (two units dead for every flower);
    2. the same batch at the weights after R's 2000 iterations (nonzero biases);
    3. a random 4 → 6 → 3 network with two dead units and an input row of zeros whose units with
       a zero bias have a pre-activation exactly 0 (where ``<`` and ``<=`` differ);
    4. a random 4 → 3 → 3 network: a square W2 (H = K), where a missing transpose runs silently.
    """
    from .. import rcompat

    run = rcompat.blog_run(train=False)
    s = rcompat.BLOG
    X, y = run.split.X_train, run.split.y_train
    trained = Params(*(p.copy() for p in _trained_params()))
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


#: Added to the verdict of a right pass that divides by N after line 3 instead of in it.
DEFERRED_NOTE = ("(Your dscores holds P − T and you divide by N further on: the four gradients are the same "
                 "as R's, which divides in line 3.)")


@names_slips(slips.FORWARD, *slips.BY_KEY.values(), slips.ONE_ARRAY)
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
    deferred = False
    for case in cases:
        feedback = diagnose_case(fn, case)
        if not feedback.correct:
            return feedback
        deferred = deferred or DEFERRED_NOTE in feedback.message
    return Feedback(True, f"All eleven lines are right, on {len(cases)} batches and networks: "
                          + "; ".join(c.label for c in cases) + "." + (f" {DEFERRED_NOTE}" if deferred else ""))


def diagnose_case(fn, case: Case) -> Feedback:
    """Run ``fn`` on one :class:`Case` and report its first wrong line (or that all are right).

    A line is judged by what it computed, given that every line before it is right; only then is
    it asked why: a slip of that line, the engine's generic rules, or two lines that are one array
    (numpy's ``b = a`` does not copy), blamed only when the shared array holds the later line's
    right value. The values each line computed are read line by line while the function runs (a
    later in-place line may change them before it returns).
    """
    params, X, y = check_batch(case.params, case.X, case.y)
    check_scalar(case.reg, "reg")
    ref = reference(params, X, y, case.reg)
    context = slips.context(ref, params, X, y, float(case.reg))
    call = call_learner(fn, {"params": params, "X": X, "y": y, "reg": float(case.reg)}, signature=SIGNATURE,
                        trace=True)
    if call.error is not None:
        return Feedback(False, located(case.label, _explain_raise(call, ref, context)))
    if call.feedback is not None:
        return Feedback(False, located(case.label, call.feedback.message))
    out = call.result
    if not isinstance(out, dict):
        return Feedback(False, located(case.label, f"your function must return a dict of its intermediates "
                                                   f"(keys {', '.join(KEYS)}), got {describe_value(out)}."))
    missing = [k for k in KEYS if k not in out]
    if missing:
        return Feedback(False, located(case.label, f"the returned dict has no entry {missing[0]!r}; it needs the "
                                                   f"keys {', '.join(KEYS)}."))
    message, deferred = _first_wrong(_own_values(out, call.states), ref, context)
    if message is None:
        return Feedback(True, f"On {case.label}: all eleven lines are right."
                              + (f" {DEFERRED_NOTE}" if deferred else ""))
    return Feedback(False, located(case.label, message))


class _Value(NamedTuple):
    """One returned entry: what its line computed, what the function returned, and the line that
    changed it in place in between ("" if none)."""

    own: object
    final: object
    changed_by: str


def _shares(a, b) -> bool:
    """``a`` and ``b`` are one array under two names (same shape, same memory), not a part of it."""
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
            and np.shares_memory(a, b))


def _own_values(out: dict, states: list) -> dict[str, _Value]:
    """For each key, what its line computed: the value its variable held before the array was
    changed in place while another variable named it too (``dz = dhidden; dz[...] = 0``)."""
    last = states[-1][1] if states else {}
    values = {}
    for key in KEYS:
        final = out.get(key)
        values[key] = _Value(final, final, "")
        if not isinstance(final, np.ndarray) or key not in last or last[key][0] is not final:
            continue
        previous = None
        for line, state in states:
            entry = state.get(key)
            if previous is not None and entry is not None and entry is not previous and entry[0] is previous[0] \
                    and any(other != key and _shares(value[0], entry[0]) for other, value in state.items()):
                values[key] = _Value(previous[1], final, line)
                break
            previous = entry
    return values


def _table(key: str):
    return slips.FORWARD if key == "probs" else slips.BY_KEY.get(key)


def _judge(key: str, value, ref: dict, context, deferred: bool):
    """The verdict on one line's value, given the lines before it right (see ``_feedback.judge``)."""
    n = context.N
    batch = n if key not in ("probs", "loss", "dscores_minus_1") else None
    verdict = judge(value, ref[key], name=key, slips=_table(key), context=context, batch_size=batch)
    if verdict.correct or not (deferred and key in _UNDIVIDED):
        return verdict
    if close(value, n * ref[key]):
        return verdict._replace(correct=True)
    scaled = judge(np.asarray(value, dtype=float) / n, ref[key], name=key, slips=_table(key), context=context)
    return scaled if scaled.slip and not scaled.slip.startswith("generic:") else verdict


def _deferred(values: dict, ref: dict) -> bool:
    """True when dscores holds P − T and a gradient is right: the division by N comes further on."""
    return close(values["dscores"].own, ref["dscores_minus_1"]) and any(
        close(values[g].final, ref[g]) for g in _GRADIENTS)


def _first_wrong(values: dict, ref: dict, context, *, stop: str | None = None) -> tuple[str | None, bool]:
    """``(message for the first wrong line or None, whether the division by N is deferred)``;
    the lines from ``stop`` on are not judged (the function raised while computing it).

    A line whose own value is right but whose returned array was changed afterwards is wrong
    here when a slip of its own explains the returned value, when it is one array with a later
    line and holds that line's right value, or when it was changed under a name that is not a
    line; if it is one array with a later line whose value is wrong too, that later line's own
    slip is the cause, and it is reported there."""
    deferred = stop is None and _deferred(values, ref)
    for key in KEYS:
        if key == stop:
            break
        value = values[key]
        verdict = _judge(key, value.own, ref, context, deferred)
        if verdict.correct:
            if not value.changed_by or close(value.final, ref[key]):
                continue
            shared = _one_array(key, value.final, value, values, ref)
            if shared:
                return _at(key, shared, "one-array"), deferred
            final = _judge(key, value.final, ref, context, deferred)
            if final.slip and not final.slip.startswith("generic:"):
                return _at(key, final.message, final.slip), deferred
            if not any(_shares(values[k].final, value.final) for k in KEYS if k != key):
                return _at(key, slips.ONE_ARRAY["changed-later"].text(
                    a=key, a_where=_where(key), how=value.changed_by), "changed-later"), deferred
            continue
        shared = _one_array(key, value.own, value, values, ref)
        if shared:
            return _at(key, shared, "one-array"), deferred
        return _at(key, verdict.message, verdict.slip), deferred
    return None, deferred


def _where(key: str) -> str:
    return "the forward pass" if key in ("probs", "loss") else f"line {_BY_KEY[key].line}"


def _one_array(key: str, held, value: _Value, values: dict, ref: dict) -> str | None:
    """The message when ``key`` and a later line are one array holding the later line's right value."""
    later = KEYS[KEYS.index(key) + 1:]
    partner = next((k for k in later if _shares(values[k].final, value.final) and close(held, ref[k])), None)
    if partner is None:
        return None
    stage = _BY_KEY[partner]
    how = f", changed by the line `{value.changed_by}`" if value.changed_by else ""
    a_value = ("the forward pass's value (P)" if key == "probs"
               else f"line {_BY_KEY[key].line}'s value ({_BY_KEY[key].meaning})")
    return slips.ONE_ARRAY["one-array"].text(a=key, b=partner, b_value=stage.meaning, how=how, a_value=a_value,
                                             b_expr=stage.numpy)


def _at(key: str, message: str, slip: str | None) -> str:
    """``message`` located at ``key``'s line (a "No answer yet" message keeps those words first)."""
    if key == "probs":
        if slip in ("one-array", "changed-later") or slip in {s.name for s in slips.FORWARD}:
            where, message = "line 1, `dscores <- probs`: ", message
        else:
            where, message = "the forward pass (given): ", f"{message} Restore the given forward pass."
    elif key == "loss":
        where = "the forward pass (given), the loss: "
    else:
        stage = _BY_KEY[key]
        where = f"line {stage.line}, `{stage.r_line}` ({key} = {stage.meaning}): "
        first = int(stage.line)
        message += f" Lines 1–{first - 1} are right." if first > 2 else ""
    if message.startswith(NO_ANSWER):
        return NO_ANSWER + where + message[len(NO_ANSWER):]
    return where + message


_TARGET = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*(?:[-+*/@%]|//|\*\*)?=(?!=)")


def _stage_of(line: str) -> Stage | None:
    """The first line of :data:`STAGES` (in R's order) that the learner's source line assigns."""
    names = {m.group(1) for part in line.split(";") if (m := _TARGET.match(part))}
    return next((s for s in STAGES if s.key in names), None)


def _explain_raise(call, ref: dict, context) -> str:
    """Where the learner's function raised: before its first line, in the (given) forward pass, or
    while computing a line of the backward pass; a wrong line before that one is the cause."""
    raised = call.feedback.message
    found = call.error_locals
    if not found:
        return raised
    if "probs" not in found or "loss" not in found:
        return f"the forward pass (given): {raised} Restore the given forward pass."
    stage = _stage_of(call.error_line) or next((s for s in STAGES if found.get(s.key) is None), None)
    if stage is None:
        return raised
    partial = {k: found.get(k) for k in KEYS}
    earlier, _ = _first_wrong(_own_values(partial, call.states), ref, context, stop=stage.key)
    if earlier:
        return f"{earlier} (Then {raised})"
    context.error = call.error
    hints = [s.text(context) for s in slips.BY_KEY[stage.key].of_kind("raises") if s.wrong(context)]
    n, d = context.N, context.D
    h, k = context.H, context.K
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
    }[stage.key]
    if hints:                  # the line's own explanation replaces the engine's generic one
        for rule in GENERIC.of_kind("raises"):
            raised = raised.replace(f" {rule.message}", "")
    extra = f" {hints[0]}" if hints else f" Shapes here: {shapes}."
    return f"line {stage.line}, `{stage.r_line}` ({stage.key} = {stage.meaning}): {raised}{extra}"
