"""Shared helpers of the exercise-checker tests: the list of checkers and a valid call of each.

``discover_checkers()`` lists every public ``check_*`` function of every module of
``backprop.exercises`` (introspection: a checker added later is found by itself). ``CASES``
holds, per checker, a valid call and a right answer computed here in plain numpy, independently
of the helper. A checker without an entry fails ``test_every_checker_has_a_case`` loudly: add one.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import backprop as bp
import backprop.exercises


def notebook_function(source: str, name: str, number: int = 1):
    """The function ``name`` defined by ``source`` as a notebook cell defines it.

    The cell goes through ipykernel's own compiler, which registers its source in ``linecache``
    under the name a notebook kernel gives it (``/tmp/ipykernel_<pid>/<hash>.py``, a file that does
    not exist): a checker reads the learner's lines exactly as it does in a notebook.
    """
    from ipykernel.compiler import XCachingCompiler

    compiler = XCachingCompiler()
    filename = compiler.cache(source, number)
    namespace = {"np": np}
    exec(compiler(source, filename, "exec"), namespace)
    return namespace[name]


def discover_checkers() -> list[str]:
    """``"module.check_name"`` for every public checker of ``backprop.exercises``."""
    found = []
    for info in pkgutil.iter_modules(backprop.exercises.__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"backprop.exercises.{info.name}")
        found += [f"{info.name}.{name}" for name, fn in inspect.getmembers(module, inspect.isfunction)
                  if name.startswith("check_") and fn.__module__ == module.__name__]
    return sorted(found)


def checker(qualified: str) -> Callable:
    module, name = qualified.split(".")
    return getattr(importlib.import_module(f"backprop.exercises.{module}"), name)


def assert_says(feedback, fragment: str, *, correct: bool = False):
    """``feedback`` is a Feedback with the verdict ``correct`` whose message contains ``fragment``."""
    assert isinstance(feedback, bp.exercises.Feedback), f"not a Feedback: {feedback!r}"
    assert feedback.correct is correct and fragment in feedback.message, feedback.message


#: The expected verdict of a row of a checker's table that is right.
RIGHT = "right"


def slip_named(checker, name: str):
    """The slip ``name`` of ``checker``'s tables, or the engine's rule ``"generic:<rule>"``."""
    if name.startswith("generic:"):
        return bp.exercises.GENERIC[name.split(":", 1)[1]]
    found = [table[name] for table in bp.exercises.slips_of(checker) if name in {s.name for s in table}]
    assert found, f"{checker.__name__} has no slip {name!r}"
    return found[0]


def assert_verdict(feedback, checker, expected: str):
    """``feedback`` is right (``expected == RIGHT``) or names the slip ``expected`` of ``checker``'s
    tables (its message, the fields filled in, is the slip's message)."""
    assert isinstance(feedback, bp.exercises.Feedback), f"not a Feedback: {feedback!r}"
    if expected == RIGHT:
        assert feedback.correct, feedback.message
        return
    assert not feedback.correct, feedback.message
    assert slip_named(checker, expected).pattern().search(feedback.message), \
        f"expected the slip {expected!r}:\n{feedback.message}"


# ---------------------------------------------------------------------------- plain-numpy pieces


def one_hot(y, k):
    return (np.asarray(y)[:, None] == np.arange(k)).astype(float)


def softmax_rows(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def small_net(seed=0, N=6, D=4, H=5, K=3):
    """A random network and batch with O(1) entries; hidden units both on and off."""
    rng = np.random.default_rng(seed)
    params = bp.Params(rng.standard_normal((D, H)), rng.standard_normal(H),
                       rng.standard_normal((H, K)), rng.standard_normal(K))
    X = rng.standard_normal((N, D))
    y = np.arange(N) % K
    return params, X, y


def plain_pass(params, X, y, reg):
    """One forward and backward pass in plain numpy (the R program's lines)."""
    W1, b1, W2, b2 = params
    Z = X @ W1 + b1
    A = np.maximum(Z, 0)
    P = softmax_rows(A @ W2 + b2)
    dS = (P - one_hot(y, W2.shape[1])) / len(y)
    dA = dS @ W2.T
    dZ = np.where(A <= 0, 0.0, dA)
    grads = bp.Params(X.T @ dZ + reg * W1, dZ.sum(axis=0), A.T @ dS + reg * W2, dS.sum(axis=0))
    return {"Z": Z, "A": A, "P": P, "dS": dS, "dA": dA, "dZ": dZ, "grads": grads}


def plain_loss(params, X, y, reg):
    W1, b1, W2, b2 = params
    P = softmax_rows(np.maximum(X @ W1 + b1, 0) @ W2 + b2)
    return -np.log(P[np.arange(len(y)), y]).mean() + 0.5 * reg * ((W1 ** 2).sum() + (W2 ** 2).sum())


# ---------------------------------------------------------------------------- the cases


@dataclass
class Case:
    """A valid call of one checker.

    ``call(answer)`` calls the checker with ``answer`` and valid other arguments (fresh each time);
    ``right`` is a right answer; ``kind`` is ``"array"`` (the answer is an array or a number),
    ``"function"`` (the learner's function) or ``"mapping"``; ``alias()`` returns
    ``(input, call)``: one of the checker's input arrays with the answer's shape and a call that
    uses that very array, or None when the checker has no such input.
    """

    call: Callable[[Any], Any]
    right: Any
    kind: str = "array"
    alias: Callable[[], tuple[np.ndarray, Callable[[Any], Any]]] | None = None


def _ex(module):
    return importlib.import_module(f"backprop.exercises.{module}")


def _ch01_shapes():
    params, X, y = small_net(1)
    N, D, H, K = 6, 4, 5, 3
    right = {"hidden": (N, H), "scores": (N, K), "dscores": (N, K), "dhidden": (N, H),
             "dW1": (D, H), "db1": (H,), "dW2": (H, K), "db2": (K,)}
    return Case(lambda a: _ex("ch01_overview").check_shapes(a, params, X, y), right, kind="mapping")


def _ch01_hidden_column():
    params, X, _ = small_net(2)
    return Case(lambda a: _ex("ch01_overview").check_hidden_column(a, params, X),
                np.maximum(params.W1.T @ X.T + params.b1[:, None], 0))


def _ch02_init_W1():
    draws = np.random.default_rng(3).standard_normal(12)
    right = 0.01 * np.array([[draws[r + 4 * c] for c in range(3)] for r in range(4)])
    return Case(lambda a: _ex("ch02_from_r").check_init_W1(a, draws), right)


def _ch02_rows(kind):
    samp = np.array([5, 2, 9, 1])
    if kind == "train":
        # no alias: samp itself as the answer is the slip "R's row numbers", named as such
        return Case(lambda a: _ex("ch02_from_r").check_train_rows(a, samp), samp - 1)
    right = np.array([r for r in range(10) if r + 1 not in samp])
    return Case(lambda a: _ex("ch02_from_r").check_test_rows(a, samp, n_rows=10), right)


def _ch03_hidden():
    params, X, _ = small_net(4)
    return Case(lambda a: _ex("ch03_forward_pass").check_hidden(a, params, X),
                np.maximum(X @ params.W1 + params.b1, 0))


def _ch03_softmax():
    scores = np.random.default_rng(5).standard_normal((6, 3)) + 1000
    def alias():
        s = scores.copy()
        return s, lambda a: _ex("ch03_forward_pass").check_softmax(a, s)
    return Case(lambda a: _ex("ch03_forward_pass").check_softmax(a, scores), softmax_rows(scores), alias=alias)


def _probs_case(module, name, right_of):
    probs = softmax_rows(np.random.default_rng(6).standard_normal((6, 3)))
    y = np.arange(6) % 3
    fn = getattr(_ex(module), name)
    def alias():
        p = probs.copy()
        return p, lambda a: fn(a, p, y)
    right = right_of(probs, y)
    return Case(lambda a: fn(a, probs, y), right, alias=alias if right.shape == probs.shape else None)


def _ch04_jacobian():
    p = np.array([0.2, 0.3, 0.5])
    right = np.array([[p[k] * ((k == j) - p[j]) for j in range(3)] for k in range(3)])
    return Case(lambda a: _ex("ch04_softmax_gradient").check_softmax_jacobian(a, p), right)


def _ch05_dW1():
    rng = np.random.default_rng(7)
    S, W1 = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    def alias():
        s = S.copy()
        return s, lambda a: _ex("ch05_batch_mean").check_dW1_from_sum(a, s, W1, batch_size=6, reg=0.1)
    return Case(lambda a: _ex("ch05_batch_mean").check_dW1_from_sum(a, S, W1, batch_size=6, reg=0.1),
                S / 6 + 0.1 * W1, alias=alias)


def _ch06(name):
    params, X, y = small_net(9)
    ref = plain_pass(params, X, y, 0.1)
    A, dS, W2 = ref["A"], ref["dS"], params.W2
    ex = _ex("ch06_output_layer")
    if name == "dW2":
        def alias():
            w = W2.copy()
            return w, lambda a: ex.check_dW2(a, A, dS, w, reg=0.1)
        return Case(lambda a: ex.check_dW2(a, A, dS, W2, reg=0.1), ref["grads"].W2, alias=alias)
    if name == "db2":
        return Case(lambda a: ex.check_db2(a, dS), dS.sum(axis=0))
    unit = int(np.flatnonzero(A.any(axis=0))[0])
    return Case(lambda a: ex.check_dW2_row(a, A, dS, unit), (A[:, unit:unit + 1] * dS).sum(axis=0))


def _ch07(name):
    params, X, y = small_net(10)
    ref = plain_pass(params, X, y, 0.0)
    ex = _ex("ch07_relu_backward")
    if name == "dhidden":
        return Case(lambda f: ex.check_dhidden(f, ref["dS"], params.W2), lambda d, W: d @ W.T, kind="function")
    if name == "relu_backward":
        return Case(lambda f: ex.check_relu_backward(f, ref["dA"], ref["A"]),
                    lambda d, h: np.where(h > 0, d, 0.0), kind="function")
    return Case(lambda a: ex.check_kink(a), np.array([0.0, 0.5, 1.0]))


def _ch08(name):
    params, X, y = small_net(11)
    ref = plain_pass(params, X, y, 0.1)
    ex = _ex("ch08_first_layer")
    if name == "dW1":
        return Case(lambda a: ex.check_dW1(a, params, X, y, reg=0.1), ref["grads"].W1,
                    alias=_params_alias(params, "W1", lambda p: lambda a: ex.check_dW1(a, p, X, y, reg=0.1)))
    if name == "db1":
        return Case(lambda a: ex.check_db1(a, params, X, y, reg=0.1), ref["grads"].b1)
    return Case(lambda a: ex.check_l2_penalty(a, params, reg=0.1),
                0.05 * ((params.W1 ** 2).sum() + (params.W2 ** 2).sum()))


def _params_alias(params, field, make_call):
    """An alias factory: a copy of ``params``, its ``field`` array, and a call that uses the copy."""
    def alias():
        p = bp.Params(*(v.copy() for v in params))
        return getattr(p, field), make_call(p)
    return alias


def _ch09(name):
    ex = _ex("ch09_training")
    if name == "step":
        params, X, y = small_net(12)
        right = params.W2 - 0.1 * plain_pass(params, X, y, 0.05)["grads"].W2
        return Case(lambda a: ex.check_step(a, params, X, y, lr=0.1, reg=0.05, param="W2"), right,
                    alias=_params_alias(params, "W2", lambda p: lambda a: ex.check_step(a, p, X, y, lr=0.1, reg=0.05)))
    if name == "n_iter":
        losses = np.array([1.0, 0.8, 0.6, 0.45, 0.3, 0.2])
        return Case(lambda a: ex.check_n_iter(a, losses, abstol=0.5, maxit=6), 4)
    y_true, y_pred = np.array([0, 1, 2, 2, 1, 0, 1]), np.array([0, 2, 2, 1, 1, 0, 1])
    right = np.array([[np.sum((y_true == i) & (y_pred == j)) for j in range(3)] for i in range(3)])
    return Case(lambda a: ex.check_confusion(a, y_true, y_pred, n_classes=3), right)


def _ch10(name):
    ex = _ex("ch10_gradient_checking")
    if name == "relative_error":
        rng = np.random.default_rng(13)
        a, b = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
        return Case(lambda x: ex.check_relative_error(x, a, b),
                    np.sqrt(((a - b) ** 2).sum()) / (np.sqrt((a ** 2).sum()) + np.sqrt((b ** 2).sum())))
    params, X, y = small_net(14)
    h = 1e-5
    plus, minus = params.b2.copy(), params.b2.copy()
    plus[1] += h
    minus[1] -= h
    right = (plain_loss(params._replace(b2=plus), X, y, 0.1)
             - plain_loss(params._replace(b2=minus), X, y, 0.1)) / (2 * h)
    return Case(lambda x: ex.check_central_difference(x, params, X, y, reg=0.1, param="b2", index=(1,), h=h), right)


def _ch11(name):
    ex = _ex("ch11_beyond")
    if name == "alpha":
        return Case(lambda a: ex.check_alpha(a, reg=1e-3, n_samples=120), 0.12)
    rng = np.random.default_rng(15)
    delta_next, W_next = rng.standard_normal((6, 3)), rng.standard_normal((4, 3))
    h = np.maximum(rng.standard_normal((6, 4)), 0)
    if name == "delta":
        def alias():
            hh = h.copy()
            return hh, lambda a: ex.check_delta(a, delta_next, W_next, hh)
        return Case(lambda a: ex.check_delta(a, delta_next, W_next, h), (delta_next @ W_next.T) * (h > 0),
                    alias=alias)
    W = rng.standard_normal((4, 3))
    def alias():
        w = W.copy()
        return w, lambda a: ex.check_layer_weight_gradient(a, h, delta_next, w, reg=0.1)
    return Case(lambda a: ex.check_layer_weight_gradient(a, h, delta_next, W, reg=0.1),
                h.T @ delta_next + 0.1 * W, alias=alias)


class ArrayDict(dict):
    """A dict of arrays (what a learner's whole backward pass returns) on which ``* x`` and
    ``.tolist()`` act entry by entry, so that the function categories "returns nan" and "returns a
    list" apply to it as they do to a function that returns one array."""

    def __mul__(self, other):
        return ArrayDict({k: np.asarray(v) * other for k, v in self.items()})

    def tolist(self):
        return {k: np.asarray(v).tolist() for k, v in self.items()}


def _capstone_backward(params, X, y, reg):
    """Chapter 12's function, right: every intermediate of the R program's backward pass."""
    W1, b1, W2, b2 = params
    N = len(y)
    z = X @ W1 + b1
    hidden = np.maximum(z, 0)
    probs = softmax_rows(hidden @ W2 + b2)
    loss = -np.log(probs[np.arange(N), y]).mean() + 0.5 * reg * ((W1 ** 2).sum() + (W2 ** 2).sum())
    dsm1 = probs - one_hot(y, W2.shape[1])
    ds = dsm1 / N
    dh = ds @ W2.T
    dz = dh * (hidden > 0)
    out = {"probs": probs, "loss": loss, "dscores_minus_1": dsm1, "dscores": ds, "dW2_data": hidden.T @ ds,
           "db2": ds.sum(axis=0), "dhidden": dh, "dz": dz, "dW1_data": X.T @ dz, "db1": dz.sum(axis=0)}
    out["dW2"], out["dW1"] = out["dW2_data"] + reg * W2, out["dW1_data"] + reg * W1
    return ArrayDict(out)


def _three_layer_backward(params, X, y, reg):
    """The derivation exercise's function, right: the six gradients of a net with two ReLU layers."""
    W = [params[f"W{i}"] for i in (1, 2, 3)]
    b = [params[f"b{i}"] for i in (1, 2, 3)]
    A1 = np.maximum(X @ W[0] + b[0], 0)
    A2 = np.maximum(A1 @ W[1] + b[1], 0)
    dS = (softmax_rows(A2 @ W[2] + b[2]) - one_hot(y, W[2].shape[1])) / len(y)
    dZ2 = (dS @ W[2].T) * (A2 > 0)
    dZ1 = (dZ2 @ W[1].T) * (A1 > 0)
    return ArrayDict({"dW3": A2.T @ dS + reg * W[2], "db3": dS.sum(axis=0),
                      "dW2": A1.T @ dZ2 + reg * W[1], "db2": dZ2.sum(axis=0),
                      "dW1": X.T @ dZ1 + reg * W[0], "db1": dZ1.sum(axis=0)})


def _derivations(name):
    ex = _ex("derivations")
    function = {
        "tanh": (ex.check_tanh_backward, lambda dA, Z, A: dA * (1 - A ** 2)),
        "leaky": (lambda f: ex.check_leaky_relu_backward(f, alpha=0.1),
                  lambda dA, Z, A: dA * np.where(Z > 0, 1.0, 0.1)),
        "mse": (ex.check_mse_gradient, lambda S, T: (S - T) / len(S)),
        "minibatch": (lambda f: ex.check_minibatch_dscores(f, n_total=75, batch_size=15),
                      lambda P, y: (P - one_hot(y, P.shape[1])) / len(y)),
        "three_layer": (ex.check_three_layer_backward, _three_layer_backward),
    }
    if name in function:
        check, right = function[name]
        return Case(lambda f: check(f), right, kind="function")
    return Case(lambda a: ex.check_steps_per_epoch(a, n_total=75, batch_size=20), -(-75 // 20))


def _ch13(name):
    ex = _ex("ch13_autograd")
    if name == "mean":
        return Case(lambda f: ex.check_mean_vjp(f), lambda g, n: np.full(n, g / n), kind="function")
    if name == "sigmoid":
        return Case(lambda f: ex.check_sigmoid_vjp(f), lambda g, out: g * out * (1 - out), kind="function")
    D, H, K = 4, 5, 3
    return Case(lambda a: ex.check_finite_difference_count(a, n_features=D, n_hidden=H, n_classes=K),
                2 * (D * H + H + H * K + K))


def _linear_backward(X, y, W, b, reg):
    """Chapter 14's function, right: the linear classifier's dW and db (an ArrayDict, so that the
    function categories "returns nan" and "returns a list" apply)."""
    dS = (softmax_rows(X @ W + b) - one_hot(y, W.shape[1])) / len(y)
    return ArrayDict({"dW": X.T @ dS + reg * W, "db": dS.sum(axis=0)})


def _ch14(name):
    ex = _ex("ch14_spiral")
    if name == "linear_backward":
        return Case(lambda f: ex.check_linear_backward(f), _linear_backward, kind="function")
    params, _, _ = small_net(16, D=2, H=6, K=3)
    x = np.array([0.3, -0.2])
    mask = (x @ params.W1 + params.b1 > 0).astype(float)
    return Case(lambda a: ex.check_local_weights(a, params, x), (params.W1 * mask) @ params.W2)


CASES: dict[str, Callable[[], Case]] = {
    "ch01_overview.check_shapes": _ch01_shapes,
    "ch01_overview.check_hidden_column": _ch01_hidden_column,
    "ch02_from_r.check_init_W1": _ch02_init_W1,
    "ch02_from_r.check_train_rows": lambda: _ch02_rows("train"),
    "ch02_from_r.check_test_rows": lambda: _ch02_rows("test"),
    "ch03_forward_pass.check_hidden": _ch03_hidden,
    "ch03_forward_pass.check_softmax": _ch03_softmax,
    "ch03_forward_pass.check_correct_logprobs": lambda: _probs_case(
        "ch03_forward_pass", "check_correct_logprobs", lambda p, y: -np.log(p[np.arange(len(y)), y])),
    "ch04_softmax_gradient.check_dscores": lambda: _probs_case(
        "ch04_softmax_gradient", "check_dscores", lambda p, y: p - one_hot(y, 3)),
    "ch04_softmax_gradient.check_softmax_jacobian": _ch04_jacobian,
    "ch04_softmax_gradient.check_probs_gradient": lambda: _probs_case(
        "ch04_softmax_gradient", "check_probs_gradient", lambda p, y: -one_hot(y, 3) / p),
    "ch05_batch_mean.check_dscores": lambda: _probs_case(
        "ch05_batch_mean", "check_dscores", lambda p, y: (p - one_hot(y, 3)) / len(y)),
    "ch05_batch_mean.check_dW1_from_sum": _ch05_dW1,
    "ch06_output_layer.check_dW2": lambda: _ch06("dW2"),
    "ch06_output_layer.check_db2": lambda: _ch06("db2"),
    "ch06_output_layer.check_dW2_row": lambda: _ch06("dW2_row"),
    "ch07_relu_backward.check_dhidden": lambda: _ch07("dhidden"),
    "ch07_relu_backward.check_relu_backward": lambda: _ch07("relu_backward"),
    "ch07_relu_backward.check_kink": lambda: _ch07("kink"),
    "ch08_first_layer.check_dW1": lambda: _ch08("dW1"),
    "ch08_first_layer.check_db1": lambda: _ch08("db1"),
    "ch08_first_layer.check_l2_penalty": lambda: _ch08("l2"),
    "ch09_training.check_step": lambda: _ch09("step"),
    "ch09_training.check_n_iter": lambda: _ch09("n_iter"),
    "ch09_training.check_confusion": lambda: _ch09("confusion"),
    "ch10_gradient_checking.check_relative_error": lambda: _ch10("relative_error"),
    "ch10_gradient_checking.check_central_difference": lambda: _ch10("central"),
    "ch11_beyond.check_alpha": lambda: _ch11("alpha"),
    "ch11_beyond.check_delta": lambda: _ch11("delta"),
    "ch11_beyond.check_layer_weight_gradient": lambda: _ch11("layer_weight"),
    "ch13_autograd.check_mean_vjp": lambda: _ch13("mean"),
    "ch13_autograd.check_sigmoid_vjp": lambda: _ch13("sigmoid"),
    "ch13_autograd.check_finite_difference_count": lambda: _ch13("count"),
    "ch14_spiral.check_linear_backward": lambda: _ch14("linear_backward"),
    "ch14_spiral.check_local_weights": lambda: _ch14("local_weights"),
    "derivations.check_tanh_backward": lambda: _derivations("tanh"),
    "derivations.check_leaky_relu_backward": lambda: _derivations("leaky"),
    "derivations.check_mse_gradient": lambda: _derivations("mse"),
    "derivations.check_minibatch_dscores": lambda: _derivations("minibatch"),
    "derivations.check_steps_per_epoch": lambda: _derivations("steps"),
    "derivations.check_three_layer_backward": lambda: _derivations("three_layer"),
    "capstone.check_backward": lambda: Case(lambda f: _ex("capstone").check_backward(f), _capstone_backward,
                                            kind="function"),
}
