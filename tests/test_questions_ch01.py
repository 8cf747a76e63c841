"""Chapter 01's questions: every claim of their explanations, computed on the R program's batch."""

import numpy as np
import pytest
from _exercise_helpers import one_hot, plain_pass

from backprop.exercises import questions

from _helpers import central_difference, rel_err


def _correct(qid):
    q = questions.all_questions()[qid]
    return next(o.text for o in q.options if o.correct)


def test_chapter_01_has_its_questions():
    ids = {q for q in questions.all_questions() if q.startswith("ch01-")}
    assert ids == {"ch01-which-letter-is-the-prediction", "ch01-shape-of-the-answers-w", "ch01-equation-1-as-written"}


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


def test_equation_1_claims(r_batch):
    params, X, y = r_batch
    ref = plain_pass(params, X, y, 0.0)
    W_answer, d_col = params.W2.T, ref["dS"][:1].T         # (3, 10) and one example's dL/di^2, (3, 1)
    with pytest.raises(ValueError):
        W_answer @ d_col                                   # (1) as written: does not conform
    right = W_answer.T @ d_col                             # (W^2)^T dL/di^2: (10, 1)
    assert right.shape == (10, 1)
    assert np.allclose(right.T, ref["dA"][:1])             # R's dhidden row before the mask, transposed
    # ... and it agrees with finite differences of the loss with respect to that example's hidden row
    A, W2, b2 = ref["A"], params.W2, params.b2

    def loss_of_row(a):                                    # only example 1's term depends on its hidden row
        e = np.exp(a @ W2 + b2)
        return -np.log(e[y[0]] / e.sum())

    # dS carries the mean's 1/N: N times its row is example 1's own gradient
    assert rel_err(central_difference(loss_of_row, A[0]), len(y) * right[:, 0]) < 1e-7
    # a square W^k: the literal formula runs and gives wrong numbers
    rng = np.random.default_rng(0)
    W_sq, d = rng.standard_normal((3, 3)), rng.standard_normal((3, 1))
    assert not np.allclose(W_sq @ d, W_sq.T @ d)


def test_broadcasting_claim():
    with pytest.raises(ValueError):
        np.ones((3, 10)) @ np.ones((3, 1))
