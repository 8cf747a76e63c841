"""Derivation checkers: each hand-derived formula agrees with finite differences, right answers
pass, each typical wrong derivation gets its own message, and nothing a learner passes crashes them."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

import backprop as bp
from backprop.exercises import derivations as dv

from _helpers import central_difference, rel_err

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
    assert rel_err(g["dW2"], grads.W1) < 1e-12      # norm-wise: entries cancel
    assert rel_err(g["dW3"], grads.W2) < 1e-12


# ------------------------------------------------------------------ right answers and slips

TANH = [  # (the learner's function of (dA, Z, A), the slip it is, or RIGHT)
    (lambda dA, Z, A: dA * (1 - A**2), RIGHT),
    (lambda dA, Z, A: dA / np.cosh(Z) ** 2, RIGHT),          # sech² = 1 − tanh²
    (lambda dA, Z, A: dA * (1 - Z**2), "uses-Z"),
    (lambda dA, Z, A: dA, "no-derivative"),
    (lambda dA, Z, A: 1 - A**2, "derivative-alone"),
    (lambda dA, Z, A: dA * (1 - A), "not-squared"),
    (lambda dA, Z, A: dA / np.cosh(Z), "sech-not-squared"),
    (lambda dA, Z, A: dA * (1 + A * A), "plus"),
    (lambda dA, Z, A: dA * A**2, "A-squared"),
    (lambda dA, Z, A: dA * (A > 0), "relu-mask"),
    (lambda dA, Z, A: dA * (1 - A**2) * (Z > 0), "relu-mask-kept"),
    (lambda dA, Z, A: dA * (1 - np.tanh(A) ** 2), "tanh-twice"),
    (lambda dA, Z, A: dA * A * (1 - A), "sigmoid"),
    (lambda dA, Z, A: dA * np.nan, "generic:nonfinite"),
]


@pytest.mark.parametrize("fn, expected", TANH)
def test_tanh(fn, expected):
    assert_verdict(dv.check_tanh_backward(fn), dv.check_tanh_backward, expected)


LEAKY = [  # (the learner's function of (dA, Z, A, alpha), the slip it is, or RIGHT)
    (lambda dA, Z, A, a: dA * np.where(Z > 0, 1, a), RIGHT),
    (lambda dA, Z, A, a: np.where(A > 0, dA, a * dA), RIGHT),
    (lambda dA, Z, A, a: dA * np.where(Z > 0, a, 1), "wrong-side"),
    (lambda dA, Z, A, a: dA * (Z > 0), "plain-relu"),
    (lambda dA, Z, A, a: dA, "no-derivative"),
    (lambda dA, Z, A, a: a * dA, "alpha-everywhere"),
    (lambda dA, Z, A, a: np.where(Z > 0, dA, a), "alpha-replaces"),
    (lambda dA, Z, A, a: np.where(Z > 0, dA, a * A), "alpha-times-A"),
    (lambda dA, Z, A, a: np.where(Z > 0, 1.0, a), "derivative-alone"),
    (lambda dA, Z, A, a: dA * A, "times-A"),
]


@pytest.mark.parametrize("alpha", [0.01, 0.2])
@pytest.mark.parametrize("fn, expected", LEAKY)
def test_leaky_relu(alpha, fn, expected):
    feedback = dv.check_leaky_relu_backward(lambda dA, Z, A: fn(dA, Z, A, alpha), alpha=alpha)
    assert_verdict(feedback, dv.check_leaky_relu_backward, expected)


MSE = [  # (the learner's function of (S, T, c) with c = 1 for the ½-loss and 2 without, the slip, or RIGHT)
    (lambda S, T, c: c * (S - T) / len(S), RIGHT),
    (lambda S, T, c: c * (S - T), "generic:batch-too-large"),
    (lambda S, T, c: c * (T - S) / len(S), "sign"),
    (lambda S, T, c: (np.exp(S) / np.exp(S).sum(axis=1, keepdims=True) - T) / len(S), "softmax"),
    (lambda S, T, c: c * (S - T) / S.size, "by-K"),
    (lambda S, T, c: (3 - c) * (S - T) / len(S), None),     # the other loss's answer: its own slip below
]


@pytest.mark.parametrize("half", [True, False])
@pytest.mark.parametrize("fn, expected", MSE)
def test_mse_gradient(half, fn, expected):
    c = 1 if half else 2
    expected = expected or ("half-cancels" if half else "factor-2-missing")
    assert_verdict(dv.check_mse_gradient(lambda S, T: fn(S, T, c), half=half), dv.check_mse_gradient, expected)


def _minibatch(divisor):
    def fn(P, y):
        d = P.copy()
        d[np.arange(len(y)), y] -= 1
        return d / divisor(len(y))
    return fn


MINIBATCH = [  # (the learner's function, the slip it is, or RIGHT), N = 75 rows in batches of B = 15
    (_minibatch(lambda B: B), RIGHT),
    (_minibatch(lambda B: 75), "by-N"),
    (_minibatch(lambda B: 75 / B), "by-batches"),
    (_minibatch(lambda B: 1), "no-1/B"),
    (_minibatch(lambda B: B * B), "generic:batch-twice"),
]


@pytest.mark.parametrize("fn, expected", MINIBATCH)
def test_minibatch_dscores(fn, expected):
    feedback = dv.check_minibatch_dscores(fn, n_total=75, batch_size=15)
    assert_verdict(feedback, dv.check_minibatch_dscores, expected)


def test_a_minibatch_divided_twice_is_told_in_terms_of_B():
    feedback = dv.check_minibatch_dscores(_minibatch(lambda B: B * B), n_total=75, batch_size=15)
    assert_says(feedback, "δ_S is 15 times too small: it was divided by B twice.")


STEPS = [  # (answer, the slip it is, or RIGHT), N = 75 rows in batches of B = 10
    (8, RIGHT),
    (np.int64(8), RIGHT),
    (1, "one"),
    (7.5, "fraction"),
    (7, "rounded-down"),
    (75, "per-example"),
    (10, "batch-size"),
    (3, "generic:number"),
    ([8, 8], "generic:array-for-number"),
    (np.array([8]), "generic:bracketed-right"),
]


@pytest.mark.parametrize("answer, expected", STEPS)
def test_steps_per_epoch(answer, expected):
    assert_verdict(dv.check_steps_per_epoch(answer, n_total=75, batch_size=10), dv.check_steps_per_epoch, expected)


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


def _db_before_mask(layer):
    """dW right, but db summed before that layer's mask."""
    def fn(params, X, y, reg):
        g = _backward3(params, X, y, reg)
        g[f"db{layer}"] = _backward3(params, X, y, reg, **{f"mask{layer}": False})[f"db{layer}"]
        return g
    return fn


def _back_from_unmasked(params, X, y, reg):
    """dW2 right, but δ_A1 computed from δ_A2 (before the second layer's mask)."""
    g = _backward3(params, X, y, reg)
    wrong = _backward3(params, X, y, reg, mask2=False)
    g["dW1"], g["db1"] = wrong["dW1"], wrong["db1"]
    return g


def _switches(**switches):
    return lambda *a: _backward3(*a, **switches)


THREE_LAYER = [  # (the learner's function, the cases it runs on, the slip it is, or RIGHT)
    (_backward3, "both", RIGHT),
    (_switches(in3="A1"), "square", "dW3-from-A1"),
    (_switches(in3="Z2"), "both", "dW3-from-Z2"),
    (_switches(l2=False), "both", "no-l2"),
    (_switches(mask2=False), "both", "mask2-missing"),
    (_db_before_mask(2), "square", "db2-unmasked"),
    (_switches(mask2="A1"), "square", "mask2-from-A1"),
    (_switches(t3=False), "square", "no-transpose-W3"),
    (_switches(t3=False), "both", "generic:product"),         # on iris the missing transpose raises
    (_switches(in2="A2"), "square", "dW2-from-A2"),
    (_switches(in2="Z1"), "both", "dW2-from-Z1"),
    (_switches(mask1=False), "both", "mask1-missing"),
    (_db_before_mask(1), "both", "db1-unmasked"),
    (_back_from_unmasked, "both", "back-from-unmasked"),
    (_switches(mask1="A2"), "square", "mask1-from-A2"),
    (_switches(t2=False), "square", "no-transpose-W2"),
]


@pytest.mark.parametrize("fn, on, expected", THREE_LAYER)
def test_three_layer_backward(deep_cases, fn, on, expected):
    cases = deep_cases if on == "both" else [deep_cases[1]]
    assert_verdict(dv.check_three_layer_backward(fn, cases), dv.check_three_layer_backward, expected)


@pytest.mark.parametrize("fn, words", [
    (_db_before_mask(1), "db1 sums δ_A1, the gradient before the first layer's mask; dW1 is right"),
    (_switches(l2=False), "dW3: the L2 term reg·W3 is missing"),
    (_switches(mask1=False), "dW1: the mask of the first hidden layer is missing: δ_Z1 = (δ_Z2 W2ᵀ) ⊙ [A1 > 0]. "
                             "dW3, db3, dW2, db2 are right."),
])
def test_three_layer_names_which_gradient_and_which_are_right(deep_cases, fn, words):
    feedback = dv.check_three_layer_backward(fn, deep_cases)
    assert_says(feedback, words)
    assert "75 training rows" in feedback.message


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
    "string": ("dA * (1 - A**2)", "Pass your function itself"),
    "list": ([1, 2], "Pass your function itself"),
    "dict": ({"a": 1}, "Pass your function itself"),
    "scalar": (3.0, "Pass your function itself"),
    "raises": (_raises, "your function raised ZeroDivisionError in the line `raise ZeroDivisionError(\"oops\")`"),
    "returns a string": (lambda *a: "abc", ""),
    "returns a scalar": (lambda *a: 1.0, ""),
}


@pytest.mark.parametrize("bad", BAD_FUNCTIONS, ids=list(BAD_FUNCTIONS))
@pytest.mark.parametrize("checker", FUNCTION_CHECKERS, ids=list(FUNCTION_CHECKERS))
def test_checkers_never_crash(checker, bad):
    fn, words = BAD_FUNCTIONS[bad]
    fb = FUNCTION_CHECKERS[checker](fn)
    assert isinstance(fb.message, str) and not fb.correct and words.lower() in fb.message.lower(), fb.message


def test_learner_cannot_modify_the_checkers_data():
    def vandal(dA, Z, A):
        Z[...] = 0
        A[...] = 0
        return dA * (1 - np.tanh(Z) ** 2)                   # computed from the zeroed copy: wrong

    assert not dv.check_tanh_backward(vandal).correct
    assert dv.check_tanh_backward(lambda dA, Z, A: dA * (1 - A**2)).correct


def test_programmer_errors_raise():
    with pytest.raises(ValueError, match="alpha"):
        dv.check_leaky_relu_backward(lambda *a: None, alpha=2)
    with pytest.raises(TypeError, match="half"):
        dv.check_mse_gradient(lambda *a: None, half=1)
    with pytest.raises(ValueError, match="batch_size"):
        dv.check_minibatch_dscores(lambda *a: None, n_total=10, batch_size=10)


COVERS = {dv.check_tanh_backward: TANH, dv.check_leaky_relu_backward: LEAKY,
          dv.check_mse_gradient: MSE + [(None, "half-cancels"), (None, "factor-2-missing")],
          dv.check_minibatch_dscores: MINIBATCH, dv.check_steps_per_epoch: STEPS,
          dv.check_three_layer_backward: THREE_LAYER}
