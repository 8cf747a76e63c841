"""Chapter 03's questions: every claim of their explanations, computed on the R program's batch."""

import numpy as np
import pytest
from _exercise_helpers import one_hot, plain_pass, softmax_rows

import backprop as bp
from backprop import questioner
from backprop.exercises import questions


def _loss(P, y):
    return -np.log(P[np.arange(len(y)), y]).mean()


def test_chapter_03_has_its_questions():
    ids = {q for q in questions.all_questions() if q.startswith("ch03-")}
    assert ids == {"ch03-first-loss-log-3", "ch03-probs-y-index"}


def test_first_loss_claims(r_batch):
    params, X, y = r_batch
    ref = plain_pass(params, X, y, 0.0)
    P = ref["P"]
    scores = ref["A"] @ params.W2 + params.b2
    assert f"{_loss(P, y):.4f}" == "1.0985" and f"{np.log(3):.4f}" == "1.0986"      # the prompt
    assert np.abs(params.W1).max() < 0.05 and np.abs(params.W2).max() < 0.05       # "of size 0.01"
    assert f"{np.abs(scores).max():.4f}" == "0.0025"                                # (c) largest |score|
    assert np.abs(P - 1 / 3).max() < 0.001                                          # (c) within 0.001
    assert [" ".join(row) for row in questioner.PRINTED["probs"]][0] == "0.3332967 0.3327828 0.3339205"
    assert questioner.r_format_matrix(questioner.heads().probs) == questioner.PRINTED["probs"]
    # (a) balance plays no part: 25 setosa rows alone
    setosa = y == 0
    assert setosa.sum() == 25 and abs(_loss(P[setosa], y[setosa]) - np.log(3)) < 0.001
    # (b) zero biases, weights times 100: about 7.7
    assert not params.b1.any() and not params.b2.any()
    big = bp.Params(100 * params.W1, params.b1, 100 * params.W2, params.b2)
    assert round(_loss(plain_pass(big, X, y, 0.0)["P"], y), 1) == 7.7
    # (d) the softmax of (0, 1, 2)
    assert np.array_equal(np.round(softmax_rows(np.array([[0.0, 1.0, 2.0]]))[0], 3), [0.090, 0.245, 0.665])


def test_probs_y_index_claims(r_batch):
    params, X, y = r_batch
    P = plain_pass(params, X, y, 0.0)["P"]
    N, K = P.shape
    rows = np.arange(N)
    r_picks = np.array([P[i, k] for i, k in zip(rows, y, strict=True)])   # R's Y.index, pair by pair
    assert np.array_equal(P[rows, y], r_picks)                             # (b) right
    assert P[:, y].shape == (N, N) == (75, 75)                            # (a) whole columns
    Y_index = np.column_stack([rows + 1, y + 1])                           # R's 1-based N x 2 matrix
    with pytest.raises(IndexError):
        P[Y_index]                                                         # (c) row N does not exist
    assert P[Y_index - 1].shape == (N, 2, K)                               # (c) 0-based: N x 2 x K
    T = one_hot(y, K)
    assert np.ndim((P * T).sum()) == 0 and np.isclose((P * T).sum(), r_picks.sum())   # (d) one number
    assert np.allclose((P * T).sum(axis=1), r_picks)
