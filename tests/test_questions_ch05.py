"""Every claim in the explanations of chapter 05's question ch05-why-divide-first, computed.

(The claims of ch05-where-one-over-n and ch05-bias-mean are computed in test_exercises_questions.py.)
"""

import numpy as np
from _exercise_helpers import one_hot, plain_pass, softmax_rows

from backprop.exercises import questions

from _helpers import rel_err


def _backward(dS, A, act_derivative, X, W2):
    """dW2, db2, dhidden before and after the mask, dW1, db1 from dscores, in plain numpy."""
    dA = dS @ W2.T
    dZ = dA * act_derivative
    return {"dW2": A.T @ dS, "db2": dS.sum(axis=0), "dA": dA, "dZ": dZ, "dW1": X.T @ dZ, "db1": dZ.sum(axis=0)}


def test_the_question_is_registered_with_its_right_option():
    q = questions.all_questions()["ch05-why-divide-first"]
    assert [o.correct for o in q.options] == [True, False, False, False]
    assert "Since we process a whole batch at once and derivative of ReLU is constant" in q.prompt


def test_a_linear_in_dscores_for_relu_and_for_tanh(r_batch):
    params, X, y = r_batch
    W1, b1, W2, b2 = params
    Z = X @ W1 + b1
    N = len(y)
    for act, derivative in ((np.maximum(Z, 0), (Z > 0).astype(float)), (np.tanh(Z), 1 - np.tanh(Z) ** 2)):
        raw = softmax_rows(act @ W2 + b2) - one_hot(y, 3)
        first = _backward(raw / N, act, derivative, X, W2)
        last = _backward(raw, act, derivative, X, W2)
        for name in first:
            assert rel_err(first[name], last[name] / N) < 1e-12, name      # norm-wise: entries cancel
        c = 3.7                                                     # any factor scales every line
        scaled = _backward(c * raw / N, act, derivative, X, W2)
        assert all(rel_err(scaled[k], c * first[k]) < 1e-12 for k in first)
    assert np.unique(1 - np.tanh(Z) ** 2).size > 2                   # tanh's derivative is not constant


def test_b_the_relu_derivative_takes_both_values(r_batch):
    params, X, y = r_batch
    mask = plain_pass(params, X, y, 0.0)["A"] > 0
    assert (mask.sum(), (~mask).sum()) == (470, 280)


def test_c_dscores_is_not_the_smallest(r_batch):
    params, X, y = r_batch
    ref = plain_pass(params, X, y, 0.0)
    assert ref["dS"].size == 75 * 3 == 225
    sizes = [g.size for g in ref["grads"]]
    assert sizes == [40, 10, 30, 3] and sum(sizes) == 83 < 225


def test_d_the_mask_commutes_with_the_division(r_batch):
    params, X, y = r_batch
    ref = plain_pass(params, X, y, 0.0)
    N, A = len(y), ref["A"]
    dA_raw = (ref["P"] - one_hot(y, 3)) @ params.W2.T
    assert np.array_equal(np.where(A <= 0, 0.0, dA_raw / N), np.where(A <= 0, 0.0, dA_raw) / N)
    assert np.allclose(X.T @ np.where(A <= 0, 0.0, dA_raw / N), X.T @ np.where(A <= 0, 0.0, dA_raw) / N,
                       rtol=1e-12, atol=0)
