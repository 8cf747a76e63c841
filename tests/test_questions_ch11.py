"""Chapter 11's questions: every claim of their explanations computed.

R's loss, the deeper network's backward pass and the finite differences are written here in plain
numpy (``_helpers``, ``_exercise_helpers``); scikit-learn's loss comes from scikit-learn itself.
"""

import numpy as np
import pytest
from _exercise_helpers import plain_loss, softmax_rows

import backprop as bp
from backprop.exercises import questions

from _helpers import central_difference, rel_err


def test_the_questions_are_registered():
    assert {"ch11-alpha", "ch11-third-layer"} <= set(questions.all_questions())


# ------------------------------------------------------------------ ch11-alpha


def test_alpha_claims():
    pytest.importorskip("sklearn")
    from backprop.sklearn_parity import sklearn_steps

    run = bp.rcompat.blog_run(train=False)
    X, y = run.split.X_train, run.split.y_train
    reg, lr, N = bp.rcompat.BLOG.reg, bp.rcompat.BLOG.lr, len(y)
    final = bp.rcompat.load_r_reference().final_params
    assert (N, reg) == (75, 1e-3) and np.isclose(reg * N, 0.075) and np.isclose(2 * reg * N, 0.15)
    penalty = 0.5 * reg * ((final.W1 ** 2).sum() + (final.W2 ** 2).sum())
    loss_R = plain_loss(final, X, y, reg)

    def sk_loss(alpha):
        # sklearn_steps sets alpha = its reg times N
        return sklearn_steps(X, y, final, lr=lr, reg=alpha / N, steps=1)[1][0]

    # (a) alpha = reg·N: scikit-learn's loss is R's, 0.164583
    assert np.isclose(sk_loss(reg * N), loss_R, rtol=1e-12) and f"{loss_R:.6f}" == "0.164583"
    # (b) alpha = reg: the penalty 75 times weaker, R's loss minus penalty·(1 - 1/N) = 0.158472
    weak = sk_loss(reg)
    assert np.isclose(weak - (loss_R - penalty), penalty / N, rtol=1e-9)
    assert np.isclose(weak, loss_R - penalty * (1 - 1 / N), rtol=1e-12) and f"{weak:.6f}" == "0.158472"
    # (c) alpha = reg/N: the penalty N² = 5625 times weaker
    assert N ** 2 == 5625 and np.isclose(sk_loss(reg / N) - (loss_R - penalty), penalty / N ** 2, rtol=1e-9)
    # (d) alpha = 2·reg·N: R's penalty doubled
    assert np.isclose(sk_loss(2 * reg * N) - (loss_R - penalty), 2 * penalty, rtol=1e-9)


# ------------------------------------------------------------------ ch11-third-layer


def deep_loss(Ws, bs, X, y, reg):
    A = X
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        A = np.maximum(A @ W + b, 0)
    P = softmax_rows(A @ Ws[-1] + bs[-1])
    return -np.log(P[np.arange(len(y)), y]).mean() + 0.5 * reg * sum((W ** 2).sum() for W in Ws)


def dW1_with(dZ1_of, Ws, bs, X, y, reg):
    """dW1 = Xᵀ dZ1 + reg·W1 for a network with two hidden layers, dZ1 given as a function of its inputs."""
    W1, W2, W3 = Ws
    b1, b2, b3 = bs
    A1 = np.maximum(X @ W1 + b1, 0)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = softmax_rows(A2 @ W3 + b3)
    dS = (P - (y[:, None] == np.arange(P.shape[1]))) / len(y)
    dZ2 = (dS @ W3.T) * (A2 > 0)
    return X.T @ dZ1_of(dZ2, W2, A1, A2) + reg * W1


LINES = {
    "right": lambda dZ2, W2, A1, A2: (dZ2 @ W2.T) * (A1 > 0),
    "wrong layer's mask": lambda dZ2, W2, A1, A2: (dZ2 @ W2.T) * (A2 > 0),
    "no mask": lambda dZ2, W2, A1, A2: dZ2 @ W2.T,
    "no transpose": lambda dZ2, W2, A1, A2: (dZ2 @ W2) * (A1 > 0),
}


def network(sizes, seed, X):
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((a, b)) * np.sqrt(2 / a) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [0.1 * rng.standard_normal(b) for b in sizes[1:]]
    A, z_min = X, np.inf                      # no pre-activation within reach of a nudge of 1e-6
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        Z = A @ W + b
        z_min = min(z_min, np.abs(Z).min())
        A = np.maximum(Z, 0)
    assert z_min > 1e-4
    return Ws, bs


@pytest.fixture(scope="module")
def r_rows():
    run = bp.rcompat.blog_run(train=False)
    return run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg


@pytest.mark.parametrize("sizes, seed", [((4, 10, 8, 3), 0), ((4, 3, 3, 3), 1)])
def test_third_layer_claims(r_rows, sizes, seed):
    X, y, reg = r_rows
    Ws, bs = network(sizes, seed, X)
    numeric = central_difference(lambda W1: deep_loss([W1, *Ws[1:]], bs, X, y, reg), Ws[0], h=1e-6)
    A1 = np.maximum(X @ Ws[0] + bs[0], 0)
    assert (A1 <= 0).any()                                                  # some unit of layer 1 is off
    # (a) the right line agrees with finite differences
    assert rel_err(dW1_with(LINES["right"], Ws, bs, X, y, reg), numeric) < 1e-7
    # (c) no mask: wrong, above 0.1, on both networks
    assert rel_err(dW1_with(LINES["no mask"], Ws, bs, X, y, reg), numeric) > 0.1
    # (b), (d): numpy refuses with 10 and 8 units; with square W2 it runs and dW1 is wrong
    for slip in ("wrong layer's mask", "no transpose"):
        if sizes[1] != sizes[2]:
            with pytest.raises(ValueError):
                dW1_with(LINES[slip], Ws, bs, X, y, reg)
        else:
            assert rel_err(dW1_with(LINES[slip], Ws, bs, X, y, reg), numeric) > 0.1
