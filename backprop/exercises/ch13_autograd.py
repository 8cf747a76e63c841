r"""Checkers for chapter 13, "From backprop to autograd": two VJPs written as functions, and the
cost of finite differences.

A VJP checker takes the learner's *function* and calls it on inputs of its own (twice, with
different incoming gradients, so that a VJP that ignores :math:`\bar v` is caught). Whatever the
function does (raises, returns ``None``, changes its arguments, returns the wrong shape) is
reported as a message, never as a traceback from the checker.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_scalar
from ..autograd import mean_vjp
from ._feedback import Feedback, compare, no_answer


def _run(fn, name: str, signature: str, args: tuple):
    """Call the learner's ``fn(*args)`` on copies; return ``(result, None)`` or ``(None, Feedback)``."""
    if fn is None:
        return None, no_answer(name)
    if not callable(fn):
        return None, Feedback(False, f"Pass your function itself ({signature}), not its result: {name} must be "
                                     f"a function (def ...: return ...), got {type(fn).__name__}.")
    arg_names = signature[signature.index("(") + 1:-1].split(", ")
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    try:
        result = fn(*copies)
    except Exception as error:  # noqa: BLE001 (anything the learner's code raises is feedback)
        return None, Feedback(False, f"your function raised {type(error).__name__}: {error} "
                                     f"(it is called as {signature}).")
    changed = [arg_name for arg_name, original, copy in zip(arg_names, args, copies, strict=True)
               if isinstance(original, np.ndarray) and not np.array_equal(original, copy, equal_nan=True)]
    if result is None:
        if changed:
            return None, Feedback(False, f"your function returned None, but it changed its argument {changed[0]} "
                                         f"in place: did you forget `return` (a VJP returns a new array: "
                                         f"return g * ..., not g *= ...)?")
        return None, Feedback(False, "your function returned None: did you forget `return` at the end? "
                                     "(A function without `return` returns None.)")
    if changed:
        return None, Feedback(False, f"your function changed its argument {changed[0]} in place: a VJP must "
                                     "not modify its inputs (write g * ..., not g *= ...).")
    if any(result is c for c in copies):
        return None, Feedback(False, "your function returned one of its arguments unchanged.")
    return result, None


def check_mean_vjp(answer) -> Feedback:
    r"""Exercise 1: the VJP of the mean :math:`L = \frac1N\sum_i \ell_i`, a function ``f(g, n)``.

    ``g`` is :math:`\bar L` (a float), ``n`` is N; the right answer is the (N,) vector with every
    entry :math:`\bar L / N` (:func:`backprop.autograd.mean_vjp`).
    """
    for g, n in ((1.0, 75), (0.5, 4)):
        result, feedback = _run(answer, "the VJP of the mean", "f(g, n)", (np.float64(g), n))
        if feedback is not None:
            return feedback
        expected = mean_vjp(g, n)
        feedback = compare(result, expected, name="the VJP of the mean", batch_size=n, shape_slips={
            (): "your function returns one number: the VJP has the shape of the mean's input, (N,): "
                "every ℓ_i receives g/N.",
            (n, 1): "your function returns an (N, 1) column: the mean's input is the vector ℓ of shape (N,).",
        }, slips={
            "your function ignores g, the incoming gradient: a VJP multiplies by it (here g/N).":
                np.full(n, 1.0 / n),
        })
        if not feedback.correct:
            return Feedback(False, f"with g = {g}, N = {n}: {feedback.message}")
    return Feedback(True, "the VJP of the mean is right: g/N for every ℓ_i (R: dscores / batchsize).")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def check_sigmoid_vjp(answer) -> Feedback:
    r"""Exercise 2: the VJP of the logistic sigmoid :math:`A = \sigma(Z) = 1/(1+e^{-Z})`, a function ``f(g, out)``.

    ``g`` is :math:`\bar A` (N, H), ``out`` is :math:`A`; the right answer is
    :math:`\bar Z = \bar A \odot A \odot (1 - A)`, shape (N, H).
    """
    rng = np.random.default_rng(13)
    out = _sigmoid(rng.standard_normal((6, 4)))
    for g in (rng.standard_normal((6, 4)), rng.standard_normal((6, 4))):
        result, feedback = _run(answer, "the VJP of the sigmoid", "f(g, out)", (g, out))
        if feedback is not None:
            return feedback
        local = out * (1 - out)
        feedback = compare(result, g * local, name="the VJP of the sigmoid", shape_slips={
            (4,): "your function returns one value per unit (shape (H,)): it summed over the batch; an "
                  "element-wise operation's VJP has the shape of its input, (N, H).",
            (6, 6): "this is a matrix product: the sigmoid acts element by element, so its VJP is the "
                    "element-wise product g * out * (1 - out).",
            (6,): "your function returns one value per example (shape (N,)): it summed over the units; the "
                  "VJP has the shape of the input, (N, H).",
        }, slips={
            "this is σ'(z) = out (1 - out) alone: multiply it by g, the gradient arriving from above.": local,
            "this applies σ to out again: out already is σ(z), so σ'(z) = out (1 - out), times g.":
                g * _sigmoid(out) * (1 - _sigmoid(out)),
            "this is tanh's derivative, 1 - out², times g: the sigmoid's is out (1 - out).": g * (1 - out ** 2),
            "the factor (1 - out) is missing: σ'(z) = σ(z)(1 - σ(z)) = out (1 - out).": g * out,
            "the factor out is missing: σ'(z) = σ(z)(1 - σ(z)) = out (1 - out).": g * (1 - out),
        })
        if not feedback.correct:
            return feedback
    return Feedback(True, "the VJP of the sigmoid is right: g ⊙ A ⊙ (1 − A).")


def check_finite_difference_count(answer, *, n_features: int, n_hidden: int, n_classes: int) -> Feedback:
    r"""Exercise 3: the number of forward passes central differences need for a whole gradient.

    :math:`2 n_\theta` with :math:`n_\theta = DH + H + HK + K` parameters: two evaluations of the
    loss per parameter. (The course writes :math:`n_\theta`, not :math:`P`, which is the prediction.)
    """
    for value, name in ((n_features, "n_features"), (n_hidden, "n_hidden"), (n_classes, "n_classes")):
        check_scalar(value, name, minimum=1, integer=True)
    D, H, K = n_features, n_hidden, n_classes
    weights = D * H + H * K
    n_theta = weights + H + K
    if isinstance(answer, str):
        return Feedback(False, f"the count must be a number, not the string {answer!r}: remove the quotes.")
    return compare(answer, 2 * n_theta, name="the number of forward passes", rtol=0, atol=0.5, shape_slips={
        (1,): "the count must be one whole number, not a list or an array of shape (1,): drop the brackets.",
    }, slips={
        f"that is n_θ = {n_theta}, the number of parameters: one pass per parameter. Central differences "
        "evaluate the loss twice per parameter, at θ + h and at θ − h.": n_theta,
        f"the biases are missing: n_θ = DH + H + HK + K = {n_theta}, and each needs 2 passes.": 2 * weights,
        f"that is n_θ + 1, a forward difference (one pass per parameter plus the base point); central "
        f"differences need 2·n_θ = {2 * n_theta}.": n_theta + 1,
    })
