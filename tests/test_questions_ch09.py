"""Chapter 09's questions: every claim of their explanations computed, in plain numpy, on the R program's batch."""

import math

import numpy as np
import pytest
from _exercise_helpers import plain_loss, plain_pass, softmax_rows

import backprop as bp
from backprop.exercises import questions

QUESTIONS = questions.all_questions()


def _correct(qid):
    return [o.correct for o in QUESTIONS[qid].options]


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return (run.initial_params, run.split.X_train, run.split.y_train,
            bp.rcompat.BLOG.lr, bp.rcompat.BLOG.reg)


def _step(params, X, y, lr, reg):
    """One step of R's loop in plain numpy."""
    grads = plain_pass(params, X, y, reg)["grads"]
    return bp.Params(*(p - lr * g for p, g in zip(params, grads, strict=True)))


def test_ch09_first_loss_claims(r_batch):
    assert _correct("ch09-first-loss") == [True, False, False, False]
    params, X, y, _, reg = r_batch
    ref = plain_pass(params, X, y, reg)
    scores = ref["A"] @ params.W2 + params.b2
    assert np.abs(scores).max() < 0.003                                  # every score within 0.003 of 0
    assert np.abs(ref["P"] - 1 / 3).max() < 0.001                        # every probability within 0.001 of 1/3
    loss = plain_loss(params, X, y, reg)
    assert f"{np.log(3):.4f}" == "1.0986" and f"{loss:.4f}" == "1.0985"
    assert abs(loss - np.log(3)) < 2e-4
    penalty = loss - plain_loss(params, X, y, 0.0)
    assert f"{penalty:.0e}" == "3e-06"
    assert math.isclose(-math.log(1 / 3), math.log(3))                   # (b) −log(1/3) = log 3
    uniform = np.full((len(y), 3), 1 / 3)                                # (c) an even spread gives log 3, not 0
    assert np.isclose(-np.log(uniform[np.arange(len(y)), y]).mean(), np.log(3))
    big = bp.Params(*(100 * p for p in params))                         # (d) the draws without the 0.01
    assert f"{plain_loss(big, X, y, reg):.1f}" == "7.7"


def test_ch09_zero_data_gradient_claims(r_batch):
    assert _correct("ch09-zero-data-gradient") == [False, True, False]
    _, _, _, lr, reg = r_batch
    assert f"{1 - lr * reg:.5f}" == "0.99999"
    W0 = np.random.default_rng(0).standard_normal(5)
    W = W0.copy()
    for _ in range(2000):
        W = W - lr * (0.0 + reg * W)                                     # zero data gradient, the L2 term only
    factor = (1 - lr * reg) ** 2000
    assert np.allclose(W, factor * W0, rtol=1e-12, atol=0)
    assert f"{factor:.6f}" == "0.980199" and round(100 * (1 - factor)) == 2     # 2 % off
    assert round(math.log(0.01) / math.log(1 - lr * reg)) == 460515                # steps to 1 %


def test_ch09_divergence_claims(r_batch):
    assert _correct("ch09-divergence") == [True, False, False]
    params, X, y, _, reg = r_batch
    # (a) three finite losses, then at step 4 a true-class probability of 0 in float64
    p, losses = params, []
    for _ in range(3):
        losses.append(plain_loss(p, X, y, reg))
        p = _step(p, X, y, 10.0, reg)
    assert [f"{v:.4f}" for v in losses] == ["1.0985", "1.0771", "3.3192"]
    W1, b1, W2, b2 = p
    P = softmax_rows(np.maximum(X @ W1 + b1, 0) @ W2 + b2)
    assert P[np.arange(len(y)), y].min() == 0.0
    with pytest.raises(bp.DivergenceError) as err:
        bp.train(X, y, params, lr=10.0, reg=reg, maxit=2000)
    assert err.value.step == 4
    # (b) lr = 5 runs all 2000 steps: finite, at log 3, every hidden unit dead
    trained, history = bp.train(X, y, params, lr=5.0, reg=reg, maxit=2000, abstol=-1.0)
    assert history.n_iter == 2000 and np.isfinite(history.loss).all()
    assert abs(history.loss[-1] - np.log(3)) < 1e-6
    assert not (X @ trained.W1 + trained.b1 > 0).any()
    # (c) the gradient has no lr in it; the first step with lr = 10 lowered the loss
    assert losses[1] < losses[0]
