"""Every claim of chapter 14's question explanations, computed."""

import itertools

import numpy as np
import pytest

import backprop as bp
from backprop import linear, spiral
from backprop.exercises.questions import all_questions

from _helpers import central_difference, rel_err


@pytest.fixture(scope="module")
def spiral_data():
    X, y = bp.make_spiral()
    lin0, _ = spiral.case_study_initial_params()
    return X, y, lin0


def test_the_questions_are_registered():
    assert {"ch14-linear-lines", "ch14-more-iterations", "ch14-how-many-cells"} <= set(all_questions())


# ch14-linear-lines


def test_six_lines_are_the_whole_gradient_and_a_masked_dscores_is_not(spiral_data):
    X, y, params = spiral_data
    params = linear.LinearParams(params.W + 0.3, params.b + np.array([0.5, -0.5, 0.0]))   # away from the minimum
    reg, n = 1e-3, len(y)
    P = bp.softmax(X @ params.W + params.b)
    dS = (P - bp.one_hot(y, 3)) / n                         # the three dscores lines
    dW, db = X.T @ dS + reg * params.W, dS.sum(axis=0)      # the output layer's three, X for hidden.layer

    def loss(W, b):
        return bp.cross_entropy(bp.softmax(X @ W + b), y) + 0.5 * reg * np.sum(W * W)

    num_W = central_difference(lambda W: loss(W, params.b), params.W, h=1e-5)
    num_b = central_difference(lambda b: loss(params.W, b), params.b, h=1e-5)
    assert rel_err(dW, num_W) < 1e-7 and rel_err(db, num_b) < 1e-7
    _, grads = linear.loss_and_gradients(params, X, y, reg=reg)
    np.testing.assert_allclose(grads.W, dW, rtol=1e-12)
    # a mask from some hidden layer's pattern (a 2 -> 3 ReLU layer, so that its shape fits dscores)
    mask = (X @ np.random.default_rng(0).standard_normal((2, 3)) > 0)
    assert rel_err(X.T @ (dS * mask) + reg * params.W, num_W) > 1e-2


# ch14-more-iterations


def test_ten_thousand_iterations_end_at_the_same_accuracy(spiral_data):
    X, y, lin0 = spiral_data
    short, h_short = linear.train(X, y, lin0, lr=1.0, reg=1e-3, maxit=200)
    long, h_long = linear.train(X, y, lin0, lr=1.0, reg=1e-3, maxit=10000)
    assert linear.accuracy(short, X, y) == linear.accuracy(long, X, y) == 148 / 300
    assert f"{linear.accuracy(short, X, y):.2f}" == "0.49"
    assert 0 < h_short.loss[-1] - h_long.loss[-1] < 1e-4
    assert h_long.n_iter == 10000 and h_short.loss[-1] < h_short.loss[-2]     # still going down at 200


def test_the_linear_loss_is_convex(spiral_data):
    X, y, _ = spiral_data
    rng = np.random.default_rng(1)

    def loss(theta):
        W, b = theta[:6].reshape(2, 3), theta[6:]
        return linear.loss_and_gradients(linear.LinearParams(W, b), X, y, reg=1e-3)[0]

    for _ in range(20):
        a, b = rng.standard_normal(9) * 3, rng.standard_normal(9) * 3
        for t in np.linspace(0.1, 0.9, 9):
            assert loss((1 - t) * a + t * b) <= (1 - t) * loss(a) + t * loss(b) + 1e-12


def test_scaling_the_weights_changes_no_prediction(spiral_data):
    X, y, lin0 = spiral_data
    trained, _ = linear.train(X, y, lin0, lr=1.0, reg=1e-3, maxit=200)
    grid = np.stack(np.meshgrid(np.linspace(-1.5, 1.5, 101), np.linspace(-1.5, 1.5, 101)), -1).reshape(-1, 2)
    big = linear.LinearParams(10 * trained.W, 10 * trained.b)
    np.testing.assert_array_equal(linear.predict(big, grid), linear.predict(trained, grid))


# ch14-how-many-cells


def count_cells(W, b):
    """Distinct on/off patterns of the lines x·W[:, j] + b[j] = 0: around every crossing (one point in
    each of the four corners), far out on a large circle (the unbounded cells) and on a grid (the
    strips between parallel lines)."""
    points = []
    for i, j in itertools.combinations(range(W.shape[1]), 2):
        A = np.array([W[:, i], W[:, j]])
        if abs(np.linalg.det(A)) > 1e-12:
            vertex = np.linalg.solve(A, -np.array([b[i], b[j]]))
            points += [vertex + 1e-7 * np.array(c) for c in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
    angles = np.linspace(0, 2 * np.pi, 20000, endpoint=False)
    points += list(1e6 * np.column_stack([np.cos(angles), np.sin(angles)]))
    points += list(np.stack(np.meshgrid(*[np.linspace(-20, 20, 401)] * 2), -1).reshape(-1, 2))  # strips
    on = np.array(points) @ W + b > 0
    return len(np.unique(on @ (2 ** np.arange(W.shape[1]))))     # one integer code per pattern


def test_eight_random_lines_make_37_cells_each_adding_k():
    rng = np.random.default_rng(14)
    W, b = rng.standard_normal((2, 8)), rng.standard_normal(8)
    counts = [count_cells(W[:, :k], b[:k]) for k in range(1, 9)]
    assert counts == [1 + k + k * (k - 1) // 2 for k in range(1, 9)] == [2, 4, 7, 11, 16, 22, 29, 37]
    assert np.all(np.diff(counts) == np.arange(2, 9))          # the k-th line adds k cells
    assert counts[-1] < 2 ** 8


def test_eight_parallel_lines_make_9_cells():
    W = np.tile([[1.0], [2.0]], 8)
    assert count_cells(W, np.arange(8.0)) == 9
