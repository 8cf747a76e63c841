"""Chapter 01's questions: every claim of their explanations, computed on the blog's run (the R program's batch)."""

import numpy as np
import pytest
from _exercise_helpers import one_hot, plain_pass

from backprop.exercises import questions

from _helpers import rel_err


def _correct(qid):
    q = questions.all_questions()[qid]
    return next(o.text for o in q.options if o.correct)


def test_chapter_01_has_its_questions():
    ids = {q for q in questions.all_questions() if q.startswith("ch01-")}
    assert ids == {"ch01-which-letter-is-the-prediction", "ch01-shape-of-the-answers-w"}


def test_which_letter_claims(r_batch):
    assert _correct("ch01-which-letter-is-the-prediction").startswith("`t_i`, and its capital `T`")
    # the quoted words are the answer's own (the seed is vendored in docs/seed)
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "docs" / "seed" / "question-and-answer.txt").read_text()
    answer = text.split("\nBest Answer\n", 1)[1]
    assert "where $t_i$ is predicted output" in answer
    assert "$T$ - predicted output" in answer and "$T = o^n$" in answer
    # read with the question's letters, t - y is target minus prediction: relative error 1 against P - T
    params, X, y = r_batch
    P = plain_pass(params, X, y, 0.0)["P"]
    T = one_hot(y, 3)
    assert np.isclose(rel_err(T - P, P - T), 1.0, rtol=0, atol=1e-15)


def test_shape_claims(r_batch):
    params, X, y = r_batch
    W2 = params.W2
    assert W2.shape == (10, 3)                             # R's W2: hidden x classes
    W_answer = W2.T                                        # the answer's W^2: outputs x inputs
    assert W_answer.shape == (3, 10)
    A = plain_pass(params, X, y, 0.0)["A"]
    o1 = A[:1].T                                           # one example as a column, (10, 1)
    assert np.allclose(W_answer @ o1 + params.b2[:, None], (A[:1] @ W2 + params.b2).T)  # t of the row
    with pytest.raises(ValueError):
        W2 @ o1                                            # 10 x 3 times 10 x 1 does not conform
    # the batch: W^2 stays 3 x 10; O^1 = A^T is 10 x 75 and I^2 = W^2 O^1 is t(score), 3 x 75
    O1 = A.T
    assert O1.shape == (10, 75)
    I2 = W_answer @ O1 + params.b2[:, None]
    assert I2.shape == (3, 75) and np.allclose(I2, (A @ W2 + params.b2).T)
