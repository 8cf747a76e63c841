"""Chapter 10's questions: every claim of their explanations computed.

Finite differences, relative errors and the float32 loss are written here in plain numpy (``_helpers``,
``_exercise_helpers``), independently of ``backprop.gradcheck``.
"""

import numpy as np
import pytest
from _exercise_helpers import plain_loss, plain_pass, softmax_rows

import backprop as bp
from backprop.exercises import questions

from _helpers import central_difference, rel_err

FIELDS = bp.Params._fields


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg, bp.rcompat.BLOG.lr


@pytest.fixture(scope="module")
def params200(r_batch):
    params0, X, y, reg, lr = r_batch
    return bp.train(X, y, params0, lr=lr, reg=reg, maxit=200)[0]


def numeric(params, X, y, reg, h, loss=plain_loss):
    """The central difference of ``loss`` for each of the four parameters."""
    return bp.Params(*(central_difference(lambda v, k=k: loss(params._replace(**{k: v}), X, y, reg), params[i], h=h)
                       for i, k in enumerate(FIELDS)))


def errors(grads, num):
    return dict(zip(FIELDS, (rel_err(g, n) for g, n in zip(grads, num, strict=True)), strict=True))


def test_the_questions_are_registered():
    assert {"ch10-kink-or-bug", "ch10-float32", "ch10-what-is-right"} <= set(questions.all_questions())


# ------------------------------------------------------------------ ch10-kink-or-bug


def test_kink_or_bug_claims(r_batch):
    params, X, y, reg, _ = r_batch
    right = plain_pass(params, X, y, reg)["grads"]
    at_1e5 = errors(right, numeric(params, X, y, reg, 1e-5))
    assert f"{at_1e5['W1']:.1e}" == "4.0e-04"                                       # the prompt
    assert max(at_1e5["b1"], at_1e5["W2"], at_1e5["b2"]) < 1e-7
    # (a) the same dW1 passes with h = 1e-6, and with b1 of hidden unit 2 nudged by -1e-4
    Z = X @ params.W1 + params.b1
    row, unit = np.unravel_index(np.argmin(np.abs(Z)), Z.shape)
    assert (row + 1, unit + 1) == (13, 2)                                           # example 13, unit 2
    assert errors(right, numeric(params, X, y, reg, 1e-6))["W1"] < 1e-7
    nudged = params._replace(b1=params.b1 - 1e-4 * (np.arange(params.b1.size) == unit))
    assert max(errors(plain_pass(nudged, X, y, reg)["grads"], numeric(nudged, X, y, reg, 1e-5)).values()) < 1e-7
    # (b) Z = -1.2e-5, moved by x_d·h up to 5e-5; three entries disagree; min|Z|/max|x| = 1.6e-6
    assert f"{Z[row, unit]:.1e}" == "-1.2e-05" and np.isclose(X[row].max() * 1e-5, 5e-5)
    num_W1 = central_difference(lambda v: plain_loss(params._replace(W1=v), X, y, reg), params.W1, h=1e-5)
    bad = {tuple(e) for e in np.argwhere(np.abs(num_W1 - right.W1) > 1e-9)}
    crossing = {(d, unit) for d in range(X.shape[1]) if (np.abs(Z[:, unit]) < X[:, d] * 1e-5).any()}
    assert bad == crossing and len(bad) == 3
    assert f"{np.abs(Z).min() / np.abs(X).max():.1e}" == "1.6e-06"
    # (c) h = 1e-3 reaches more kinks: W1 above 1e-2, b1 fails too; W2 passes at h = 1e-5
    at_1e3 = errors(right, numeric(params, X, y, reg, 1e-3))
    assert at_1e3["W1"] > 1e-2 and at_1e3["b1"] > 1e-2 and at_1e5["W2"] < 1e-7
    # (d) a missing mask: about 0.5 for W1 and 0.99 for b1 at h = 1e-6
    ref = plain_pass(params, X, y, reg)
    unmasked = right._replace(W1=X.T @ ref["dA"] + reg * params.W1, b1=ref["dA"].sum(axis=0))
    no_mask = errors(unmasked, numeric(params, X, y, reg, 1e-6))
    assert 0.45 < no_mask["W1"] < 0.55 and f"{no_mask['b1']:.2f}" == "0.99"


# ------------------------------------------------------------------ ch10-float32


def loss_float32(params, X, y, reg):
    """The loss with every array in float32 (plain numpy), returned as a Python float."""
    W1, b1, W2, b2 = (np.asarray(p, dtype=np.float32) for p in params)
    A = np.maximum(X.astype(np.float32) @ W1 + b1, np.float32(0))
    P = softmax_rows(A @ W2 + b2)
    data = -np.log(P[np.arange(len(y)), y]).sum() / np.float32(len(y))
    return float(data), float(np.float32(0.5 * reg) * ((W1 ** 2).sum() + (W2 ** 2).sum()))


def test_float32_claims(r_batch, params200):
    _, X, y, reg, _ = r_batch
    p = params200
    g = plain_pass(p, X, y, reg)["grads"].W2
    eps32, eps64 = np.finfo(np.float32).eps, np.finfo(np.float64).eps
    assert f"{eps32:.1e}" == "1.2e-07" and f"{eps64:.1e}" == "2.2e-16"

    def total32(W2):
        return sum(loss_float32(p._replace(W2=W2), X, y, reg))

    err32 = rel_err(g, central_difference(total32, p.W2, h=1e-5))
    err64 = rel_err(g, central_difference(lambda v: plain_loss(p._replace(W2=v), X, y, reg), p.W2, h=1e-5))
    assert err32 > 1e-3                                                                 # the prompt
    # (a) eps·|L|/h about 1e-2; the largest entry of dW2 0.06; float64 below 1e-9 with the same step
    L = total32(p.W2)
    assert 5e-3 < eps32 * L / 1e-5 < 2e-2 and f"{np.abs(g).max():.2f}" == "0.06" and err64 < 1e-9
    # (b) no entry of W2 rounds back, at h = 1e-5 nor at h = 1e-7
    for h in (1e-5, 1e-7):
        assert not np.any(np.float32(p.W2 + h) == np.float32(p.W2))
        assert not np.any(np.float32(p.W2 - h) == np.float32(p.W2))
    # (c) truncation does not depend on the format: float64, same step, below 1e-9 (err64 above)
    # (d) at h = 1e-7: change at most 1.2e-8, spacing 1.2e-7, the data loss the same, error about 1
    h = 1e-7
    assert f"{2 * h * np.abs(g).max():.1e}" == "1.2e-08"
    data = loss_float32(p, X, y, reg)[0]
    assert f"{np.spacing(np.float32(data)):.1e}" == "1.2e-07"
    same = [loss_float32(p._replace(W2=p.W2 + h * e), X, y, reg)[0]
            == loss_float32(p._replace(W2=p.W2 - h * e), X, y, reg)[0]
            for e in np.eye(p.W2.size).reshape(p.W2.size, *p.W2.shape)]
    assert all(same)
    assert rel_err(g, central_difference(total32, p.W2, h=h)) > 0.99


# ------------------------------------------------------------------ ch10-what-is-right


def test_what_is_right_claims(r_batch, params200):
    _, X, y, reg, _ = r_batch
    p, N = params200, len(y)
    num = numeric(p, X, y, reg, 1e-6)
    ref = plain_pass(p, X, y, reg)
    g = ref["grads"]
    right = errors(g, num)
    assert max(right.values()) < 1e-7                                    # (a)
    assert min(right.values()) > 0                                       # (c) never exactly 0
    data = g._replace(W1=g.W1 - reg * p.W1, W2=g.W2 - reg * p.W2)
    slips = {
        "no mask": g._replace(W1=X.T @ ref["dA"] + reg * p.W1, b1=ref["dA"].sum(axis=0)),
        "no 1/N": bp.Params(N * data.W1 + reg * p.W1, N * data.b1, N * data.W2 + reg * p.W2, N * data.b2),
        "sign": bp.Params(-data.W1 + reg * p.W1, -data.b1, -data.W2 + reg * p.W2, -data.b2),
        "reg on biases": g._replace(b1=g.b1 + reg * p.b1, b2=g.b2 + reg * p.b2),
        "half L2": g._replace(W1=data.W1 + 0.5 * reg * p.W1, W2=data.W2 + 0.5 * reg * p.W2),
    }
    found = {name: errors(wrong, num) for name, wrong in slips.items()}
    assert all(max(e.values()) > 1e-4 for e in found.values())          # (a) every slip above 1e-4
    assert f"{found['reg on biases']['b1']:.1e}" == "4.5e-04"            # (b)
    assert f"{found['half L2']['W1']:.1e}" == "2.8e-04"
    assert max(found["reg on biases"]["b1"], found["half L2"]["W1"]) < 1e-2
    # (d) a missing 1/N: (N - 1)/(N + 1) = 74/76 ≈ 0.974 (exactly so for the biases); a flipped sign 1
    assert N == 75 and f"{(N - 1) / (N + 1):.3f}" == "0.974"
    assert np.isclose(found["no 1/N"]["b2"], 74 / 76, rtol=1e-6)
    assert np.isclose(found["sign"]["b2"], 1, atol=1e-6)
