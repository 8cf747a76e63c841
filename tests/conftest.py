"""Shared fixtures. Shared helper functions are in ``_helpers.py``."""

import pytest

import backprop as bp


@pytest.fixture(scope="session")
def iris_batch():
    X, y, _, _ = bp.load_iris_data()
    split = bp.split_per_class(X, y, n_train_per_class=25, rng=1)
    return split.X_train, split.y_train


@pytest.fixture(scope="module")
def r_batch():
    """The R program's initial weights and training batch, untrained: ``(params, X, y)``.

    A test module that needs other pieces of the run defines its own ``r_batch``.
    """
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train
