"""Every claim in the explanations of chapter 06's questions, computed (on the questioner's run where they say so)."""

import numpy as np
import pytest
from _exercise_helpers import one_hot, softmax_rows

import backprop as bp
from backprop import questioner as q
from backprop.exercises import questions

QUESTIONS = questions.all_questions()


def test_chapter_06_has_three_questions_each_with_one_right_option():
    ids = sorted(i for i in QUESTIONS if i.startswith("ch06-"))
    assert ids == ["ch06-dw2-shape", "ch06-sigma-only-db2", "ch06-zero-rows"]
    assert [o.correct for o in QUESTIONS["ch06-sigma-only-db2"].options] == [True, False, False]
    assert [o.correct for o in QUESTIONS["ch06-dw2-shape"].options] == [True, False, False, False]
    assert [o.correct for o in QUESTIONS["ch06-zero-rows"].options] == [True, False, False, False]
    # the questioner's words, with their TeX rendered (a question's HTML is not typeset by MathJax)
    doubt = "The $\\sum$ part only seems to come into play in db2 <- colSums(dscores), which only updates the bias."
    assert doubt.replace("$\\sum$", "Σ") in QUESTIONS["ch06-sigma-only-db2"].prompt


@pytest.fixture(scope="module")
def questioner_batch():
    """A 90-row training set of the questioner's kind: the known rows and 86 others (the claims hold for any)."""
    X_iris, y_iris, _, _ = bp.load_iris_data()
    known = q.known_training_rows()
    others = np.setdiff1d(np.arange(1, 151), known)
    rows = np.concatenate([known, np.random.default_rng(0).choice(others, 86, replace=False)])
    W1, b1, W2, b2 = q.initial_params()
    X, y = X_iris[rows - 1], y_iris[rows - 1]
    A = np.maximum(X @ W1 + b1, 0)
    dS = (softmax_rows(A @ W2 + b2) - one_hot(y, 3)) / 90
    return {"A": A, "dS": dS, "W2": W2, "rows": rows}


def test_sigma_is_inside_the_product(questioner_batch):
    A, dS = questioner_batch["A"], questioner_batch["dS"]
    assert A.shape == (90, 6)
    outer_sum = sum(np.outer(A[i], dS[i]) for i in range(90))                    # (a), (c)
    entry = {(j, k): sum(A[i, j] * dS[i, k] for i in range(90)) for j in range(6) for k in range(3)}
    product = A.T @ dS
    assert np.allclose(outer_sum, product, rtol=1e-12, atol=1e-20)
    assert all(np.isclose(v, product[j, k], rtol=1e-12, atol=1e-20) for (j, k), v in entry.items())
    assert np.allclose(np.ones((90, 1)).T @ dS, dS.sum(axis=0))                  # colSums with ones
    assert product.shape == (6, 3)                                               # (b): no example index


def test_dw2_shapes(questioner_batch):
    A, dS, W2 = questioner_batch["A"], questioner_batch["dS"], questioner_batch["W2"]
    assert (A.T @ dS).shape == W2.shape == (6, 3)                                # (a)
    assert (W2 - 0.01 * (A.T @ dS)).shape == (6, 3)
    transposed = dS.T @ A                                                        # (b): t(dscores) %*% hidden.layer
    assert transposed.shape == (3, 6) and np.allclose(transposed.T, A.T @ dS)
    with pytest.raises(ValueError):
        W2 - transposed                                                          # non-conformable
    assert dS.shape == (90, 3)                                                   # (c)
    assert (dS @ W2.T).shape == (90, 6)                                          # (d): that is dhidden


def test_zero_rows(questioner_batch):
    A, dS = questioner_batch["A"], questioner_batch["dS"]
    X_iris = bp.load_iris_data()[0]
    W1, b1, W2, _ = q.initial_params()
    off = np.flatnonzero(~(np.maximum(X_iris @ W1 + b1, 0) > 0).any(axis=0)) + 1
    assert off.tolist() == [2, 4]                                                # (a): all 150 flowers
    assert np.array_equal((A.T @ dS)[[1, 3]], np.zeros((2, 3)))
    row5 = q.dW2_rows_known()[5]                                                 # (b): printed in scientific notation
    assert q.r_format(row5) == ["2.085304e-06", "-4.173916e-06", "2.088612e-06"] == list(q.PRINTED["dW2"][4])
    assert q.rows_turning_on(5).tolist() == [63]
    assert np.all(W2 != 0)                                                       # (c): rnorm, no zero entry
    assert np.allclose(dS.sum(axis=1), 0)                                        # (d): rows of P - T sum to 0
    printed = np.abs(np.array([[float(v) for v in q.PRINTED["dW2"][r]] for r in (0, 2, 5)]))
    assert printed.min() > 5e-4 and printed.max() < 3e-2
