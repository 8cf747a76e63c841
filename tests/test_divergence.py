"""A training run that fails says so: divergence and overflow reported in the learner's terms.

Every test turns warnings into errors, so a numpy floating-point warning escaping from the helper
("divide by zero encountered in log", "overflow encountered in dot") fails it.
"""

import re
import tracemalloc
import warnings

import numpy as np
import pytest

import backprop as bp

from _helpers import random_params


@pytest.fixture(autouse=True)
def _no_warning_escapes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture(scope="module")
def r_batch():
    """The R program's training batch and initial weights, untrained."""
    run = bp.rcompat.blog_run(train=False)
    return run.split.X_train, run.split.y_train, run.initial_params


def _steps(params, X, y, *, lr, reg, n):
    """``n`` gradient steps written out with loss_and_gradients, independently of train()."""
    losses = []
    for _ in range(n):
        loss, grads = bp.loss_and_gradients(params, X, y, reg=reg)
        losses.append(loss)
        params = bp.Params(*(p - lr * g for p, g in zip(params, grads, strict=False)))
    return params, losses


def test_too_large_learning_rate_on_the_r_batch_stops_and_says_why(r_batch):
    X, y, initial = r_batch
    with pytest.raises(bp.DivergenceError) as caught:
        bp.train(X, y, initial, lr=10.0, reg=1e-3, maxit=2000)
    err = caught.value
    # Independently: three steps keep the loss finite, and it rises; the loss of the fourth is inf.
    after3, losses = _steps(initial, X, y, lr=10.0, reg=1e-3, n=3)
    assert all(np.isfinite(losses)) and losses[2] > losses[0]
    fourth, grads = bp.loss_and_gradients(after3, X, y, reg=1e-3)
    assert fourth == np.inf and all(np.isfinite(g).all() for g in grads)  # exact: no overflow to refuse
    assert isinstance(err, ValueError)  # as scikit-learn's "Solver produced non-finite parameter weights"
    assert (err.step, err.reason) == (4, "the loss is inf")
    assert err.last_finite_loss == pytest.approx(losses[2], rel=1e-12)
    np.testing.assert_allclose(err.history.loss, losses, rtol=1e-12)
    assert str(err) == (
        "training diverged at step 4 of maxit=2000: the loss is inf (the network gave some example's "
        f"true class a probability that rounds to 0). The last finite loss was {losses[2]:.4f} at step 3 "
        f"(step 1: {losses[0]:.4f}). Likely cause: the learning rate lr=10 is too large for this data: "
        "the steps overshoot and the loss grows instead of shrinking. Try a smaller lr (divide it by 10), "
        f"or scale the inputs if they are large (largest |X| = {np.abs(X).max():.3g}). "
        "The finite losses are in this error's .history.")


def test_the_same_run_at_a_workable_rate_is_unaffected(r_batch):
    X, y, initial = r_batch
    _, history = bp.train(X, y, initial, lr=1e-2, reg=1e-3, maxit=50)
    assert history.n_iter == 50 and np.isfinite(history.loss).all()


def test_huge_inputs_are_blamed_not_the_learning_rate(r_batch):
    X, y, initial = r_batch
    huge = X * 1e306
    with pytest.raises(bp.DivergenceError) as caught:
        bp.train(huge, y, initial, lr=1e-2, reg=1e-3, maxit=100)
    err = caught.value
    assert (err.step, err.last_finite_loss, err.history.n_iter) == (1, None, 0)
    largest_w = max(np.abs(p).max() for p in initial)
    why = {"the loss is inf": "the network gave some example's true class a probability that rounds to 0",
           "the loss is nan": "the forward pass overflowed float64"}[err.reason]
    assert str(err) == (
        f"training diverged at step 1 of maxit=100: {err.reason} ({why}), before any update. "
        "Likely cause: not the learning rate (no step was taken yet) but the size "
        f"of the inputs: largest |X| = {np.abs(huge).max():.3g}, largest initial |parameter| = {largest_w:.3g}. "
        "Scale X, for example standardise each feature to mean 0 and standard deviation 1. "
        "The finite losses are in this error's .history.")


@pytest.mark.parametrize("scale", [1e300, 1.7e308])
def test_inputs_near_the_float_limit_give_an_infinite_loss_quietly(r_batch, scale):
    X, y, initial = r_batch
    big = X / np.abs(X).max() * scale
    scores = bp.forward(initial, big).scores
    gap = scores.max(axis=1) - scores[np.arange(len(y)), y]
    assert gap.max() > 746  # exp(-746) rounds to 0: some true class gets probability 0, -log 0 = inf
    loss, grads = bp.loss_and_gradients(initial, big, y, reg=1e-3)
    assert loss == np.inf and all(np.isfinite(g).all() for g in grads)


def test_inputs_that_overflow_the_pass_are_refused_naming_them(r_batch):
    X, y, initial = r_batch
    big = X / np.abs(X).max() * 1e308
    params = bp.Params(initial.W1 * 100, initial.b1, initial.W2, initial.b2)
    with np.errstate(over="ignore"):
        assert not np.isfinite(big @ params.W1).all()  # X W1 overflows float64
    message = re.escape(f"X and params are too large: the pass overflows float64 (largest |X| = "
                        f"{np.abs(big).max():.3g}, largest |parameter| = "
                        f"{max(np.abs(p).max() for p in params):.3g}); scale X, for example standardise "
                        "each feature to mean 0 and standard deviation 1")
    for call in (lambda: bp.loss_and_gradients(params, big, y, reg=1e-3), lambda: bp.forward_backward(params, big, y),
                 lambda: bp.forward(params, big), lambda: bp.predict(params, big),
                 lambda: bp.predict_proba(params, big), lambda: bp.accuracy(params, big, y)):
        with pytest.raises(ValueError, match=f"^{message}$"):
            call()


def test_cross_entropy_of_a_zero_probability_is_inf_without_a_warning():
    probs = np.array([[1.0, 0.0], [0.5, 0.5]])
    assert bp.cross_entropy(probs, np.array([1, 0])) == np.inf
    assert bp.cross_entropy(probs, np.array([0, 0])) == pytest.approx(np.log(2) / 2, rel=1e-15)


def test_overflow_in_dot_at_lr_1e3_is_reported_not_warned():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 3)), rng.integers(0, 3, 20)
    expected = r"^training diverged at step \d+ of maxit=5000: .*lr=1000 is too large"
    with pytest.raises(bp.DivergenceError, match=expected):
        bp.train(X, y, random_params(rng, 3, 5, 3), lr=1e3, reg=1e-3, maxit=5000)


def test_an_update_that_makes_the_parameters_infinite_is_caught_at_that_step(r_batch):
    X, y, initial = r_batch
    first, grads = bp.loss_and_gradients(initial, X, y, reg=1e3)
    with np.errstate(over="ignore"):
        assert max(np.abs(g).max() for g in grads) * 1e308 == np.inf  # the first step overflows
    with pytest.raises(bp.DivergenceError) as caught:
        bp.train(X, y, initial, lr=1e308, reg=1e3, maxit=10)
    err = caught.value
    assert (err.step, err.reason) == (1, "the parameters are not finite after this step's update")
    np.testing.assert_array_equal(err.history.loss, [first])
    assert str(err).startswith("training diverged at step 1 of maxit=10: the parameters are not finite "
                               f"after this step's update. The last finite loss was {first:.4f} at step 1. "
                               "Likely cause: the learning rate lr=1e+308 is too large")


def _peak_bytes(run):
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_huge_maxit_reserves_memory_only_as_it_is_needed(r_batch):
    X, y, initial = r_batch
    # Stopping at the tolerance: about 1.0986 = log 3 at step 1, so abstol=1.09 is reached within a
    # few hundred steps.
    peak = _peak_bytes(lambda: bp.train(X, y, initial, lr=0.5, reg=0.0, maxit=10**9, abstol=1.09))
    assert peak < 1_000_000  # maxit floats would be 8 GB
    _, history = bp.train(X, y, initial, lr=0.5, reg=0.0, maxit=10**9, abstol=1.09)
    assert history.loss[-1] <= 1.09 < history.loss[:-1].min()
    # Stopping by divergence.
    with warnings.catch_warnings():
        peak = _peak_bytes(lambda: pytest.raises(bp.DivergenceError, bp.train, X, y, initial, lr=10.0,
                                                 reg=1e-3, maxit=10**9))
    assert peak < 1_000_000


def test_history_grows_past_its_first_reservation_without_losing_a_loss(iris_batch):
    X, y = iris_batch
    params = bp.init_params(4, 5, 3, rng=3)
    _, history = bp.train(X, y, params, lr=0.05, reg=1e-3, maxit=2500, abstol=-1.0)
    _, expected = _steps(params, X, y, lr=0.05, reg=1e-3, n=2500)
    assert history.n_iter == 2500  # more than the 1024 reserved at the start, and not a power of 2
    np.testing.assert_allclose(history.loss, expected, rtol=1e-12)
