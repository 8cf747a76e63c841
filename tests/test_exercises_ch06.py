"""Checkers of chapter 06 (output-layer gradients): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch06_output_layer as ex

N, H, K = 7, 5, 3
REG = 0.01


@pytest.fixture
def batch():
    rng = np.random.default_rng(8)
    hidden = rng.uniform(0.1, 2.0, size=(N, H))
    hidden[:, [1, 3]] = 0.0          # units 1 and 3 dead for the whole batch
    hidden[2, 0] = 0.0               # unit 0 off for one example only
    dscores = rng.standard_normal((N, K)) / N
    return hidden, dscores, rng.standard_normal((H, K))


def test_dW2_right_and_unanswered(batch):
    hidden, dscores, W2 = batch
    right = np.einsum("ni,nk->ik", hidden, dscores) + REG * W2
    assert ex.check_dW2(right, hidden, dscores, W2, reg=REG).correct
    assert "No answer yet" in ex.check_dW2(None, hidden, dscores, W2, reg=REG).message


def test_dW2_slips(batch):
    hidden, dscores, W2 = batch
    data = sum(np.outer(hidden[i], dscores[i]) for i in range(N))
    cases = {
        "t(dscores) %*% hidden.layer": (dscores.T @ hidden) + REG * W2.T,
        "L2 term is missing": data,
        "subtracted instead of added": data - REG * W2,
        "7 times too large": data * N + REG * W2,
    }
    for text, wrong in cases.items():
        fb = ex.check_dW2(wrong, hidden, dscores, W2, reg=REG)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_dW2_rejects_inconsistent_shapes(batch):
    hidden, dscores, W2 = batch
    with pytest.raises(ValueError, match="expected hidden"):
        ex.check_dW2(W2, hidden, dscores, W2.T, reg=REG)


def test_db2(batch):
    _, dscores, _ = batch
    right = np.ones(N) @ dscores
    assert ex.check_db2(right, dscores).correct
    assert "rowSums" in ex.check_db2(dscores.sum(axis=1), dscores).message
    assert "single number" in ex.check_db2(dscores.sum(), dscores).message
    assert "divided by N twice" in ex.check_db2(dscores.mean(axis=0), dscores).message
    assert "No answer yet" in ex.check_db2(None, dscores).message


def test_dW2_row(batch):
    hidden, dscores, _ = batch
    unit = 0                        # off for example 2 only
    right = sum(hidden[i, unit] * dscores[i] for i in range(N))
    assert ex.check_dW2_row(right, hidden, dscores, unit).correct
    assert ex.check_dW2_row(np.zeros(K), hidden, dscores, 1).correct        # a dead unit's row is 0
    cases = {
        "unweighted sum": dscores[[i for i in range(N) if i != 2]].sum(axis=0),
        "that is db2": dscores.sum(axis=0),
        "a column of dW2": (hidden.T @ dscores)[:, unit],
        "No answer yet": None,
    }
    for text, wrong in cases.items():
        fb = ex.check_dW2_row(wrong, hidden, dscores, unit)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_dW2_row_rejects_bad_unit(batch):
    hidden, dscores, _ = batch
    with pytest.raises(ValueError, match="unit must be below"):
        ex.check_dW2_row(None, hidden, dscores, H)
