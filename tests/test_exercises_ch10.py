"""Checkers of chapter 10 (gradient checking): right answers pass, each slip gets its message."""

import numpy as np
import pytest

from backprop.exercises import ch10_gradient_checking as ex

from _helpers import numpy_reference, random_params

REG = 1e-3


def test_relative_error():
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 3))
    b = a + 1e-3 * rng.standard_normal((4, 3))
    a[0, 0], b[0, 0] = 1e-12, -1e-12          # an entry that is ~0 in both: element-wise error 1
    diff = np.sqrt(((a - b) ** 2).sum())
    na, nb = np.sqrt((a ** 2).sum()), np.sqrt((b ** 2).sum())
    assert ex.check_relative_error(diff / (na + nb), a, b).correct
    assert "No answer yet" in ex.check_relative_error(None, a, b).message
    cases = {
        "element-wise": np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))),
        "‖a‖ only": diff / na,
        "‖b‖ only": diff / nb,
        "absolute error": diff,
        "squared norm": diff ** 2,
    }
    for text, answer in cases.items():
        fb = ex.check_relative_error(answer, a, b)
        assert not fb.correct and text in fb.message, (text, fb.message)


@pytest.fixture(scope="module")
def point(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(6), 4, 5, 3, scale=0.3)
    return params, X, y


def _loss(params, X, y):
    """The loss with plain numpy (independent of the helper)."""
    penalty = 0.5 * REG * ((params.W1 ** 2).sum() + (params.W2 ** 2).sum())
    return numpy_reference(params, X, y)["data_loss"] + penalty


@pytest.mark.parametrize("param,index", [("W2", (1, 2)), ("b1", (3,)), ("W1", (2, 0))])
def test_central_difference(point, param, index):
    params, X, y = point
    h = 1e-5

    def at(delta):
        value = getattr(params, param).copy()
        value[index] += delta
        return _loss(params._replace(**{param: value}), X, y)

    central = (at(h) - at(-h)) / (2 * h)
    check = lambda answer: ex.check_central_difference(answer, params, X, y, reg=REG, param=param,  # noqa: E731
                                                       index=index, h=h)
    assert check(central).correct
    assert "No answer yet" in check(None).message
    cases = {
        "forward difference": (at(h) - at(0.0)) / h,
        "backward difference": (at(0.0) - at(-h)) / h,
        "twice too large": (at(h) - at(-h)) / h,
        "half what it should be": (at(h) - at(-h)) / (4 * h),
        "sign is flipped": (at(-h) - at(h)) / (2 * h),
    }
    for text, answer in cases.items():
        fb = check(answer)
        assert not fb.correct and text in fb.message, (text, fb.message)


def test_central_difference_accepts_fortran_ordered_params(point):
    params, X, y = point
    fortran = params._replace(W2=np.asfortranarray(params.W2))
    h = 1e-5
    plus, minus = params.W2.copy(), params.W2.copy()
    plus[0, 1] += h
    minus[0, 1] -= h
    central = (_loss(params._replace(W2=plus), X, y) - _loss(params._replace(W2=minus), X, y)) / (2 * h)
    assert ex.check_central_difference(central, fortran, X, y, reg=REG, param="W2", index=(0, 1)).correct


def test_central_difference_rejects_unknown_param(point):
    params, X, y = point
    with pytest.raises(ValueError, match="param must be one of"):
        ex.check_central_difference(0.0, params, X, y, reg=REG, param="W3", index=(0, 0))


@pytest.mark.parametrize("param,index", [("W2", (1, 2)), ("b2", (2,)), ("W1", (2, 0))])
def test_central_difference_is_told_apart_from_the_analytic_gradient(point, param, index):
    """The analytic gradient is within the tolerance of the central difference: only exactness tells."""
    from _exercise_helpers import assert_says

    import backprop as bp
    params, X, y = point
    analytic = float(getattr(bp.loss_and_gradients(params, X, y, reg=REG)[1], param)[index])
    h = 1e-5

    def at(delta):
        value = getattr(params, param).copy()
        value[index] += delta
        return _loss(params._replace(**{param: value}), X, y)

    central = (at(h) - at(-h)) / (2 * h)
    assert abs(central - analytic) < 1e-9 and central != analytic      # why a tolerance cannot tell them apart
    check = lambda answer: ex.check_central_difference(answer, params, X, y, reg=REG, param=param,  # noqa: E731
                                                       index=index, h=h)
    assert_says(check(analytic), "this is the analytic gradient")
    assert_says(check(central), "is right", correct=True)
