"""Checkers of chapter 08 (first layer and regularisation): right answers pass, each slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_says, assert_verdict

from backprop.exercises import ch08_first_layer as ex

from _helpers import numpy_reference, random_params

REG = 0.05


@pytest.fixture(scope="module")
def point(iris_batch):
    """Non-zero biases and some inactive units, so that every slip gives different numbers; with the pieces
    of the backward pass computed in plain numpy (independent of the helper)."""
    X, y = iris_batch
    params = random_params(np.random.default_rng(3), 4, 6, 3, scale=0.3)
    ref = numpy_reference(params, X, y)
    dA = ref["dhidden"]                                   # before the mask
    return {"params": params, "X": X, "y": y, "dA": dA, "dZ": dA * (ref["Z"] > 0)}


def test_point_has_inactive_units(point):
    Z = point["X"] @ point["params"].W1 + point["params"].b1
    assert 0 < (Z <= 0).mean() < 1


DW1 = [  # (the answer built from the point's pieces, the slip it is, or RIGHT)
    (lambda b: b["X"].T @ b["dZ"] + REG * b["params"].W1, RIGHT),
    (lambda b: b["X"].T @ b["dA"] + REG * b["params"].W1, "no-mask"),
    (lambda b: b["X"].T @ b["dA"], "no-mask-no-l2"),
    (lambda b: b["X"].T @ b["dZ"], "no-l2"),
    (lambda b: b["X"].T @ b["dZ"] + 0.5 * REG * b["params"].W1, "l2-half"),
    (lambda b: b["X"].T @ b["dZ"] + 2 * REG * b["params"].W1, "l2-double"),
    (lambda b: len(b["y"]) * b["X"].T @ b["dZ"] + REG * b["params"].W1, "data-N-times"),
    (lambda b: (b["X"].T @ b["dZ"] + REG * b["params"].W1).T, "generic:transposed"),
]


@pytest.mark.parametrize("answer, expected", DW1)
def test_dW1(point, answer, expected):
    assert_verdict(ex.check_dW1(answer(point), point["params"], point["X"], point["y"], reg=REG), ex.check_dW1,
                   expected)


DB1 = [  # (the answer built from the point's pieces, the slip it is, or RIGHT)
    (lambda b: b["dZ"].sum(axis=0), RIGHT),
    (lambda b: b["dZ"].sum(axis=0) + REG * b["params"].b1, "l2-on-bias"),
    (lambda b: b["dA"].sum(axis=0), "no-mask"),
    (lambda b: b["dZ"].sum(axis=0) / len(b["y"]), "mean"),
    (lambda b: b["dZ"].sum(axis=1), "generic:other-shape"),
]


@pytest.mark.parametrize("answer, expected", DB1)
def test_db1(point, answer, expected):
    assert_verdict(ex.check_db1(answer(point), point["params"], point["X"], point["y"], reg=REG), ex.check_db1,
                   expected)


def _squares(*arrays):
    return sum((a ** 2).sum() for a in arrays)


L2 = [  # (the answer from the parameters, the slip it is, or RIGHT)
    (lambda p: 0.5 * REG * _squares(p.W1, p.W2), RIGHT),
    (lambda p: REG * _squares(p.W1, p.W2), "no-half"),
    (lambda p: 0.5 * REG * _squares(p.W1, p.b1, p.W2, p.b2), "biases"),
    (lambda p: 0.5 * REG * _squares(p.W1), "no-W2"),
    (lambda p: 0.5 * REG * _squares(p.W2), "no-W1"),
    (lambda p: 0.5 * _squares(p.W1, p.W2), "generic:number"),
]


@pytest.mark.parametrize("answer, expected", L2)
def test_l2_penalty(point, answer, expected):
    assert_verdict(ex.check_l2_penalty(answer(point["params"]), point["params"], reg=REG), ex.check_l2_penalty,
                   expected)


TYPED_REG = 0.07  # the penalty is then 0.16751...: no zero among its first 5 digits, so each typed digit counts


def _typed(value: float, digits: int, bump: int = 0) -> float:
    """``value`` typed by hand: ``digits`` significant digits, the last one moved by ``bump``."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    last = 10.0 ** (-(digits - 1))
    return float(f"{float(mantissa) + bump * last:.{digits - 1}f}e{exponent}")


@pytest.mark.parametrize("digits, bump, fragment, correct", [
    (3, 0, "right to the 3 significant digits you typed", True),
    (5, 0, "right to the 5 significant digits you typed", True),
    (2, 0, "only to the 2 significant digits you typed: give at least 3", False),
    (1, 0, "only to the 1 significant digit you typed", False),
    (3, 1, "is wrong (the first 2 significant digits agree)", False),
])
def test_a_typed_number_is_judged_at_the_digits_typed(point, digits, bump, fragment, correct):
    value = 0.5 * TYPED_REG * _squares(point["params"].W1, point["params"].W2)
    assert "0" not in f"{value:.5e}"[:6]
    typed = _typed(value, digits, bump)
    assert_says(ex.check_l2_penalty(typed, point["params"], reg=TYPED_REG), fragment, correct=correct)


COVERS = {ex.check_dW1: DW1, ex.check_db1: DB1, ex.check_l2_penalty: L2}
