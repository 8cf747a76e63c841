"""Checkers of chapter 05 (dividing by the batch size): right answers pass, each slip gets its message.

One table per checker: rows of (answer, the slip it is or RIGHT), each row its own test.
An answer is a function of the batch, so that the table is built before the fixtures exist.
"""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

from backprop.exercises import ch05_batch_mean as ex

N, K, D, H = 6, 3, 4, 5
REG = 0.1


@pytest.fixture
def batch():
    rng = np.random.default_rng(5)
    scores = rng.standard_normal((N, K))
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    y = np.array([0, 1, 2, 2, 1, 0])
    onehot = np.eye(K)[y]
    return {"probs": probs, "y": y, "right": (probs - onehot) / N}


DSCORES = [  # (answer from the batch, the slip it is, or RIGHT)
    (lambda b: b["right"], RIGHT),
    (lambda b: b["right"] * N, "generic:batch-too-large"),
    (lambda b: b["right"] / N, "generic:batch-twice"),
    (lambda b: b["probs"] / N, "not-subtracted"),
    (lambda b: (b["probs"] - 1) / N, "every-entry"),
    (lambda b: -b["right"], "T-minus-P"),
    (lambda b: b["right"].T, "generic:transposed"),
]


@pytest.mark.parametrize("answer, expected", DSCORES)
def test_dscores(batch, answer, expected):
    assert_verdict(ex.check_dscores(answer(batch), batch["probs"], batch["y"]), ex.check_dscores, expected)


def test_dscores_with_probs_changed_in_place(batch):
    probs, y = batch["probs"], batch["y"]
    d = probs                      # no copy: d and probs are one array
    d[np.arange(N), y] -= 1
    d /= N
    assert_says(ex.check_dscores(d, probs, y), "same array as probs")


@pytest.fixture
def sums():
    rng = np.random.default_rng(6)
    return {"dW1_sum": rng.standard_normal((D, H)), "W1": rng.standard_normal((D, H))}


DW1_FROM_SUM = [  # (answer from dW1_sum and W1, the slip it is, or RIGHT)
    (lambda s, W: s / N + REG * W, RIGHT),
    (lambda s, W: (s + REG * W) / N, "l2-divided"),
    (lambda s, W: s / N, "no-l2"),
    (lambda s, W: s + REG * W, "no-1/N"),
    (lambda s, W: s / N**2 + REG * W, "twice"),
]


@pytest.mark.parametrize("answer, expected", DW1_FROM_SUM)
def test_dW1_from_sum(sums, answer, expected):
    feedback = ex.check_dW1_from_sum(answer(sums["dW1_sum"], sums["W1"]), sums["dW1_sum"], sums["W1"],
                                     batch_size=N, reg=REG)
    assert_verdict(feedback, ex.check_dW1_from_sum, expected)


@pytest.mark.parametrize("W1_of, reg, match", [
    (lambda W: W.T, REG, "W1 must have the shape"),
    (lambda W: W, -1.0, "reg"),
])
def test_dW1_from_sum_rejects_bad_input(sums, W1_of, reg, match):
    with pytest.raises(ValueError, match=match):
        ex.check_dW1_from_sum(sums["dW1_sum"], sums["dW1_sum"], W1_of(sums["W1"]), batch_size=N, reg=reg)


COVERS = {ex.check_dscores: DSCORES, ex.check_dW1_from_sum: DW1_FROM_SUM}
