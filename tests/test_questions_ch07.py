"""Every claim in the explanations of chapter 07's new questions, computed.

(The claims of ch07-mask-h-or-z are computed in test_exercises_questions.py.)
"""

import numpy as np
import pytest
from _exercise_helpers import plain_loss, plain_pass

import backprop as bp
from backprop.exercises import questions

QUESTIONS = questions.all_questions()


def _relative_error(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def _central(params, X, y, reg, name, h=1e-6):
    value = getattr(params, name)
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        plus, minus = value.copy(), value.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (plain_loss(params._replace(**{name: plus}), X, y, reg)
                       - plain_loss(params._replace(**{name: minus}), X, y, reg)) / (2 * h)
    return grad


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg


def test_the_questions_are_registered():
    assert [o.correct for o in QUESTIONS["ch07-product-then-mask"].options] == [True, False, False]
    assert [o.correct for o in QUESTIONS["ch07-square-w2"].options] == [True, False, False]


def test_mask_order_claims(r_batch):
    params, X, y, reg = r_batch
    ref = plain_pass(params, X, y, reg)
    A, dS, W2 = ref["A"], ref["dS"], params.W2
    mask = A > 0
    assert mask.shape == (75, 10) and dS.shape == (75, 3) and ref["dA"].shape == (75, 10)   # (a), (b)
    assert np.unique(mask, axis=0).shape[0] > 1                                # (c): rows differ
    off_everywhere = np.flatnonzero(~mask.any(axis=0))
    on_once = np.flatnonzero(mask.sum(axis=0) == 1)
    assert off_everywhere.size and on_once.size
    for units, same in ((off_everywhere, True), (on_once, False)):
        W2z = W2.copy()
        W2z[units] = 0
        assert np.allclose(np.where(mask, dS @ W2z.T, 0.0), ref["dZ"], rtol=0, atol=0) == same


def test_square_w2_claims(r_batch):
    _, X, y, reg = r_batch
    params = bp.init_params(4, 3, 3, scale=0.5, rng=0)                          # chapter 07's 4 -> 3 -> 3 network
    W1, b1, W2, b2 = params
    ref = plain_pass(params, X, y, reg)
    slip = ref["dS"] @ W2                                                       # dscores %*% W2
    assert slip.shape == ref["dA"].shape and not np.allclose(slip, ref["dA"])
    dZ = np.where(ref["A"] <= 0, 0.0, slip)
    errors = {"W1": _relative_error(X.T @ dZ + reg * W1, _central(params, X, y, reg, "W1")),
              "b1": _relative_error(dZ.sum(axis=0), _central(params, X, y, reg, "b1")),
              "W2": _relative_error(ref["grads"].W2, _central(params, X, y, reg, "W2")),
              "b2": _relative_error(ref["grads"].b2, _central(params, X, y, reg, "b2"))}
    assert round(errors["W1"], 2) == 0.63 and round(errors["b1"], 2) == 0.50    # (a)
    assert errors["W2"] < 1e-6 and errors["b2"] < 1e-6
    symmetric = W2 + W2.T                                                       # (b): equal only if symmetric
    assert np.allclose(ref["dS"] @ symmetric, ref["dS"] @ symmetric.T)
    assert np.allclose((W2.T @ ref["dS"].T).T, slip)                            # (c): the literal (1), transposed
