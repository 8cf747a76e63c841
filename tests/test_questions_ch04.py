"""Chapter 04's questions: every claim of their explanations, computed on the R program's batch."""

import numpy as np
import pytest
from _exercise_helpers import one_hot, plain_pass

import backprop as bp
from backprop.exercises import questions

from _helpers import central_difference, rel_err


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train


def test_chapter_04_has_its_questions():
    ids = {q for q in questions.all_questions() if q.startswith("ch04-")}
    assert ids == {"ch04-dscores-is-probs", "ch04-derivative-with-respect-to"}


def test_dscores_is_probs_claims(r_batch):
    params, X, y = r_batch
    probs = bp.softmax(plain_pass(params, X, y, 0.0)["A"] @ params.W2 + params.b2)
    assert probs.flags.writeable                              # (c) an ordinary writable array
    before = probs.copy()
    dscores = probs
    dscores[np.arange(len(y)), y] -= 1
    assert np.shares_memory(dscores, probs)                   # (a) one array, two names
    assert np.allclose(probs.sum(axis=1), 0)                  # (a), (b) its rows now sum to 0
    assert np.array_equal(probs, before - one_hot(y, 3))      # (b) lost 1 at each true class
    copied = before.copy()                                    # the fix: probs.copy()
    copied[np.arange(len(y)), y] -= 1
    assert np.allclose(before.sum(axis=1), 1) and not np.shares_memory(copied, before)


def test_derivative_with_respect_to_claims(r_batch):
    params, X, y = r_batch
    ref = plain_pass(params, X, y, 0.0)
    scores = ref["A"] @ params.W2 + params.b2
    p, t = ref["P"][0], one_hot(y, 3)[0]

    def loss_of_scores(s):
        e = np.exp(s - s.max())
        return -np.log(e[y[0]] / e.sum())

    wrt_scores = central_difference(loss_of_scores, scores[0])
    assert rel_err(wrt_scores, p - t) < 1e-7                                  # (b) the scores
    wrt_output = central_difference(lambda q: -(t * np.log(q)).sum(), p)      # the prediction as free variable
    assert rel_err(wrt_output, -t / p) < 1e-7 and rel_err(wrt_output, p - t) > 0.5   # (a)
    assert f"{(-t / p)[y[0]]:.4f}" == "-3.0022" and not np.delete(-t / p, y[0]).any()
    assert [f"{v:.4f}" for v in p - t] == ["-0.6669", "0.3338", "0.3331"]
    assert np.allclose(ref["dS"][0] * len(y), p - t)                        # R's dscores before / N
    dW2 = ref["A"].T @ ref["dS"]                                              # (c) H x K, a sum over examples
    assert dW2.shape == (10, 3) and (p - t).shape == (3,)
