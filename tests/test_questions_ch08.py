"""Chapter 08's questions: every claim of their explanations computed, in plain numpy, on the R program's batch."""

import numpy as np
import pytest
from _exercise_helpers import plain_loss, plain_pass

import backprop as bp
from backprop.exercises import questions

from _helpers import central_difference, rel_err

QUESTIONS = questions.all_questions()
H_STEP = 1e-6


def _correct(qid):
    return [o.correct for o in QUESTIONS[qid].options]


@pytest.fixture(scope="module")
def r_run():
    """The R program's batch, its settings, its initial weights and the weights after 200 iterations."""
    run = bp.rcompat.blog_run(train=False)
    X, y = run.split.X_train, run.split.y_train
    lr, reg = bp.rcompat.BLOG.lr, bp.rcompat.BLOG.reg
    params0 = run.initial_params
    params200 = bp.train(X, y, params0, lr=lr, reg=reg, maxit=200)[0]
    Z = X @ params200.W1 + params200.b1
    assert np.abs(Z).min() > H_STEP * np.abs(X).max()     # no pre-activation within a step of the kink
    return {"X": X, "y": y, "lr": lr, "reg": reg, "params0": params0, "params200": params200}


def _numerical(r, field):
    """Central differences of R's loss with respect to one parameter array, at the weights after 200 iterations."""
    p = r["params200"]
    return central_difference(lambda v: plain_loss(p._replace(**{field: v}), r["X"], r["y"], r["reg"]),
                              getattr(p, field), h=H_STEP)


def test_ch08_mask_for_dw1_claims(r_run):
    assert _correct("ch08-mask-for-dw1") == [False, True, False]
    X, y, reg, p = r_run["X"], r_run["y"], r_run["reg"], r_run["params200"]
    ref = plain_pass(p, X, y, reg)
    numeric = _numerical(r_run, "W1")
    # (a) t(X) %*% (dscores %*% t(W2)), no mask: relative error above 0.1 after 200 iterations
    assert rel_err(X.T @ ref["dA"] + reg * p.W1, numeric) > 0.1
    # (b) after the mask: agrees to 1e-7
    assert rel_err(X.T @ ref["dZ"] + reg * p.W1, numeric) < 1e-7
    # (c) every iris measurement is positive: a mask "X <= 0" zeroes nothing
    X_iris = bp.load_iris_data()[0]
    assert (X_iris > 0).all()


def test_ch08_reg_over_n_claims(r_run):
    assert _correct("ch08-reg-over-n") == [True, False, False]
    X, lr, reg, p = r_run["X"], r_run["lr"], r_run["reg"], r_run["params200"]
    N = len(X)
    # (a) a finite difference of the penalty alone gives reg·W1
    penalty = central_difference(lambda W: 0.5 * reg * ((W ** 2).sum() + (p.W2 ** 2).sum()), p.W1, h=H_STEP)
    assert rel_err(penalty, reg * p.W1) < 1e-8
    # (b), (c) divided by N it is 75 times too small; the decay factors over 2000 steps
    assert N == 75
    ref = bp.rcompat.load_r_reference()
    n_iter = len(ref.losses)
    assert n_iter == 2000
    assert f"{(1 - lr * reg / N) ** n_iter:.5f}" == "0.99973"
    decay = (1 - lr * reg) ** n_iter
    assert f"{decay:.6f}" == "0.980199"
    # R's final weights of its dead units 1 and 4 (every training row off, the whole run) show that factor
    dead = np.flatnonzero(~(plain_pass(r_run["params0"], X, r_run["y"], reg)["A"] > 0).any(axis=0))
    assert list(dead + 1) == [1, 4]
    p0, final = r_run["params0"], ref.final_params
    assert np.allclose(final.W1[:, dead], decay * p0.W1[:, dead], rtol=1e-12, atol=0)
    assert np.allclose(final.W2[dead], decay * p0.W2[dead], rtol=1e-12, atol=0)
    assert not np.allclose(final.W1[:, dead], (1 - lr * reg / N) ** n_iter * p0.W1[:, dead], rtol=1e-6, atol=0)


def test_ch08_bias_l2_claims(r_run):
    assert _correct("ch08-bias-l2") == [True, False, False]
    X, y, reg, p = r_run["X"], r_run["y"], r_run["reg"], r_run["params200"]
    ref = plain_pass(p, X, y, reg)
    numeric = _numerical(r_run, "b1")
    db1 = ref["dZ"].sum(axis=0)                                        # colSums(dhidden)
    # (a) the central difference of R's loss agrees with colSums(dhidden)
    assert rel_err(db1, numeric) < 1e-7
    # (b) + reg*b1 is off: relative error above 1e-4 after 200 iterations
    assert rel_err(db1 + reg * p.b1, numeric) > 1e-4
    # (c) zero at R's initial weights, so reg*b1 is exactly 0 there; non-zero for 8 of 10 units after 200
    assert not r_run["params0"].b1.any()
    assert np.count_nonzero(p.b1) == 8 and p.b1.size == 10
