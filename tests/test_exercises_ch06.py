"""Checkers of chapter 06 (output-layer gradients): right answers pass, each slip gets its message.

One table per checker: rows of (answer, fragment of the message, correct), each row its own test.
An answer is a function of the batch, so that the table is built before the fixture exists.
"""

import numpy as np
import pytest
from _exercise_helpers import assert_says

from backprop.exercises import ch06_output_layer as ex

N, H, K = 7, 5, 3
REG = 0.01


@pytest.fixture
def batch():
    rng = np.random.default_rng(8)
    hidden = rng.uniform(0.1, 2.0, size=(N, H))
    hidden[:, [1, 3]] = 0.0          # units 2 and 4 (indices 1 and 3) dead for the whole batch
    hidden[2, 0] = 0.0               # unit 1 (index 0) off for one example only
    dscores = rng.standard_normal((N, K)) / N
    W2 = rng.standard_normal((H, K))
    data = sum(np.outer(hidden[i], dscores[i]) for i in range(N))     # Σ_i a_iᵀ δ_S,i, example by example
    return {"hidden": hidden, "dscores": dscores, "W2": W2, "data": data}


DW2 = [  # (answer from the batch, fragment, correct)
    (lambda b: np.einsum("ni,nk->ik", b["hidden"], b["dscores"]) + REG * b["W2"], "dW2 is right", True),
    (lambda b: b["data"] + REG * b["W2"], "dW2 is right", True),
    (lambda b: None, "No answer yet", False),
    (lambda b: b["dscores"].T @ b["hidden"] + REG * b["W2"].T, "t(dscores) %*% hidden.layer", False),
    (lambda b: b["data"], "L2 term is missing", False),
    (lambda b: b["data"] - REG * b["W2"], "subtracted instead of added", False),
    (lambda b: b["data"] * N + REG * b["W2"], "7 times too large", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DW2)
def test_dW2(batch, answer, fragment, correct):
    b = batch
    assert_says(ex.check_dW2(answer(b), b["hidden"], b["dscores"], b["W2"], reg=REG), fragment, correct=correct)


def test_dW2_rejects_inconsistent_shapes(batch):
    b = batch
    with pytest.raises(ValueError, match="expected hidden"):
        ex.check_dW2(b["W2"], b["hidden"], b["dscores"], b["W2"].T, reg=REG)


DB2 = [  # (answer from dscores, fragment, correct)
    (lambda d: np.ones(N) @ d, "db2 is right", True),
    (lambda d: d.sum(axis=1), "rowSums", False),
    (lambda d: d.sum(), "single number", False),
    (lambda d: d.mean(axis=0), "divided by N twice", False),
    (lambda d: None, "No answer yet", False),
]


@pytest.mark.parametrize("answer, fragment, correct", DB2)
def test_db2(batch, answer, fragment, correct):
    assert_says(ex.check_db2(answer(batch["dscores"]), batch["dscores"]), fragment, correct=correct)


DW2_ROW = [  # (Python index of the unit, answer from the batch, fragment, correct)
    (0, lambda b: sum(b["hidden"][i, 0] * b["dscores"][i] for i in range(N)), "dW2_row is right", True),
    (1, lambda b: np.zeros(K), "dW2_row is right", True),                          # a dead unit's row is 0
    (0, lambda b: b["dscores"][[i for i in range(N) if i != 2]].sum(axis=0), "unweighted sum", False),
    (0, lambda b: b["dscores"].sum(axis=0), "that is db2", False),
    (0, lambda b: (b["hidden"].T @ b["dscores"])[:, 0], "a column of dW2", False),
    (0, lambda b: None, "No answer yet", False),
]


@pytest.mark.parametrize("unit, answer, fragment, correct", DW2_ROW)
def test_dW2_row(batch, unit, answer, fragment, correct):
    b = batch
    assert_says(ex.check_dW2_row(answer(b), b["hidden"], b["dscores"], unit), fragment, correct=correct)


def test_dW2_row_rejects_bad_unit(batch):
    with pytest.raises(ValueError, match="unit must be below"):
        ex.check_dW2_row(None, batch["hidden"], batch["dscores"], H)
