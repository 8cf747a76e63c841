r"""Checkers of the derivation exercises: the same backward pass for another activation, another
loss, minibatches and a third layer. Each takes the learner's *function*, runs it on data of its
own, compares with a formula derived by hand (the tests confirm each formula by finite
differences) and names the typical wrong derivation.

- :func:`check_tanh_backward`, :func:`check_leaky_relu_backward` (chapter 07): what replaces the
  ReLU mask. For :math:`A = \tanh(Z)`, :math:`\delta_Z = \delta_A \odot (1 - A^2)`; for the leaky
  ReLU :math:`A = \max(Z, \alpha Z)`, :math:`\delta_Z = \delta_A \odot (1 \text{ where } Z > 0,
  \ \alpha \text{ elsewhere})`.
- :func:`check_mse_gradient` (chapter 04): what replaces :math:`P - T`. With a linear output
  :math:`S` and :math:`L = \frac{1}{2N}\sum_i \lVert s_i - t_i\rVert^2`, :math:`\delta_S = (S - T)/N`
  (without the :math:`\frac12`, :math:`2(S - T)/N`).
- :func:`check_minibatch_dscores`, :func:`check_steps_per_epoch` (chapter 05): on a minibatch of
  :math:`B` rows the loss is the mean over those rows, so :math:`\delta_S = (P_B - T_B)/B`, and an
  epoch takes :math:`\lceil N/B \rceil` steps.
- :func:`check_three_layer_backward` (chapter 11): the backward lines once more for a second
  hidden layer (equation (1) with the transpose the accepted answer leaves out).
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np

from ._feedback import Feedback, call_learner, compare, describe_value, located
from ._slips import Slip, names_slips, table


def _result(fn, args: dict, signature: str):
    """The learner's result, or the Feedback explaining why there is none."""
    call = call_learner(fn, args, signature=signature)
    return call.result, call.feedback


# ----------------------------------------------------------------------------- activations

def _activation_data(seed: int = 7):
    rng = np.random.default_rng(seed)
    Z = rng.uniform(-2.0, 2.0, size=(6, 5))
    Z[np.abs(Z) < 0.05] = 0.5                    # no entry at a kink: both subgradients agree
    return Z, rng.standard_normal((6, 5))


TANH = table(
    "δ_Z of a tanh layer",
    Slip("uses-Z", "dA * (1 - Z**2)", "that is δ_A ⊙ (1 − Z²): the derivative is written in the wrong variable. "
         "tanh′(z) = 1 − tanh(z)² = 1 − A², so use A (the layer's output), not Z.", lambda c: c.dA * (1 - c.Z**2)),
    Slip("no-derivative", "dA", "no factor at all: the activation's derivative is missing. δ_Z = δ_A ⊙ tanh′(Z) "
         "= δ_A ⊙ (1 − A²).", lambda c: c.dA),
    Slip("derivative-alone", "1 - A**2", "that is tanh′ alone: the chain rule multiplies it by the gradient "
         "arriving from above, δ_A.", lambda c: 1 - c.A**2),
    Slip("not-squared", "dA * (1 - A)", "1 − A is not squared: tanh′ = 1 − tanh² = 1 − A².",
         lambda c: c.dA * (1 - c.A)),
    Slip("sech-not-squared", "dA / np.cosh(Z)", "1/cosh(Z) is sech(Z), not squared: tanh′(Z) = sech²(Z) = "
         "1/cosh(Z)² = 1 − A².", lambda c: c.dA / np.cosh(c.Z)),
    Slip("plus", "dA * (1 + A**2)", "the sign inside is wrong: tanh′ = 1 − A² (it is at most 1, at Z = 0).",
         lambda c: c.dA * (1 + c.A**2)),
    Slip("A-squared", "dA * A**2", "A² is the part to subtract: tanh′ = 1 − A².", lambda c: c.dA * c.A**2),
    Slip("relu-mask", "dA * (A > 0)", "that is the ReLU's mask [A > 0]; tanh has no mask, its derivative 1 − A² "
         "is never 0.", lambda c: c.dA * (c.A > 0)),
    Slip("relu-mask-kept", "dA * (1 - A**2) * (A > 0)", "the ReLU's mask is still there: tanh′ = 1 − A² is the "
         "whole derivative, and it is not 0 where A < 0, so nothing is masked.",
         lambda c: c.dA * (1 - c.A**2) * (c.A > 0)),
    Slip("tanh-twice", "dA * (1 - np.tanh(A)**2)", "tanh is applied twice: A is already tanh(Z), so "
         "tanh′(Z) = 1 − A².", lambda c: c.dA * (1 - np.tanh(c.A) ** 2)),
    Slip("sigmoid", "dA * A * (1 - A)", "A(1 − A) is the logistic sigmoid's derivative; tanh′ = 1 − A².",
         lambda c: c.dA * c.A * (1 - c.A)),
)


@names_slips(TANH)
def check_tanh_backward(fn) -> Feedback:
    r"""Check ``fn(dA, Z, A)`` for a tanh hidden layer: it must return :math:`\delta_Z = \delta_A \odot (1 - A^2)`.

    ``A = tanh(Z)``; ``dA`` is :math:`\delta_A = \partial L/\partial A`, all (N, H).
    """
    Z, dA = _activation_data()
    A = np.tanh(Z)
    result, feedback = _result(fn, {"dA": dA, "Z": Z, "A": A}, "my_tanh_backward(dA, Z, A)")
    if feedback:
        return feedback
    return compare(result, dA * (1 - A**2), name="δ_Z", slips=TANH, context=SimpleNamespace(dA=dA, Z=Z, A=A),
                   right="δ_Z = δ_A ⊙ (1 − A²) is right: tanh′ needs only the layer's output A.")


LEAKY_RELU = table(
    "δ_Z of a leaky ReLU layer",
    Slip("wrong-side", "dA * np.where(Z > 0, alpha, 1)", "α is on the wrong side: the slope is 1 where Z > 0 "
         "(A = Z) and α = {alpha} where Z ≤ 0 (A = αZ).", lambda c: c.dA * np.where(c.Z > 0, c.alpha, 1.0)),
    Slip("plain-relu", "dA * (Z > 0)", "that is the plain ReLU's mask: the leaky ReLU does not zero the gradient "
         "where the unit is off, it scales it by α.", lambda c: c.dA * (c.Z > 0)),
    Slip("no-derivative", "dA", "no factor at all: the activation's derivative is missing (1 where Z > 0, α "
         "elsewhere).", lambda c: c.dA),
    Slip("alpha-everywhere", "alpha * dA", "α multiplies every entry; it belongs only where Z ≤ 0.",
         lambda c: c.alpha * c.dA),
    Slip("alpha-replaces", "np.where(Z > 0, dA, alpha)", "α replaced the gradient where Z ≤ 0; it scales it: "
         "α·δ_A.", lambda c: np.where(c.Z > 0, c.dA, c.alpha)),
    Slip("alpha-times-A", "np.where(Z > 0, dA, alpha * A)", "α·A is the forward value where Z ≤ 0, not the "
         "gradient: the backward pass scales the gradient arriving from above there, α·δ_A.",
         lambda c: np.where(c.Z > 0, c.dA, c.alpha * c.A)),
    Slip("derivative-alone", "np.where(Z > 0, 1, alpha)", "that is the derivative alone: the chain rule "
         "multiplies it by δ_A.", lambda c: c.slope),
    Slip("times-A", "dA * A", "that multiplies by A itself; the derivative of the leaky ReLU is its slope, 1 or "
         "α.", lambda c: c.dA * c.A),
)


@names_slips(LEAKY_RELU)
def check_leaky_relu_backward(fn, *, alpha: float = 0.01) -> Feedback:
    r"""Check ``fn(dA, Z, A)`` for a leaky ReLU :math:`A = \max(Z, \alpha Z)` (``alpha`` in (0, 1)).

    It must return :math:`\delta_Z = \delta_A` where :math:`Z > 0` and :math:`\alpha\,\delta_A` elsewhere.
    (At :math:`Z = 0` both are subgradients; the checker's data has no exact zeros.)
    """
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number in (0, 1), got {alpha!r}")
    Z, dA = _activation_data(8)
    A = np.where(Z > 0, Z, alpha * Z)
    result, feedback = _result(fn, {"dA": dA, "Z": Z, "A": A}, "my_leaky_relu_backward(dA, Z, A)")
    if feedback:
        return feedback
    slope = np.where(Z > 0, 1.0, alpha)
    return compare(result, dA * slope, name="δ_Z", slips=LEAKY_RELU,
                   context=SimpleNamespace(dA=dA, Z=Z, A=A, alpha=alpha, slope=slope),
                   right="δ_Z is right: the slope is 1 where the unit is on and α where it is off, so a unit "
                         "that is off still learns.")


# --------------------------------------------------------------------------------- MSE loss

MSE = table(
    "δ_S of a mean-squared-error loss",
    Slip("sign", "T - S", "the sign is wrong: the derivative of (s − t)² with respect to s is 2(s − t), "
         "prediction minus target, as P − T was.", lambda c: -c.right),
    Slip("softmax", "(softmax(S) - T) / N", "that is the softmax + cross-entropy gradient (P − T)/N; here the "
         "output is S itself, with no softmax.", lambda c: (c.P - c.T) / c.N),
    Slip("by-K", "(S - T) / (N * K)", "divided by K too: the loss sums the squared errors over the K outputs "
         "and averages over the N examples only.", lambda c: c.right / c.K),
    Slip("half-cancels", "2 * (S - T) / N, with the ½", "the ½ in the loss cancels the 2 of the square: "
         "δ_S = (S − T)/N.", lambda c: 2 * c.right if c.half else None),
    Slip("factor-2-missing", "(S - T) / N, without the ½", "the factor 2 is missing: this loss has no ½, so the "
         "2 from the square stays: δ_S = 2(S − T)/N.", lambda c: None if c.half else c.right / 2),
)


@names_slips(MSE)
def check_mse_gradient(fn, *, half: bool = True) -> Feedback:
    r"""Check ``fn(S, T)``: the gradient of a mean-squared-error loss with respect to linear scores ``S``.

    The setup: the output layer has no softmax, the network's output is :math:`S` itself (N, K),
    and with ``half=True`` the loss is :math:`L = \frac{1}{2N}\sum_i\lVert s_i - t_i\rVert^2`, so
    :math:`\delta_S = (S - T)/N`; with ``half=False`` it is :math:`\frac1N\sum_i\lVert s_i - t_i\rVert^2`
    and :math:`\delta_S = 2(S - T)/N`.
    """
    if not isinstance(half, bool):
        raise TypeError(f"half must be a bool, got {type(half).__name__}")
    rng = np.random.default_rng(4)
    S = rng.standard_normal((6, 3))
    T = np.eye(3)[[0, 2, 1, 1, 0, 2]]
    (n, k) = S.shape
    signature = "my_mse_gradient(S, T)" if half else "my_mse_gradient_no_half(S, T)"
    result, feedback = _result(fn, {"S": S, "T": T}, signature)
    if feedback:
        return feedback
    e = np.exp(S - S.max(axis=1, keepdims=True))
    expected = (1 if half else 2) * (S - T) / n
    context = SimpleNamespace(P=e / e.sum(axis=1, keepdims=True), T=T, N=n, K=k, half=half, right=expected)
    ok = ("δ_S = (S − T)/N is right: the ½ cancels the 2 of the square, and the 1/N stays." if half
          else "δ_S = 2(S − T)/N is right: without the ½, the 2 of the square stays.")
    return compare(result, expected, name="δ_S", slips=MSE, context=context, batch_size=n, right=ok)


# ------------------------------------------------------------------------------ minibatches

MINIBATCH = table(
    "δ_S of a minibatch",
    Slip("by-N", "(P_B - T_B) / N", "divided by N = {N}, the whole training set: the minibatch loss is the mean "
         "over its own B = {B} rows, so divide by B (len(y)).", lambda c: c.raw / c.N),
    Slip("by-batches", "(P_B - T_B) / (N / B)", "divided by the number of batches N/B = {batches:g}: the mean is "
         "over the B = {B} rows of this batch.", lambda c: c.raw / (c.N / c.B)),
    Slip("no-1/B", "P_B - T_B", "the 1/B is missing: the minibatch loss is a mean over its B = {B} rows.",
         lambda c: c.raw),
)


def _check_sizes(n_total, batch_size):
    for value, name in ((n_total, "n_total"), (batch_size, "batch_size")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")


@names_slips(MINIBATCH)
def check_minibatch_dscores(fn, *, n_total: int = 75, batch_size: int = 15) -> Feedback:
    r"""Check ``fn(probs, y)`` on a minibatch of ``batch_size`` rows out of ``n_total``: :math:`(P_B - T_B)/B`.

    The minibatch loss is the mean over its :math:`B` rows, :math:`L_B = \frac1B\sum_{i \in B}\ell_i`,
    so the division is by :math:`B`, not by the :math:`N` rows of the whole training set.
    """
    _check_sizes(n_total, batch_size)
    if not 1 < batch_size < n_total:
        raise ValueError(f"batch_size must be between 2 and n_total - 1 = {n_total - 1}, got {batch_size}")
    rng = np.random.default_rng(5)
    S = rng.standard_normal((batch_size, 3))
    e = np.exp(S - S.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    y = rng.integers(0, 3, size=batch_size)
    result, feedback = _result(fn, {"probs": P, "y": y}, "my_minibatch_dscores(probs, y)")
    if feedback:
        return feedback
    raw = P.copy()
    raw[np.arange(batch_size), y] -= 1
    context = SimpleNamespace(raw=raw, N=n_total, B=batch_size, batches=n_total / batch_size)
    return compare(result, raw / batch_size, name="δ_S", slips=MINIBATCH, context=context, batch_size=batch_size,
                   batch_symbol="B",
                   right=f"δ_S = (P_B − T_B)/B is right: the mean is over the B = {batch_size} rows of the batch.")


STEPS = table(
    "steps per epoch",
    Slip("one", "1", "one step per epoch is full-batch gradient descent (R's loop); with minibatches each batch is "
         "a step.", lambda c: 1),
    Slip("fraction", "N / B", "N/B = {fraction:g} is not a whole number of steps: the last batch has only "
         "{remainder} rows and is a step too.", lambda c: c.N / c.B if c.remainder else None),
    Slip("rounded-down", "N // B", "{whole} batches leave {remainder} rows out: the last, smaller batch is a step "
         "too.", lambda c: c.whole if c.remainder else None),
    Slip("per-example", "N", "that is one step per example, B = 1 (stochastic gradient descent); here each batch "
         "of {B} rows is a step.", lambda c: c.N),
    Slip("batch-size", "B", "that is the batch size B; the number of batches is N/B, rounded up.", lambda c: c.B),
)


@names_slips(STEPS)
def check_steps_per_epoch(answer, *, n_total: int, batch_size: int) -> Feedback:
    r"""Check the number of updates in one epoch (one pass over the ``n_total`` rows): :math:`\lceil N/B\rceil`."""
    _check_sizes(n_total, batch_size)
    expected = math.ceil(n_total / batch_size)
    remainder = n_total % batch_size
    context = SimpleNamespace(N=n_total, B=batch_size, fraction=n_total / batch_size, whole=n_total // batch_size,
                              remainder=remainder)
    last = f" (the last one has {remainder} rows)." if remainder else "."
    return compare(answer, expected, name="steps", slips=STEPS, context=context, rtol=0.0, atol=0.0,
                   right=f"{expected} steps per epoch is right: each batch of B = {batch_size} rows is one "
                         f"update, {n_total} rows make {expected} batches{last}")


# ------------------------------------------------------------------------------ third layer

PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
#: Gradients in the order the backward pass produces them (the first wrong one is reported).
GRAD_ORDER = ("dW3", "db3", "dW2", "db2", "dW1", "db1")


class DeepCase(NamedTuple):
    """A 3-layer network (two ReLU hidden layers) and a batch for :func:`check_three_layer_backward`."""

    label: str
    params: dict
    X: np.ndarray
    y: np.ndarray
    reg: float


def three_layer_cases() -> list[DeepCase]:
    """The R program's 75 training rows through a 4 → 10 → 8 → 3 network (He weights, nonzero
    biases), and a random 4 → 3 → 3 → 3 network, where square weights let a missing transpose or
    another layer's mask run without an error."""
    from .. import rcompat

    split = rcompat.blog_split()
    rng = np.random.default_rng(11)

    def layer(n_in, n_out):
        return rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in), 0.1 * rng.standard_normal(n_out)

    def network(sizes):
        params = {}
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
            params[f"W{i}"], params[f"b{i}"] = layer(n_in, n_out)
        return params

    Xs = rng.standard_normal((9, 4))
    return [
        DeepCase("the R program's 75 training rows through a 4 → 10 → 8 → 3 network",
                 network((4, 10, 8, 3)), split.X_train, split.y_train, 1e-3),
        DeepCase("a random 4 → 3 → 3 → 3 network (square W2 and W3)", network((4, 3, 3, 3)), Xs,
                 np.array([0, 1, 2, 2, 1, 0, 0, 2, 1]), 0.05),
    ]


def three_layer_reference(params: dict, X, y, reg: float, **variant) -> dict:
    r"""The six gradients of the 3-layer network, the backward lines applied layer by layer.

    :math:`\delta_S = (P - T)/N`; :math:`dW_3 = A_2^\top\delta_S + \lambda W_3`; :math:`\delta_{Z_2} =
    (\delta_S W_3^\top)\odot[A_2 > 0]`; :math:`dW_2 = A_1^\top\delta_{Z_2} + \lambda W_2`;
    :math:`\delta_{Z_1} = (\delta_{Z_2} W_2^\top)\odot[A_1 > 0]`; :math:`dW_1 = X^\top\delta_{Z_1} + \lambda W_1`;
    each :math:`db` the column sums of its :math:`\delta`. ``variant`` builds a known wrong version
    (used for the slips): ``mask2``/``mask1`` in {"A2", "A1", None}, ``t3``/``t2`` (transpose),
    ``in3`` in {"A2", "A1", "Z2"}, ``in2`` in {"A1", "A2", "Z1"}, ``l2`` (bool).
    """
    v = {"mask2": "A2", "mask1": "A1", "t3": True, "t2": True, "in3": "A2", "in2": "A1", "l2": True} | variant
    W1, b1, W2, b2, W3, b3 = (params[k] for k in PARAM_NAMES)
    n = X.shape[0]
    f = {"X": X}
    f["Z1"] = X @ W1 + b1
    f["A1"] = np.maximum(f["Z1"], 0)
    f["Z2"] = f["A1"] @ W2 + b2
    f["A2"] = np.maximum(f["Z2"], 0)
    S = f["A2"] @ W3 + b3
    e = np.exp(S - S.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    dS = P.copy()
    dS[np.arange(n), y] -= 1
    dS /= n
    lam = reg if v["l2"] else 0.0
    g = {"dW3": f[v["in3"]].T @ dS + lam * W3, "db3": dS.sum(axis=0)}
    dA2 = dS @ (W3.T if v["t3"] else W3)
    dZ2 = dA2 * (f[v["mask2"]] > 0) if v["mask2"] else dA2
    g["dW2"], g["db2"] = f[v["in2"]].T @ dZ2 + lam * W2, dZ2.sum(axis=0)
    dA1 = dZ2 @ (W2.T if v["t2"] else W2)
    dZ1 = dA1 * (f[v["mask1"]] > 0) if v["mask1"] else dA1
    g["dW1"], g["db1"] = X.T @ dZ1 + lam * W1, dZ1.sum(axis=0)
    g["loss"] = (-np.mean(np.log(P[np.arange(n), y]))
                 + 0.5 * reg * sum(np.sum(params[k] ** 2) for k in ("W1", "W2", "W3")))
    return g


def _variant(grads: tuple[str, ...], **change):
    """``wrong(c)`` for a three-layer slip: the gradient ``c.grad`` of the variant ``change`` of the
    reference, when ``c.grad`` is one of ``grads`` and the variant runs with these shapes."""
    def wrong(c):
        if c.grad not in grads:
            return None
        key = tuple(sorted(change.items()))
        if key not in c.variants:
            try:
                c.variants[key] = three_layer_reference(c.params, c.X, c.y, c.reg, **change)
            except ValueError:                    # that slip cannot run with these shapes
                c.variants[key] = None
        variant = c.variants[key]
        return None if variant is None else variant[c.grad]
    return wrong


THREE_LAYER = table(
    "the six gradients of a network with two ReLU hidden layers",
    Slip("dW3-from-A1", "A1.T @ dS + reg * W3", "dW3 uses the wrong activation, A1: the input of the third layer "
         "is A2, so dW3 = A2ᵀ δ_S.", _variant(("dW3",), in3="A1")),
    Slip("dW3-from-Z2", "Z2.T @ dS + reg * W3", "dW3 uses Z2, the pre-activation: the input of the third layer is "
         "A2 = max(Z2, 0).", _variant(("dW3",), in3="Z2")),
    Slip("no-l2", "A.T @ dZ without reg * W", "{grad}: the L2 term reg·{W} is missing (the gradient of "
         "0.5·reg·Σ{W}²).", _variant(("dW3", "dW2", "dW1"), l2=False)),
    Slip("mask2-missing", "dZ2 = dS @ W3.T (no mask)", "dW2: the mask of the second hidden layer is missing: "
         "δ_Z2 = (δ_S W3ᵀ) ⊙ [A2 > 0], equation (2) once more.", _variant(("dW2",), mask2=None)),
    Slip("db2-unmasked", "db2 = (dS @ W3.T).sum(axis=0)", "db2 sums δ_A2, the gradient before the second layer's "
         "mask; dW2 is right, so sum the masked δ_Z2 instead.", _variant(("db2",), mask2=None)),
    Slip("mask2-from-A1", "dZ2 = (dS @ W3.T) * (A1 > 0)", "{grad}: the second hidden layer is masked with A1, the "
         "first layer's activation: each layer's δ is masked by its own activation, [A2 > 0].",
         _variant(("dW2", "db2"), mask2="A1")),
    Slip("no-transpose-W3", "dS @ W3 (square W3)", "{grad}: the transpose is missing going back through W3: "
         "δ_A2 = δ_S W3ᵀ (with square weights δ_S W3 runs, with the wrong values).",
         _variant(("dW2", "db2"), t3=False)),
    Slip("dW2-from-A2", "A2.T @ dZ2 + reg * W2", "dW2 uses the wrong activation, A2: the input of the second "
         "layer is A1, so dW2 = A1ᵀ δ_Z2.", _variant(("dW2",), in2="A2")),
    Slip("dW2-from-Z1", "Z1.T @ dZ2 + reg * W2", "dW2 uses Z1, the pre-activation: the input of the second layer "
         "is A1 = max(Z1, 0).", _variant(("dW2",), in2="Z1")),
    Slip("mask1-missing", "dZ1 = dZ2 @ W2.T (no mask)", "dW1: the mask of the first hidden layer is missing: "
         "δ_Z1 = (δ_Z2 W2ᵀ) ⊙ [A1 > 0].", _variant(("dW1",), mask1=None)),
    Slip("db1-unmasked", "db1 = (dZ2 @ W2.T).sum(axis=0)", "db1 sums δ_A1, the gradient before the first layer's "
         "mask; dW1 is right, so sum the masked δ_Z1 instead.", _variant(("db1",), mask1=None)),
    Slip("back-from-unmasked", "dZ1 = (dA2 @ W2.T) * (A1 > 0), from δ_A2", "{grad}: going back through W2 starts "
         "from δ_A2, the gradient before the second layer's mask: δ_A1 = δ_Z2 W2ᵀ, with the masked δ_Z2 (dW2 is "
         "right, so you have it).", _variant(("dW1", "db1"), mask2=None)),
    Slip("mask1-from-A2", "dZ1 = (dZ2 @ W2.T) * (A2 > 0)", "{grad}: the first hidden layer is masked with A2, the "
         "second layer's activation: use [A1 > 0].", _variant(("dW1", "db1"), mask1="A2")),
    Slip("no-transpose-W2", "dZ2 @ W2 (square W2)", "{grad}: the transpose is missing going back through W2: "
         "δ_A1 = δ_Z2 W2ᵀ (with square weights δ_Z2 W2 runs, with the wrong values).",
         _variant(("dW1", "db1"), t2=False)),
)


@names_slips(THREE_LAYER)
def check_three_layer_backward(fn, cases=None) -> Feedback:
    """Check ``fn(params, X, y, reg)`` for a network with two ReLU hidden layers.

    ``params`` is a dict with ``W1, b1, W2, b2, W3, b3``; ``fn`` returns a dict with
    ``dW1, db1, dW2, db2, dW3, db3``. The loss is the mean cross-entropy plus
    ``0.5 * reg * (ΣW1² + ΣW2² + ΣW3²)``. The first wrong gradient, in the order the backward
    pass computes them (``dW3`` first), is reported with the slip that explains it, and which
    gradients before it are right.
    """
    cases = three_layer_cases() if cases is None else cases
    for case in cases:
        result, feedback = _result(fn, {"params": case.params, "X": case.X, "y": case.y, "reg": case.reg},
                                   "my_backward3(params, X, y, reg)")
        if feedback is None and not isinstance(result, dict):
            feedback = Feedback(False, f"Your function must return a dict with the keys {', '.join(GRAD_ORDER)}, "
                                       f"got {describe_value(result)}.")
        if feedback is None:
            missing = [k for k in GRAD_ORDER if k not in result]
            if missing:
                feedback = Feedback(False, f"The returned dict has no entry {missing[0]!r}; it needs "
                                           f"{', '.join(GRAD_ORDER)}.")
        if feedback is not None:
            return Feedback(False, located(case.label, feedback.message))
        expected = three_layer_reference(case.params, case.X, case.y, case.reg)
        context = SimpleNamespace(params=case.params, X=case.X, y=case.y, reg=case.reg, variants={})
        for index, key in enumerate(GRAD_ORDER):
            context.grad, context.W = key, key[1:].replace("b", "W")
            feedback = compare(result[key], expected[key], name=key, slips=THREE_LAYER, context=context,
                               batch_size=case.X.shape[0])
            if not feedback.correct:
                right = f" {', '.join(GRAD_ORDER[:index])} {'are' if index > 1 else 'is'} right." if index else ""
                return Feedback(False, located(case.label, feedback.message + right))
    return Feedback(True, "All six gradients are right: the same lines once more for each hidden layer, "
                          "each δ_A = δ_Z Wᵀ (the transpose included), each δ_Z masked by its own layer's activation. "
                          "Checked on: "
                          + "; ".join(c.label for c in cases) + ".")
