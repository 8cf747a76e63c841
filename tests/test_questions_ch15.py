"""Chapter 15's questions: every claim of their explanations, computed."""

import numpy as np
import pytest

import backprop as bp
from backprop import reference
from backprop.exercises.questions import all_questions


def test_the_questions_are_registered():
    assert {"ch15-thin-edges", "ch15-flat-start"} <= set(all_questions())


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg


def test_thin_edges_claims(r_batch):
    params, X, y, reg = r_batch
    step = reference.train_step(params, X, y, lr=0.0, reg=reg)
    dead = np.flatnonzero((step.hidden <= 0).all(axis=0))
    assert dead.tolist() == [0, 3]                                    # units 1 and 4, over all 75 rows
    assert len(y) == 75
    data_dW1 = X.T @ step.dz                                          # line 8, before the penalty
    assert np.all(data_dW1[:, dead] == 0) and np.all(step.dz[:, dead] == 0)
    live = np.setdiff1d(np.arange(params.W1.shape[1]), dead)
    assert np.all(np.any(data_dW1[:, live] != 0, axis=0))             # the other columns are not 0
    # (a) no zero weight in R's initial W1
    assert np.all(params.W1 != 0)
    # (c) every measurement positive, the smallest 0.1 cm
    assert X.min() == pytest.approx(0.1) and np.all(X > 0)
    # (d) after line 11 those entries are reg * W1, not 0
    np.testing.assert_allclose(step.grads.W1[:, dead], reg * params.W1[:, dead], rtol=1e-12)
    assert np.all(step.grads.W1[:, dead] != 0)


@pytest.fixture(scope="module")
def spiral():
    X, y = bp.make_spiral()
    params = bp.init_params(2, 100, 3, rng=0)           # as chapter 15 trains it
    _, history = bp.train(X, y, params, lr=1.0, reg=1e-3, maxit=1200, abstol=0.0)
    return X, y, params, history.loss


def test_flat_start_claims(spiral):
    X, y, params, loss = spiral
    reg = 1e-3
    # the flat start: about twenty iterations near log 3
    assert abs(loss[0] - np.log(3)) < 1e-3 and np.all(loss[:20] > 1.05) and loss[30] < 1.0
    # (a) spikes between 726 and 1099 (1-based), loss below 0.8 by iteration 52
    above = np.flatnonzero(loss > loss[0]) + 1
    assert above.min() == 726 and above.max() == 1099
    assert loss[51] < 0.8
    # (b) scores near 0, P near 1/3
    ws = bp.forward_backward(params, X, y, reg=reg)
    assert np.abs(ws.scores).max() < 0.0014 + 5e-5 and np.abs(ws.scores).max() > 0.0013
    assert np.abs(ws.probs - 1 / 3).max() < 0.0004
    Z = X @ params.W1 + params.b1
    A = np.maximum(Z, 0)
    assert np.abs(A).max() < 0.1 and np.abs(params.W2).max() < 0.05   # both factors small
    # (c) no dead unit, 49% of the 30000 entries of Z positive
    assert Z.size == 30000 and not np.any(np.all(Z <= 0, axis=0))
    assert round(100 * float(np.mean(Z > 0))) == 49
    # (d) the penalty's gradient 100 and 34 times smaller than the data gradients
    g = ws.grads
    ratio_1 = np.abs(g.W1 - reg * params.W1).max() / np.abs(reg * params.W1).max()
    ratio_2 = np.abs(g.W2 - reg * params.W2).max() / np.abs(reg * params.W2).max()
    assert round(ratio_1) in (100, 101) and round(ratio_2) == 34
