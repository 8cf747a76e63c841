"""The iris data, a per-class split, one-hot targets and R's ``Y.index``.

The data files ship inside the package (``backprop/_resources/``) and are read with
:mod:`importlib.resources`, so they are there wherever the package is installed.
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

import numpy as np

from ._validation import check_labels, check_matrix, check_scalar

#: The iris data as a CSV file in the package: a header line, then one row per flower (four
#: measurements in cm and the species), in the order of R's ``iris`` and scikit-learn's ``load_iris``.
IRIS_CSV = "iris.csv"


class Split(NamedTuple):
    """A train/test split; ``train_rows``/``test_rows`` index the full data set (0-based)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_rows: np.ndarray
    test_rows: np.ndarray


def read_resource(name: str) -> str:
    """The text of the data file ``name`` shipped in the package (``backprop/_resources/``)."""
    return resources.files("backprop").joinpath("_resources").joinpath(name).read_text(encoding="utf-8")


def load_iris_data() -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Fisher's iris, from the package's copy of it (no download, no scikit-learn needed).

    Value for value the same as scikit-learn's ``load_iris()`` (a test checks it) and row for
    row in the order of R's ``iris``: 150 rows, 50 per class in the order setosa, versicolor,
    virginica.

    Returns
    -------
    X : ndarray, shape (150, 4)
        Sepal length, sepal width, petal length, petal width (cm), float64.
    y : ndarray of int, shape (150,)
        Class indices 0, 1, 2.
    feature_names, class_names : list of str
    """
    header, *rows = read_resource(IRIS_CSV).splitlines()
    feature_names = header.split(",")[:-1]
    records = [row.split(",") for row in rows]
    class_names = list(dict.fromkeys(record[-1] for record in records))  # in order of appearance
    X = np.array([[float(v) for v in record[:-1]] for record in records])
    y = np.array([class_names.index(record[-1]) for record in records], dtype=np.intp)
    return X, y, feature_names, class_names


def split_rows(X, y, train_rows) -> Split:
    """Split ``X, y`` into the given training rows (in that order) and the remaining rows (in order).

    R: ``traindata = iris[samp, ]; testdata = iris[-samp, ]`` with ``train_rows = samp - 1``.
    """
    X = check_matrix(X, "X")
    y = check_labels(y, "y", n_samples=X.shape[0])
    train_rows = check_labels(train_rows, "train_rows", n_classes=X.shape[0], what="row indices of X")
    if len(np.unique(train_rows)) != len(train_rows):
        raise ValueError("train_rows must not repeat a row")
    test_rows = np.setdiff1d(np.arange(X.shape[0]), train_rows)
    return Split(X[train_rows], y[train_rows], X[test_rows], y[test_rows], train_rows, test_rows)


def split_per_class(X, y, *, n_train_per_class: int, rng=None) -> Split:
    """Draw ``n_train_per_class`` training rows at random from each class; the rest is the test set.

    The training rows come class by class (all of class 0 first), as the R code's
    ``c(sample(1:50, 25), sample(51:100, 25), sample(101:150, 25))`` arranges them.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    n_train_per_class : int
        At least 1 and fewer than the smallest class.
    rng : None, int or numpy.random.Generator
    """
    X = check_matrix(X, "X")
    y = check_labels(y, "y", n_samples=X.shape[0])
    check_scalar(n_train_per_class, "n_train_per_class", minimum=1, integer=True)
    rng = np.random.default_rng(rng)
    rows = []
    for label in np.unique(y):
        members = np.flatnonzero(y == label)
        if n_train_per_class >= len(members):
            raise ValueError(f"n_train_per_class must be below the size of every class; class {label} "
                             f"has {len(members)} rows, got {n_train_per_class}")
        rows.append(rng.choice(members, size=n_train_per_class, replace=False))
    return split_rows(X, y, np.concatenate(rows))


def make_spiral(n_per_class: int = 100, n_classes: int = 3, *, noise: float = 0.2,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""CS231n's spiral: ``n_classes`` interleaved arms of ``n_per_class`` points in the plane.

    As the case study ("Putting it together: minimal neural network case study") generates it: the
    point :math:`m` of arm :math:`j` lies at radius :math:`r_m = m / (n - 1)` and angle
    :math:`\theta_m = 4 j + 4 r_m + \varepsilon_m`, :math:`\varepsilon_m \sim \mathcal N(0, \text{noise}^2)`,
    that is at :math:`(r \sin\theta, r \cos\theta)`; the rows come arm by arm.

    Python (the case study)::

        r = np.linspace(0.0, 1, N)
        t = np.linspace(j*4, (j+1)*4, N) + np.random.randn(N)*0.2
        X[ix] = np.c_[r*np.sin(t), r*np.cos(t)]

    The case study draws from numpy's global generator without a seed; here the draws come from
    ``np.random.RandomState(seed)``, whose stream numpy keeps the same across versions.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per arm (the case study: 100, so 300 in all). At least 2.
    n_classes : int, default 3
        Arms, one class each (the case study: 3).
    noise : float, default 0.2
        Standard deviation of the angle's noise, in radians.
    seed : int, default 0

    Returns
    -------
    X : ndarray, shape (n_per_class * n_classes, 2)
    y : ndarray of int, shape (n_per_class * n_classes,)
        ``0`` for the first arm's rows, then ``1``, ...
    """
    check_scalar(n_per_class, "n_per_class", minimum=2, integer=True)
    check_scalar(n_classes, "n_classes", minimum=1, integer=True)
    check_scalar(noise, "noise")
    check_scalar(seed, "seed", integer=True)
    random = np.random.RandomState(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=int)
    for j in range(n_classes):
        ix = slice(n_per_class * j, n_per_class * (j + 1))
        r = np.linspace(0.0, 1, n_per_class)
        t = np.linspace(j * 4, (j + 1) * 4, n_per_class) + random.randn(n_per_class) * noise
        X[ix] = np.column_stack([r * np.sin(t), r * np.cos(t)])
        y[ix] = j
    return X, y


def one_hot(y, n_classes: int) -> np.ndarray:
    r"""One-hot targets :math:`T_{ik} = [y_i = k]`, shape (N, K).

    Parameters
    ----------
    y : ndarray of int, shape (N,)
    n_classes : int
        K; every label must be below it.
    """
    check_scalar(n_classes, "n_classes", minimum=1, integer=True)
    y = check_labels(y, "y", n_classes=n_classes)
    T = np.zeros((len(y), n_classes))
    T[np.arange(len(y)), y] = 1.0
    return T


def label_index(y) -> tuple[np.ndarray, np.ndarray]:
    """The ``(row, label)`` index pair that R's ``Y.index`` is, 0-based.

    R: ``Y.index <- cbind(1:N, match(Y, Y.set))``, a two-column matrix that picks one entry per
    row (``probs[Y.index]``). In numpy the same pick is ``probs[rows, labels]``.

    Returns
    -------
    rows : ndarray of int, shape (N,)
        ``0, 1, ..., N-1``.
    labels : ndarray of int, shape (N,)
        ``y`` itself.
    """
    y = check_labels(y, "y")
    return np.arange(len(y)), y.copy()
