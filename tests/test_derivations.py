"""Derivation checkers: each hand-derived formula agrees with finite differences, right answers
pass, each typical wrong derivation gets its own message, and nothing a learner passes crashes them."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import derivations as dv

from _helpers import central_difference

ALPHA = 0.01


def leaky(Z, alpha=ALPHA):
    return np.where(Z > 0, Z, alpha * Z)


# ------------------------------------------------------------------ the formulas, by finite differences

@pytest.mark.parametrize("activation, derivative", [
    (np.tanh, lambda dA, Z, A: dA * (1 - A**2)),
    (leaky, lambda dA, Z, A: dA * np.where(Z > 0, 1.0, ALPHA)),
], ids=["tanh", "leaky-relu"])
def test_activation_formulas_match_finite_differences(activation, derivative):
    Z, dA = dv._activation_data()
    numeric = central_difference(lambda z: float(np.sum(dA * activation(z))), Z)
    assert np.allclose(derivative(dA, Z, activation(Z)), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("half", [True, False])
def test_mse_formula_matches_finite_differences(half):
    rng = np.random.default_rng(0)
    S, T = rng.standard_normal((5, 3)), np.eye(3)[[0, 1, 2, 2, 0]]
    n = len(S)
    loss = (lambda s: np.sum((s - T) ** 2) / (2 * n)) if half else (lambda s: np.sum((s - T) ** 2) / n)
    expected = (1 if half else 2) * (S - T) / n
    assert np.allclose(expected, central_difference(loss, S), rtol=1e-6, atol=1e-10)
    assert dv.check_mse_gradient(lambda s, t: (1 if half else 2) * (s - t) / len(s), half=half).correct


def test_minibatch_formula_is_the_gradient_of_the_batch_mean():
    rng = np.random.default_rng(1)
    S, y = rng.standard_normal((15, 3)), rng.integers(0, 3, 15)
    numeric = central_difference(lambda s: bp.cross_entropy(bp.softmax(s), y), S)
    P = bp.softmax(S)
    right = (P - bp.one_hot(y, 3)) / len(y)
    assert np.allclose(right, numeric, rtol=1e-6, atol=1e-10)
    assert dv.check_minibatch_dscores(lambda p, yy: (p - np.eye(3)[yy]) / len(yy)).correct


def _deep_loss(params, X, y, reg):
    """The 3-layer loss, written here independently of the checker."""
    h = X
    for i in (1, 2):
        h = np.maximum(h @ params[f"W{i}"] + params[f"b{i}"], 0)
    S = h @ params["W3"] + params["b3"]
    logp = S - S.max(axis=1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + 0.5 * reg * sum(np.sum(params[f"W{i}"] ** 2) for i in (1, 2, 3))


@pytest.fixture(scope="module")
def deep_cases():
    return dv.three_layer_cases()


def test_three_layer_reference_matches_finite_differences(deep_cases):
    for case in deep_cases:
        g = dv.three_layer_reference(case.params, case.X, case.y, case.reg)
        assert np.isclose(g["loss"], _deep_loss(case.params, case.X, case.y, case.reg), rtol=1e-13)
        for name in dv.PARAM_NAMES:
            def f(value, name=name, case=case):
                return _deep_loss({**case.params, name: value}, case.X, case.y, case.reg)
            assert np.allclose(g["d" + name], central_difference(f, case.params[name]), rtol=1e-5, atol=1e-8), name


def test_three_layer_reference_with_one_hidden_layer_matches_the_helper():
    """With W1 = I (4 → 4, no negative inputs) and b1 = 0 the first layer is the identity on iris:
    the last two layers are the course's 2-layer network, whose gradients the helper gives."""
    run = bp.rcompat.blog_run(train=False)
    X, y, p = run.split.X_train, run.split.y_train, run.initial_params
    params = {"W1": np.eye(4), "b1": np.zeros(4), "W2": p.W1, "b2": p.b1 + 0.01, "W3": p.W2, "b3": p.b2}
    g = dv.three_layer_reference(params, X, y, 0.0)
    grads = bp.loss_and_gradients(bp.Params(p.W1, p.b1 + 0.01, p.W2, p.b2), X, y, reg=0.0)[1]
    assert np.allclose(g["dW2"], grads.W1, rtol=1e-12, atol=1e-18)
    assert np.allclose(g["dW3"], grads.W2, rtol=1e-12, atol=1e-18)


# ------------------------------------------------------------------ right answers and slips

def test_tanh():
    assert dv.check_tanh_backward(lambda dA, Z, A: dA * (1 - A**2)).correct
    assert dv.check_tanh_backward(lambda dA, Z, A: dA / np.cosh(Z) ** 2).correct        # sech² = 1 − tanh²
    cases = {
        "wrong variable": lambda dA, Z, A: dA * (1 - Z**2),
        "derivative is missing": lambda dA, Z, A: dA,
        "multiplies it by the gradient": lambda dA, Z, A: 1 - A**2,
        "not squared": lambda dA, Z, A: dA * (1 - A),
        "sign inside": lambda dA, Z, A: dA * (1 + A * A),
        "ReLU's mask": lambda dA, Z, A: dA * (A > 0),
        "applied twice": lambda dA, Z, A: dA * (1 - np.tanh(A) ** 2),
        "sigmoid": lambda dA, Z, A: dA * A * (1 - A),
    }
    for words, fn in cases.items():
        fb = dv.check_tanh_backward(fn)
        assert not fb.correct and words in fb.message, (words, fb.message)


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_leaky_relu(alpha):
    assert dv.check_leaky_relu_backward(lambda dA, Z, A: dA * np.where(Z > 0, 1, alpha), alpha=alpha).correct
    assert dv.check_leaky_relu_backward(lambda dA, Z, A: np.where(A > 0, dA, alpha * dA), alpha=alpha).correct
    cases = {
        "wrong side": lambda dA, Z, A: dA * np.where(Z > 0, alpha, 1),
        "plain ReLU": lambda dA, Z, A: dA * (Z > 0),
        "derivative is missing": lambda dA, Z, A: dA,
        "every entry": lambda dA, Z, A: alpha * dA,
        "replaced the gradient": lambda dA, Z, A: np.where(Z > 0, dA, alpha),
        "derivative alone": lambda dA, Z, A: np.where(Z > 0, 1.0, alpha),
        "A itself": lambda dA, Z, A: dA * A,
    }
    for words, fn in cases.items():
        fb = dv.check_leaky_relu_backward(fn, alpha=alpha)
        assert not fb.correct and words in fb.message, (words, fb.message)


@pytest.mark.parametrize("half", [True, False])
def test_mse_slips(half):
    c = 1 if half else 2
    cases = {
        "1/N": lambda S, T: c * (S - T),
        "sign is wrong": lambda S, T: c * (T - S) / len(S),
        "softmax": lambda S, T: (np.exp(S) / np.exp(S).sum(axis=1, keepdims=True) - T) / len(S),
        "divided by K": lambda S, T: c * (S - T) / S.size,
        ("cancels the 2" if half else "factor 2 is missing"): lambda S, T: (3 - c) * (S - T) / len(S),
    }
    for words, fn in cases.items():
        fb = dv.check_mse_gradient(fn, half=half)
        assert not fb.correct and words in fb.message, (words, fb.message)


def test_minibatch_slips():
    def make(divisor):
        def fn(P, y):
            d = P.copy()
            d[np.arange(len(y)), y] -= 1
            return d / divisor
        return fn

    assert dv.check_minibatch_dscores(make(15), n_total=75, batch_size=15).correct
    for divisor, words in ((75, "divided by N = 75"), (5, "number of batches N/B = 5"), (1, "1/B is missing")):
        fb = dv.check_minibatch_dscores(make(divisor), n_total=75, batch_size=15)
        assert not fb.correct and words in fb.message, (divisor, fb.message)


def test_steps_per_epoch():
    assert dv.check_steps_per_epoch(8, n_total=75, batch_size=10).correct
    assert dv.check_steps_per_epoch(np.int64(5), n_total=75, batch_size=15).correct
    cases = {1: "full-batch", 7.5: "not a whole number", 7: "leave 5 rows out", 75: "one step per example",
             10: "batch size B", 3: "is not the number"}
    for value, words in cases.items():
        fb = dv.check_steps_per_epoch(value, n_total=75, batch_size=10)
        assert not fb.correct and words in fb.message, (value, fb.message)


def _backward3(params, X, y, reg, *, mask2=True, mask1=True, t3=True, t2=True, in3="A2", in2="A1", l2=True):
    """A learner's 3-layer backward pass with switches for the slips (independent of the checker)."""
    W1, b1, W2, b2, W3, b3 = (params[k] for k in dv.PARAM_NAMES)
    N = len(y)
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    A2 = np.maximum(Z2, 0)
    S = A2 @ W3 + b3
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dS = P.copy()
    dS[np.arange(N), y] -= 1
    dS /= N
    lam = reg if l2 else 0
    inputs = {"A1": A1, "A2": A2, "Z1": Z1, "Z2": Z2}
    dW3 = inputs[in3].T @ dS + lam * W3
    dZ2 = (dS @ (W3.T if t3 else W3)) * ((A2 > 0) if mask2 is True else (A1 > 0) if mask2 == "A1" else 1)
    dW2 = inputs[in2].T @ dZ2 + lam * W2
    dZ1 = (dZ2 @ (W2.T if t2 else W2)) * ((A1 > 0) if mask1 is True else (A2 > 0) if mask1 == "A2" else 1)
    dW1 = X.T @ dZ1 + lam * W1
    return {"dW1": dW1, "db1": dZ1.sum(axis=0), "dW2": dW2, "db2": dZ2.sum(axis=0), "dW3": dW3, "db3": dS.sum(axis=0)}


DEEP_SLIPS = {
    "mask2 missing": ({"mask2": False}, "dW2", "mask of the second hidden layer is missing"),
    "mask1 missing": ({"mask1": False}, "dW1", "mask of the first hidden layer is missing"),
    "mask2 from A1": ({"mask2": "A1"}, "dW2", "masked with A1"),
    "mask1 from A2": ({"mask1": "A2"}, "dW1", "masked with A2"),
    "no transpose W3": ({"t3": False}, "dW2", "transpose is missing going back through W3"),
    "no transpose W2": ({"t2": False}, "dW1", "transpose is missing going back through W2"),
    "dW3 from A1": ({"in3": "A1"}, "dW3", "wrong activation, A1"),
    "dW3 from Z2": ({"in3": "Z2"}, "dW3", "uses Z2"),
    "dW2 from A2": ({"in2": "A2"}, "dW2", "wrong activation, A2"),
    "dW2 from Z1": ({"in2": "Z1"}, "dW2", "uses Z1"),
    "no L2": ({"l2": False}, "dW3", "L2 term"),
}


def test_three_layer_right_answer_passes(deep_cases):
    fb = dv.check_three_layer_backward(_backward3, deep_cases)
    assert fb.correct, fb.message


@pytest.mark.parametrize("slip", DEEP_SLIPS, ids=list(DEEP_SLIPS))
def test_three_layer_slip_is_named_on_the_square_network(deep_cases, slip):
    switches, key, words = DEEP_SLIPS[slip]
    fb = dv.check_three_layer_backward(lambda *a: _backward3(*a, **switches), [deep_cases[1]])
    assert not fb.correct and words in fb.message, fb.message


@pytest.mark.parametrize("slip", ["mask2 missing", "mask1 missing", "dW3 from Z2", "dW2 from Z1", "no L2"])
def test_three_layer_slip_is_named_on_the_iris_network(deep_cases, slip):
    switches, key, words = DEEP_SLIPS[slip]
    fb = dv.check_three_layer_backward(lambda *a: _backward3(*a, **switches), deep_cases)
    assert not fb.correct and words in fb.message and "75 training rows" in fb.message, fb.message


def test_three_layer_missing_transpose_raises_on_the_iris_network(deep_cases):
    fb = dv.check_three_layer_backward(lambda *a: _backward3(*a, t3=False), deep_cases)
    assert not fb.correct and "raised ValueError" in fb.message and "transpose" in fb.message


# ------------------------------------------------------------------ robustness, for every checker

def _raises(*args):
    raise ZeroDivisionError("oops")


FUNCTION_CHECKERS = {
    "tanh": dv.check_tanh_backward,
    "leaky": dv.check_leaky_relu_backward,
    "mse": dv.check_mse_gradient,
    "minibatch": dv.check_minibatch_dscores,
    "three-layer": dv.check_three_layer_backward,
}
BAD_FUNCTIONS = {
    "None": (None, "No answer yet"),
    "string": ("dA * (1 - A**2)", "Pass your function itself"),
    "list": ([1, 2], "Pass your function itself"),
    "dict": ({"a": 1}, "Pass your function itself"),
    "scalar": (3.0, "Pass your function itself"),
    "raises": (_raises, "your function raised ZeroDivisionError in the line `raise ZeroDivisionError(\"oops\")`"),
    "returns None": (lambda *a: None, "returned None"),
    "returns a string": (lambda *a: "abc", ""),
    "returns a scalar": (lambda *a: 1.0, ""),
    "returns NaN": (lambda *a: np.full_like(a[0], np.nan) if isinstance(a[0], np.ndarray) else {}, ""),
    "wrong signature": (lambda x: x, "raised TypeError"),
}


@pytest.mark.parametrize("bad", BAD_FUNCTIONS, ids=list(BAD_FUNCTIONS))
@pytest.mark.parametrize("checker", FUNCTION_CHECKERS, ids=list(FUNCTION_CHECKERS))
def test_checkers_never_crash(checker, bad):
    fn, words = BAD_FUNCTIONS[bad]
    fb = FUNCTION_CHECKERS[checker](fn)
    assert isinstance(fb.message, str) and not fb.correct and words.lower() in fb.message.lower(), fb.message


def test_nan_is_named():
    fb = dv.check_tanh_backward(lambda dA, Z, A: dA * np.nan)
    assert "NaN or inf" in fb.message


def test_learner_cannot_modify_the_checkers_data():
    def vandal(dA, Z, A):
        Z[...] = 0
        A[...] = 0
        return dA * (1 - np.tanh(Z) ** 2)                   # computed from the zeroed copy: wrong

    assert not dv.check_tanh_backward(vandal).correct
    assert dv.check_tanh_backward(lambda dA, Z, A: dA * (1 - A**2)).correct


@pytest.mark.parametrize("answer", [None, "8", [8, 8], {"steps": 8}, np.nan, np.array([8])])
def test_steps_per_epoch_never_crashes(answer):
    fb = dv.check_steps_per_epoch(answer, n_total=75, batch_size=10)
    assert not fb.correct and fb.message


def test_programmer_errors_raise():
    with pytest.raises(ValueError, match="alpha"):
        dv.check_leaky_relu_backward(lambda *a: None, alpha=2)
    with pytest.raises(TypeError, match="half"):
        dv.check_mse_gradient(lambda *a: None, half=1)
    with pytest.raises(ValueError, match="batch_size"):
        dv.check_minibatch_dscores(lambda *a: None, n_total=10, batch_size=10)
