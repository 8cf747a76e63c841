"""Checkers of chapter 06 (output-layer gradients): right answers pass, each slip gets its message.

One table per checker: rows of (answer, the slip it is or RIGHT), each row its own test.
An answer is a function of the batch, so that the table is built before the fixture exists.
"""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict

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


DW2 = [  # (answer from the batch, the slip it is, or RIGHT)
    (lambda b: np.einsum("ni,nk->ik", b["hidden"], b["dscores"]) + REG * b["W2"], RIGHT),
    (lambda b: b["data"] + REG * b["W2"], RIGHT),
    (lambda b: b["dscores"].T @ b["hidden"] + REG * b["W2"].T, "transposed"),
    (lambda b: b["data"], "no-l2"),
    (lambda b: b["data"] - REG * b["W2"], "l2-sign"),
    (lambda b: b["data"] + REG * b["W2"] / N, "l2-over-N"),
    (lambda b: b["data"] * N + REG * b["W2"], "data-N-times"),
]


@pytest.mark.parametrize("answer, expected", DW2)
def test_dW2(batch, answer, expected):
    b = batch
    assert_verdict(ex.check_dW2(answer(b), b["hidden"], b["dscores"], b["W2"], reg=REG), ex.check_dW2, expected)


def test_dW2_rejects_inconsistent_shapes(batch):
    b = batch
    with pytest.raises(ValueError, match="expected hidden"):
        ex.check_dW2(b["W2"], b["hidden"], b["dscores"], b["W2"].T, reg=REG)


DB2 = [  # (answer from dscores, the slip it is, or RIGHT)
    (lambda d: np.ones(N) @ d, RIGHT),
    (lambda d: d.sum(axis=1), "rowsums"),
    (lambda d: d.sum(), "one-number"),
    (lambda d: d.mean(axis=0), "generic:batch-twice"),
    (lambda d: d.sum(axis=0) * N, "generic:batch-too-large"),
]


@pytest.mark.parametrize("answer, expected", DB2)
def test_db2(batch, answer, expected):
    assert_verdict(ex.check_db2(answer(batch["dscores"]), batch["dscores"]), ex.check_db2, expected)


DW2_ROW = [  # (Python index of the unit, answer from the batch, the slip it is, or RIGHT)
    (0, lambda b: sum(b["hidden"][i, 0] * b["dscores"][i] for i in range(N)), RIGHT),
    (1, lambda b: np.zeros(K), RIGHT),                          # a dead unit's row is 0
    (0, lambda b: b["dscores"][[i for i in range(N) if i != 2]].sum(axis=0), "unweighted"),
    (0, lambda b: b["dscores"].sum(axis=0), "db2"),
    (0, lambda b: (b["hidden"].T @ b["dscores"])[:, 0], "column"),
]


@pytest.mark.parametrize("unit, answer, expected", DW2_ROW)
def test_dW2_row(batch, unit, answer, expected):
    b = batch
    assert_verdict(ex.check_dW2_row(answer(b), b["hidden"], b["dscores"], unit), ex.check_dW2_row, expected)


def test_dW2_row_rejects_bad_unit(batch):
    with pytest.raises(ValueError, match="unit must be below"):
        ex.check_dW2_row(None, batch["hidden"], batch["dscores"], H)


COVERS = {ex.check_dW2: DW2, ex.check_db2: DB2, ex.check_dW2_row: DW2_ROW}
