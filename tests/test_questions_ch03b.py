"""Chapter 03b's questions: every claim of every explanation, computed (on the chapter's own network)."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises.questions import all_questions

from _helpers import central_difference, rel_err

FIELDS = ("W1", "b1", "W2", "b2")


@pytest.fixture(scope="module")
def net():
    """The network of chapter 03b, section 3, and its point with a pre-activation at −h/2 (section 4)."""
    rng = np.random.default_rng(0)
    N, D, H, K = 5, 4, 3, 3
    X = rng.normal(size=(N, D))
    y = np.array([0, 1, 2, 1, 0])
    params = bp.Params(rng.normal(size=(D, H)), 0.1 * rng.normal(size=H), rng.normal(size=(H, K)), np.zeros(K))
    reg, h = 0.1, 1e-5
    Z = X @ params.W1 + params.b1
    step = bp.reference.train_step(params, X, y, lr=0.0, reg=reg)
    row = int(np.argmax(np.abs((step.dscores @ params.W2.T)[:, 0])))
    kinked = params._replace(b1=params.b1 - (Z[row, 0] + h / 2) * (np.arange(H) == 0))
    return X, y, reg, kinked


def errors(X, y, reg, p, h, loss=None):
    """Relative error of each of the helper's gradients against central differences with step h."""
    grads = bp.reference.train_step(p, X, y, lr=0.0, reg=reg).grads
    loss = loss or (lambda q: bp.reference.train_step(q, X, y, lr=0.0, reg=reg).loss)
    return {name: rel_err(grads[k], central_difference(lambda v, k=k: loss(p._replace(**{FIELDS[k]: v})),
                                                       p[k], h=h))
            for k, name in enumerate(FIELDS)}


def test_the_right_options():
    right = {qid: next(o.text for o in q.options if o.correct) for qid, q in all_questions().items()
             if qid.startswith("ch03b-")}
    assert set(right) == {"ch03b-read-the-error", "ch03b-first-layer-only"}


def test_read_the_error_claims(net):
    b = np.random.default_rng(3).standard_normal((10, 3))
    N = 75
    assert np.isclose(rel_err(-b, b), 1.0)                                   # a flipped sign: exactly 1
    assert np.isclose(rel_err(2 * b, b), 1 / 3) and f"{1 / 3:.4f}" == "0.3333"
    assert np.isclose(rel_err(N * b, b), (N - 1) / (N + 1)) and np.isclose((N - 1) / (N + 1), 74 / 76)
    assert f"{(N - 1) / (N + 1):.4f}" == "0.9737"
    # the kink: only W1 and b1, 0.17 for W1 in the chapter's network, and gone at a smaller h
    X, y, reg, kinked = net
    at_kink, smaller = errors(X, y, reg, kinked, 1e-5), errors(X, y, reg, kinked, 1e-7)
    assert f"{at_kink['W1']:.2f}" == "0.17" and at_kink["b1"] > 1e-2
    assert at_kink["W2"] < 1e-7 and at_kink["b2"] < 1e-7
    assert max(smaller.values()) < 1e-7


def test_first_layer_only_claims(net):
    X, y, reg, kinked = net
    h = 1e-5
    Z = X @ kinked.W1 + kinked.b1
    assert np.abs(Z).min() < h                                               # a pre-activation within h of 0
    at_kink = errors(X, y, reg, kinked, h)
    assert at_kink["W1"] > 1e-2 and at_kink["b1"] > 1e-2                     # (a): the right gradients fail ...
    assert at_kink["W2"] < 1e-7 and at_kink["b2"] < 1e-7                     # ... for the first layer only
    # (b): a smaller step, or the point moved by 1e-3, passes for all four
    moved = kinked._replace(b1=kinked.b1 - 1e-3 * (np.arange(3) == 0))
    assert max(errors(X, y, reg, kinked, 1e-7).values()) < 1e-7
    assert max(errors(X, y, reg, moved, h).values()) < 1e-7
    # (c): h = 1e-3 still fails W1 and b1, and W2's error grows from below 1e-10 to above 1e-8
    big = errors(X, y, reg, kinked, 1e-3)
    assert big["W1"] > 1e-2 and big["b1"] > 1e-2
    assert at_kink["W2"] < 1e-10 < 1e-8 < big["W2"]
    # (d): with the loss in float32, at h = 1e-5, W2 itself fails above 1e-3

    def loss_float32(p):
        W1, b1, W2, b2 = (np.asarray(a, dtype=np.float32) for a in p)
        A = np.maximum(X.astype(np.float32) @ W1 + b1, np.float32(0))
        S = A @ W2 + b2
        S = S - S.max(axis=1, keepdims=True)
        logp = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean() + np.float32(0.5 * reg) * ((W1 * W1).sum() + (W2 * W2).sum()))

    assert errors(X, y, reg, kinked, 1e-5, loss=loss_float32)["W2"] > 1e-3
