"""The iris data, the split, one-hot targets and R's Y.index."""

import numpy as np
import pytest

import backprop as bp


def test_iris_is_the_classic_data_set():
    X, y, features, classes = bp.load_iris_data()
    assert X.shape == (150, 4) and X.dtype == np.float64
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50])
    np.testing.assert_array_equal(y, np.repeat([0, 1, 2], 50))
    assert classes == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(X[0], [5.1, 3.5, 1.4, 0.2])  # R: iris[1, 1:4]
    assert len(features) == 4


def test_split_per_class_is_disjoint_class_ordered_and_seeded():
    X, y, _, _ = bp.load_iris_data()
    s = bp.split_per_class(X, y, n_train_per_class=25, rng=7)
    assert s.X_train.shape == (75, 4) and s.X_test.shape == (75, 4)
    np.testing.assert_array_equal(s.y_train, np.repeat([0, 1, 2], 25))
    assert not set(s.train_rows) & set(s.test_rows)
    assert sorted(set(s.train_rows) | set(s.test_rows)) == list(range(150))
    np.testing.assert_array_equal(s.X_train, X[s.train_rows])
    again = bp.split_per_class(X, y, n_train_per_class=25, rng=7)
    np.testing.assert_array_equal(s.train_rows, again.train_rows)


def test_split_rows_keeps_the_given_order():
    X, y, _, _ = bp.load_iris_data()
    rows = np.array([13, 18, 27, 60])
    s = bp.split_rows(X, y, rows)
    np.testing.assert_array_equal(s.X_train, X[rows])
    np.testing.assert_array_equal(s.test_rows, np.setdiff1d(np.arange(150), rows))


def test_one_hot():
    T = bp.one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(T, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])


def test_label_index_picks_one_entry_per_row_like_R():
    probs = np.arange(12.0).reshape(4, 3)
    y = np.array([2, 0, 1, 2])
    rows, labels = bp.label_index(y)
    np.testing.assert_array_equal(probs[rows, labels], [2.0, 3.0, 7.0, 11.0])
    np.testing.assert_array_equal(probs[rows, labels], (probs * bp.one_hot(y, 3)).sum(axis=1))


def test_iris_csv_in_the_package_equals_scikit_learns_iris():
    from sklearn.datasets import load_iris

    X, y, features, classes = bp.load_iris_data()
    iris = load_iris()
    np.testing.assert_array_equal(X, iris.data)  # value for value, bit for bit
    np.testing.assert_array_equal(y, iris.target)  # class for class
    assert features == list(iris.feature_names)
    assert classes == list(iris.target_names)


def test_iris_is_read_from_package_data_not_a_path_in_the_repository():
    from importlib import resources

    text = resources.files("backprop").joinpath("_resources").joinpath(bp.data.IRIS_CSV).read_text()
    header, *rows = text.splitlines()
    assert header.split(",")[-1] == "species" and len(rows) == 150


def _case_study_spiral():
    """The spiral exactly as CS231n's case study types it, on numpy's global generator seeded with 0."""
    N, D, K = 100, 2, 3
    X = np.zeros((N * K, D))
    y = np.zeros(N * K, dtype="uint8")
    state = np.random.get_state()
    np.random.seed(0)
    try:
        for j in range(K):
            ix = range(N * j, N * (j + 1))
            r = np.linspace(0.0, 1, N)
            t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
            X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
            y[ix] = j
    finally:
        np.random.set_state(state)
    return X, y


def test_make_spiral_is_the_case_studys_spiral():
    X, y = bp.make_spiral()
    X_cs, y_cs = _case_study_spiral()
    np.testing.assert_array_equal(X, X_cs)
    np.testing.assert_array_equal(y, y_cs)
    assert X.shape == (300, 2) and np.bincount(y).tolist() == [100, 100, 100]
    np.testing.assert_allclose(np.hypot(X[:, 0], X[:, 1])[:100], np.linspace(0, 1, 100), atol=1e-15)


def test_make_spiral_seed_sizes_and_bad_input():
    X1, _ = bp.make_spiral(seed=1)
    assert not np.array_equal(X1, bp.make_spiral(seed=0)[0])
    np.testing.assert_array_equal(X1, bp.make_spiral(seed=1)[0])
    X, y = bp.make_spiral(5, 4, noise=0.0)
    assert X.shape == (20, 2) and y.tolist() == [0] * 5 + [1] * 5 + [2] * 5 + [3] * 5
    for kwargs, name in [({"n_per_class": 1}, "n_per_class"), ({"n_classes": 2.0}, "n_classes"),
                         ({"noise": -1.0}, "noise"), ({"seed": "0"}, "seed")]:
        with pytest.raises((TypeError, ValueError), match=name):
            bp.make_spiral(**kwargs)
