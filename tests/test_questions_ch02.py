"""Chapter 02's questions: every claim of every explanation, computed."""

import numpy as np
import pytest

import backprop as bp
from backprop import questioner
from backprop.exercises.questions import all_questions


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    X, y = run.split.X_train, run.split.y_train
    probs = bp.forward_backward(run.initial_params, X, y, reg=0.0).probs
    return probs, y


def test_the_right_options():
    right = {qid: next(o.text for o in q.options if o.correct) for qid, q in all_questions().items()
             if qid.startswith("ch02-")}
    assert set(right) == {"ch02-y-index", "ch02-minus-samp"}
    assert right["ch02-y-index"].startswith("`dscores[rows, y] -= 1`")


def test_y_index_claims(r_batch):
    P, y = r_batch
    rows = np.arange(len(y))
    assert len(y) == 75 and set(y) == {0, 1, 2}
    # (a) one integer array indexes rows: shape (75, 2, 3), and every entry loses 1
    Y_index = np.column_stack([rows, y])
    assert P[Y_index].shape == (75, 2, 3)
    assert set(Y_index.ravel()) >= set(range(75))
    d = P.copy()
    d[Y_index] -= 1
    assert np.allclose(d, P - 1, rtol=0, atol=0)
    # (b) R's numbers: (1, 2) is row 2, class 3 in numpy; on the R batch, an IndexError
    heads = questioner.heads()
    assert np.array_equal(heads.y_index[0], [1, 2])
    assert questioner.r_format([heads.probs[1, 2]])[0] == "0.3339397" == questioner.PRINTED["probs"][1][2]
    assert questioner.r_format([heads.probs[0, 1]])[0] == "0.3327828" == questioner.PRINTED["probs"][0][1]
    assert rows[-1] + 1 == 75 and y.max() + 1 == 3
    with pytest.raises(IndexError):
        d = P.copy()
        d[rows + 1, y + 1] -= 1
    # (c) one entry per pair: P − T
    d = P.copy()
    d[rows, y] -= 1
    assert np.array_equal(d, P - bp.one_hot(y, 3))
    # (d) every row at every label's column: probs − 1
    d = P.copy()
    d[:, y] -= 1
    assert np.array_equal(d, P - 1)


def test_minus_samp_claims():
    samp = bp.rcompat.load_r_reference().samp
    assert samp.size == 75 and samp.min() >= 1 and samp.max() <= 150
    rows = np.arange(150)
    picked = rows[-samp]                                         # (b): runs, no error
    assert np.array_equal(picked, 150 - samp)                    # row 150 − s (0-based)
    assert rows[-1] == 149
    train, test = samp - 1, np.setdiff1d(rows, samp - 1)
    assert picked.size == 75
    assert np.isin(picked, train).sum() == 38 and np.isin(picked, test).sum() == 37   # (a), (d)
    # (c): not samp reversed; its first rows
    assert np.array_equal(samp[:3], [14, 19, 28]) and np.array_equal(picked[:3], [136, 131, 122])
    assert np.array_equal(train[:3], [13, 18, 27])
    assert not np.array_equal(picked, train[::-1])
