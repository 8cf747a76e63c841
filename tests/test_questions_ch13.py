"""Chapter 13's questions: every claim of every explanation, computed on the R batch."""

import numpy as np
import pytest

import backprop as bp
from backprop import autograd
from backprop.exercises import capstone
from backprop.exercises.questions import all_questions
from backprop.graph_plot import backward_order

from _helpers import central_difference, rel_err


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    X, y, params = run.split.X_train, run.split.y_train, run.initial_params
    reg = bp.rcompat.BLOG.reg
    step = bp.reference.train_step(params, X, y, lr=0.0, reg=reg)
    return X, y, params, reg, step


def test_the_right_options():
    right = {qid: next(o.text for o in q.options if o.correct) for qid, q in all_questions().items()
             if qid.startswith("ch13-")}
    assert set(right) == {"ch13-matmul-vjp", "ch13-sum-of-vjps", "ch13-cost-of-a-gradient"}


def identity_gap(f, u, vjp, vbar, seed=0, h=1e-6):
    """|<vbar, J du> - <vjp, du>| relative, the left side by a central difference along a random du."""
    du = np.random.default_rng(seed).standard_normal(np.shape(u))
    lhs = np.sum(vbar * (f(u + h * du) - f(u - h * du))) / (2 * h)
    rhs = np.sum(vjp * du)
    return abs(lhs - rhs) / (abs(lhs) + abs(rhs))


def test_matmul_vjp_claims(r_batch):
    X, y, params, reg, step = r_batch
    A, W2, dS = step.hidden, params.W2, step.dscores
    assert A.shape == (75, 10) and W2.shape == (10, 3) and dS.shape == (75, 3)
    # (a) S̄ W2 does not conform on the R network; on chapter 12's square network it is wrong
    with pytest.raises(ValueError):
        dS @ W2
    sq = capstone.capstone_cases()[3]
    r = capstone.reference(sq.params, sq.X, sq.y, sq.reg)
    assert sq.params.W2.shape == (3, 3)
    assert rel_err(r["dscores"] @ sq.params.W2, r["dhidden"]) > 0.1
    # (c) both right: the identity holds, and the shapes are those of A and W2
    A_bar, W2_bar = dS @ W2.T, A.T @ dS
    assert identity_gap(lambda u: u @ W2, A, A_bar, dS) < 1e-7
    assert identity_gap(lambda u: A @ u, W2, W2_bar, dS) < 1e-7
    assert A_bar.shape == A.shape and W2_bar.shape == W2.shape
    assert np.allclose(A_bar, autograd.matmul_vjp_left(dS, A, W2), rtol=1e-14, atol=0)
    assert np.allclose(W2_bar, autograd.matmul_vjp_right(dS, A, W2), rtol=1e-14, atol=0)
    # (b) S̄ᵀ A is K × H, 3 × 10: W2's transpose
    assert (dS.T @ A).shape == (3, 10) and np.allclose(dS.T @ A, W2_bar.T, rtol=1e-14, atol=0)
    # (d) the masked Ā breaks the product's identity; the tape runs the product's VJP at step 8, the mask at 9
    masked = A_bar * (A > 0)
    assert not np.array_equal(masked, A_bar)
    assert identity_gap(lambda u: u @ W2, A, masked, dS) > 1e-3
    tape = autograd.Tape()
    W1_, b1_, W2_, b2_ = (tape.variable(p, n) for p, n in zip(params, bp.Params._fields, strict=True))
    loss = autograd.network_loss(tape, [W1_, W2_], [b1_, b2_], tape.constant(X), y, reg=reg)
    ops = [node.op for node in backward_order(tape, loss)]
    assert ops[7] == "matmul" and ops[8] == "relu"                                 # steps 8 and 9


def test_sum_of_vjps_claims(r_batch):
    X, y, params, reg, step = r_batch
    data, l2 = step.hidden.T @ step.dscores, reg * params.W2

    def loss(W2):
        return bp.reference.train_step(params._replace(W2=W2), X, y, lr=0.0, reg=reg).loss

    fd = central_difference(loss, params.W2)
    assert rel_err(data + l2, fd) < 1e-7                                           # (a)
    assert f"{rel_err(data, fd):.0e}" == "9e-04" and 1e-7 < rel_err(data, fd) < 1e-2   # (b): the grey zone
    assert f"{rel_err(data * l2, fd):.4f}" == "1.0000"                              # (c)
    assert np.isclose(rel_err((data + l2) / 2, fd), 1 / 3, rtol=1e-6)              # (d)
    # (a), (b): the tape's W2 gradient is the sum (it adds, it does not overwrite)
    tape = autograd.Tape()
    W1_, b1_, W2_, b2_ = (tape.variable(p, n) for p, n in zip(params, bp.Params._fields, strict=True))
    tape.backward(autograd.network_loss(tape, [W1_, W2_], [b1_, b2_], tape.constant(X), y, reg=reg))
    assert rel_err(W2_.grad, data + l2) < 1e-12


def test_cost_of_a_gradient_claims(r_batch):
    X, y, params, reg, step = r_batch
    N, D = X.shape
    H, K = params.W2.shape
    n_params = sum(p.size for p in params)
    assert n_params == 83 and params.W2.size == 30
    forward, backward = 2 * N * (D * H + H * K), 2 * N * (D * H + 2 * H * K)      # 2mkn per product
    tape = autograd.Tape()
    W1_, b1_, W2_, b2_ = (tape.variable(p, n) for p, n in zip(params, bp.Params._fields, strict=True))
    tape.backward(autograd.network_loss(tape, [W1_, W2_], [b1_, b2_], tape.constant(X), y, reg=reg))
    assert tape.matmul_flops() == (forward, backward) == (10_500, 15_000)
    assert f"{backward / forward:.2f}" == "1.43"
    calls = []

    def counted(theta):
        calls.append(1)
        return float(np.sum(theta ** 2))

    central_difference(counted, np.zeros(n_params))
    assert len(calls) == 2 * n_params == 166
    assert 2 * n_params * forward == 1_743_000 and round(1_743_000 / backward) == 116
    assert n_params + 1 == 84                                                      # one-sided: 83 nudges + 1
