"""The checkers of chapter 01 (overview and notation) accept the right answers and name each slip."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import ch01_overview as ex


@pytest.fixture(scope="module")
def batch(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 10, 3, rng=0)
    return params._replace(b1=np.linspace(-0.05, 0.05, 10)), X, y


def right_shapes(N=75, D=4, H=10, K=3):
    return {"hidden": (N, H), "scores": (N, K), "dscores": (N, K), "dhidden": (N, H),
            "dW1": (D, H), "db1": (H,), "dW2": (H, K), "db2": (K,)}


def test_shapes_right(batch):
    feedback = ex.check_shapes(right_shapes(), *batch)
    assert feedback.correct, feedback.message
    assert str(feedback).startswith("✓")


def test_shapes_accepts_numpy_ints_and_lists(batch):
    answer = {name: [np.int64(n) for n in shape] for name, shape in right_shapes().items()}
    assert ex.check_shapes(answer, *batch).correct


def test_shapes_none_is_no_answer(batch):
    feedback = ex.check_shapes(None, *batch)
    assert not feedback.correct and "No answer yet" in feedback.message


def test_shapes_not_a_dict(batch):
    feedback = ex.check_shapes([(75, 10)], *batch)
    assert not feedback.correct and "must be a dict" in feedback.message


def test_shapes_missing_key(batch):
    answer = right_shapes()
    del answer["dhidden"]
    feedback = ex.check_shapes(answer, *batch)
    assert not feedback.correct and "lacks dhidden" in feedback.message


def test_shapes_transposed_names_the_column_convention(batch):
    answer = right_shapes() | {"hidden": (10, 75), "dW2": (3, 10)}
    feedback = ex.check_shapes(answer, *batch)
    assert not feedback.correct
    assert "2 of 8 shapes are wrong" in feedback.message
    assert "hidden: (10, 75) is transposed" in feedback.message
    assert "dW2: (3, 10) is transposed" in feedback.message
    assert "column convention" in feedback.message


def test_shapes_r_bias_matrix(batch):
    feedback = ex.check_shapes(right_shapes() | {"db1": (1, 10)}, *batch)
    assert not feedback.correct and "db1: (1, 10) is how R stores it" in feedback.message


def test_shapes_other_wrong_gradient_and_batch_array(batch):
    feedback = ex.check_shapes(right_shapes() | {"dW1": (4, 3), "scores": (75, 10)}, *batch)
    assert "dW1: (4, 3) is wrong; a gradient has the shape of its parameter" in feedback.message
    assert "scores: (75, 10) is wrong; a batch array has one row per example" in feedback.message


def test_shapes_not_a_tuple(batch):
    feedback = ex.check_shapes(right_shapes() | {"db2": 3}, *batch)
    assert "db2: 3 is not a shape" in feedback.message


def test_expected_shapes_follow_the_data(batch):
    params, X, y = batch
    assert ex.expected_shapes(params, X[:7], y[:7])["dscores"] == (7, 3)


def test_hidden_column_right(batch):
    params, X, _ = batch
    answer = np.maximum(params.W1.T @ X.T + params.b1[:, None], 0)
    feedback = ex.check_hidden_column(answer, params, X)
    assert feedback.correct, feedback.message


def test_hidden_column_row_convention(batch):
    params, X, _ = batch
    row = np.maximum(X @ params.W1 + params.b1, 0)
    feedback = ex.check_hidden_column(row, params, X)
    assert not feedback.correct and "row convention's hidden.layer" in feedback.message


def test_hidden_column_missing_relu(batch):
    params, X, _ = batch
    feedback = ex.check_hidden_column(params.W1.T @ X.T + params.b1[:, None], params, X)
    assert not feedback.correct and "ReLU is missing" in feedback.message


def test_hidden_column_none(batch):
    params, X, _ = batch
    assert "No answer yet" in ex.check_hidden_column(None, params, X).message
