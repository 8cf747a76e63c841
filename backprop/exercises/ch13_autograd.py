r"""Checkers for chapter 13, "From backprop to autograd": two VJPs written as functions, and the
cost of finite differences.

A VJP checker takes the learner's *function* and calls it on inputs of its own (twice, with
different incoming gradients, so that a VJP that ignores :math:`\bar v` is caught). Whatever the
function does (raises, returns ``None``, changes its arguments, returns the wrong shape) is
reported as a message, never as a traceback from the checker.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import check_scalar
from ..autograd import mean_vjp
from ._feedback import Feedback, call_learner, compare
from ._slips import Slip, names_slips, table

MEAN_VJP = table(
    "the VJP of the mean",
    Slip("one-number", "g / n", "your function returns one number: the VJP has the shape of the mean's input, "
         "(N,): every ℓ_i receives g/N.", lambda c: (), kind="shape"),
    Slip("column", "np.full((n, 1), g / n)", "your function returns an (N, 1) column: the mean's input is the "
         "vector ℓ of shape (N,).", lambda c: (c.N, 1), kind="shape"),
    Slip("ignores-g", "np.full(n, 1 / n)", "your function ignores g, the incoming gradient: a VJP multiplies by it "
         "(here g/N).", lambda c: np.full(c.N, 1.0 / c.N)),
)


@names_slips(MEAN_VJP)
def check_mean_vjp(answer) -> Feedback:
    r"""Exercise 1: the VJP of the mean :math:`L = \frac1N\sum_i \ell_i`, a function ``f(g, n)``.

    ``g`` is :math:`\bar L` (a float), ``n`` is N; the right answer is the (N,) vector with every
    entry :math:`\bar L / N` (:func:`backprop.autograd.mean_vjp`). Slips: :data:`MEAN_VJP`.
    """
    for g, n in ((1.0, 75), (0.5, 4)):
        call = call_learner(answer, {"g": np.float64(g), "n": n}, signature="my_mean_vjp(g, n)", read_only=True)
        if call.feedback is not None:
            return call.feedback
        feedback = compare(call.result, mean_vjp(g, n), name="the VJP of the mean", slips=MEAN_VJP,
                           context=SimpleNamespace(N=n), batch_size=n)
        if not feedback.correct:
            return Feedback(False, f"with g = {g}, N = {n}: {feedback.message}")
    return Feedback(True, "the VJP of the mean is right: g/N for every ℓ_i (R: dscores / batchsize).")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


SIGMOID_VJP = table(
    "the VJP of the sigmoid",
    Slip("summed-over-batch", "(g * out * (1 - out)).sum(axis=0)", "your function returns one value per unit "
         "(shape (H,)): it summed over the batch; an element-wise operation's VJP has the shape of its input, "
         "(N, H).", lambda c: (c.H,), kind="shape"),
    Slip("matrix-product", "g @ (out * (1 - out)).T", "this is a matrix product: the sigmoid acts element by "
         "element, so its VJP is the element-wise product g * out * (1 - out).", lambda c: (c.N, c.N), kind="shape"),
    Slip("summed-over-units", "(g * out * (1 - out)).sum(axis=1)", "your function returns one value per example "
         "(shape (N,)): it summed over the units; the VJP has the shape of the input, (N, H).",
         lambda c: (c.N,), kind="shape"),
    Slip("local-only", "out * (1 - out)", "this is σ'(z) = out (1 - out) alone: multiply it by g, the gradient "
         "arriving from above.", lambda c: c.out * (1 - c.out)),
    Slip("sigmoid-twice", "g * σ(out) * (1 - σ(out))", "this applies σ to out again: out already is σ(z), so "
         "σ'(z) = out (1 - out), times g.", lambda c: c.g * _sigmoid(c.out) * (1 - _sigmoid(c.out))),
    Slip("tanh", "g * (1 - out**2)", "this is tanh's derivative, 1 - out², times g: the sigmoid's is out (1 - out).",
         lambda c: c.g * (1 - c.out ** 2)),
    Slip("no-1-minus-out", "g * out", "the factor (1 - out) is missing: σ'(z) = σ(z)(1 - σ(z)) = out (1 - out).",
         lambda c: c.g * c.out),
    Slip("no-out", "g * (1 - out)", "the factor out is missing: σ'(z) = σ(z)(1 - σ(z)) = out (1 - out).",
         lambda c: c.g * (1 - c.out)),
    Slip("g-unchanged", "g", "your function returns g unchanged: the VJP multiplies it by the sigmoid's local "
         "derivative, out (1 - out).", lambda c: c.g),
)


@names_slips(SIGMOID_VJP)
def check_sigmoid_vjp(answer) -> Feedback:
    r"""Exercise 2: the VJP of the logistic sigmoid :math:`A = \sigma(Z) = 1/(1+e^{-Z})`, a function ``f(g, out)``.

    ``g`` is :math:`\bar A` (N, H), ``out`` is :math:`A`; the right answer is
    :math:`\bar Z = \bar A \odot A \odot (1 - A)`, shape (N, H). Slips: :data:`SIGMOID_VJP`.
    """
    rng = np.random.default_rng(13)
    out = _sigmoid(rng.standard_normal((6, 4)))
    for g in (rng.standard_normal((6, 4)), rng.standard_normal((6, 4))):
        call = call_learner(answer, {"g": g, "out": out}, signature="my_sigmoid_vjp(g, out)", read_only=True)
        if call.feedback is not None:
            return call.feedback
        feedback = compare(call.result, g * out * (1 - out), name="the VJP of the sigmoid", slips=SIGMOID_VJP,
                           context=SimpleNamespace(g=g, out=out, N=6, H=4))
        if not feedback.correct:
            return feedback
    return Feedback(True, "the VJP of the sigmoid is right: g ⊙ A ⊙ (1 − A).")


FINITE_DIFFERENCE_COUNT = table(
    "forward passes for a whole gradient by central differences",
    Slip("in-brackets", "[count]", "the count must be one whole number, not a list or an array of shape (1,): drop "
         "the brackets.", lambda c: (1,), kind="shape"),
    Slip("one-per-parameter", "n_θ", "that is n_θ = {n_theta}, the number of parameters: one pass per parameter. "
         "Central differences evaluate the loss twice per parameter, at θ + h and at θ − h.", lambda c: c.n_theta),
    Slip("no-biases", "2 (DH + HK)", "the biases are missing: n_θ = DH + H + HK + K = {n_theta}, and each needs 2 "
         "passes.", lambda c: 2 * c.weights),
    Slip("forward-difference", "n_θ + 1", "that is n_θ + 1, a forward difference (one pass per parameter plus the "
         "base point); central differences need 2·n_θ = {passes}.", lambda c: c.n_theta + 1),
)


@names_slips(FINITE_DIFFERENCE_COUNT)
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
    context = SimpleNamespace(n_theta=n_theta, weights=weights, passes=2 * n_theta)
    return compare(answer, 2 * n_theta, name="the number of forward passes", slips=FINITE_DIFFERENCE_COUNT,
                   context=context, rtol=0.0, atol=0.5)
