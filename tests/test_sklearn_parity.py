"""Step-for-step parity with scikit-learn's MLPClassifier from the same initial weights."""

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification

import backprop as bp
from backprop.sklearn_parity import sklearn_classifier, sklearn_steps


def _iris():
    X, y, _, _ = bp.load_iris_data()
    split = bp.split_per_class(X, y, n_train_per_class=25, rng=1)
    return split.X_train, split.y_train


def _digits():
    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


def _synthetic():
    return make_classification(n_samples=300, n_features=8, n_informative=6, n_classes=4, random_state=0)


@pytest.mark.parametrize("data, hidden, lr, reg, steps", [
    (_iris, 10, 0.05, 1e-3, 500),
    (_digits, 32, 0.1, 1e-4, 200),
    (_synthetic, 16, 0.05, 1e-2, 400),
], ids=["iris", "digits", "synthetic"])
def test_same_steps_as_scikit_learn(data, hidden, lr, reg, steps):
    X, y = data()
    K = len(np.unique(y))
    params = bp.init_params(X.shape[1], hidden, K, scale=0.1, rng=0)
    theirs, their_losses = sklearn_steps(X, y, params, lr=lr, reg=reg, steps=steps)
    ours, history = bp.train(X, y, params, lr=lr, reg=reg, maxit=steps, abstol=-1.0)
    assert history.n_iter == steps == len(their_losses)
    assert history.loss[-1] < 0.8 * history.loss[0]  # the run actually learned something
    np.testing.assert_allclose(history.loss, their_losses, rtol=0, atol=1e-10)
    for name, a, b in zip(bp.Params._fields, ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-10, err_msg=name)


def test_alpha_is_reg_times_n():
    X, y = _iris()
    clf = sklearn_classifier(bp.init_params(4, 10, 3, rng=0), X, y, lr=0.01, reg=1e-3)
    assert clf.alpha == pytest.approx(1e-3 * len(y))


def test_needs_three_classes():
    X, y = _iris()
    with pytest.raises(ValueError, match="params.W2"):
        sklearn_classifier(bp.init_params(4, 10, 2, rng=0), X, np.minimum(y, 1), lr=0.01, reg=0.0)
