"""Chapter 04's questions: every claim of their explanations, computed on the blog's run (the R program's batch)."""

import numpy as np
from _exercise_helpers import one_hot, plain_pass

import backprop as bp
from backprop.exercises import questions

from _helpers import central_difference, rel_err


def test_chapter_04_has_its_questions():
    ids = {q for q in questions.all_questions() if q.startswith("ch04-")}
    assert ids == {"ch04-dscores-is-probs", "ch04-derivative-with-respect-to"}


def test_dscores_is_probs_claims(r_batch):
    params, X, y = r_batch
    P = bp.softmax(plain_pass(params, X, y, 0.0)["A"] @ params.W2 + params.b2)
    assert P.flags.writeable
    N, rows = len(y), np.arange(len(y))
    T = one_hot(y, 3)
    probs = P.copy()
    dscores = probs                                              # (a), (b): a second name
    assert dscores is probs
    dscores[rows, y] -= 1
    dscores /= N
    assert np.allclose(probs, (P - T) / N, rtol=1e-14, atol=0)   # (b): (P − T)/N, the same numbers
    assert np.allclose(probs.sum(axis=1), 0, atol=1e-15)         # (a): each row sums to 0
    assert (probs[rows, y] < 0).all()                            # negative at the true class
    # (c): `dscores = dscores / N` makes a new array and leaves probs at P − T
    probs = P.copy()
    dscores = probs
    dscores[rows, y] -= 1
    dscores = dscores / N
    assert dscores is not probs and np.array_equal(probs, P - T)
    # (d): reading with fancy indexing copies, assigning through it writes into probs
    probs = P.copy()
    picked = probs[rows, y]
    assert not np.shares_memory(picked, probs)
    alias = probs
    alias[rows, y] -= 1
    assert np.array_equal(probs[rows, y], P[rows, y] - 1)


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
