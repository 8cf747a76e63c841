r"""The blog's run (split, initial weights, training) and the R output it is checked against."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..data import Split, load_iris_data, read_resource, split_rows
from ..params import Params
from ._program import DnnResult, r_init_params, train_dnn
from ._rng import RRandom


class BlogSettings(NamedTuple):
    """The settings of the blog's run (R: ``train.dnn(..., hidden = 10, maxit = 2000, ...)``)."""

    split_seed: int = 1
    sample_kind: str = "Rounding"
    n_train_per_class: int = 25
    hidden: int = 10
    maxit: int = 2000
    abstol: float = 1e-2
    lr: float = 1e-2
    reg: float = 1e-3
    random_seed: int = 1
    display: int = 50


BLOG = BlogSettings()


class BlogRun(NamedTuple):
    """What :func:`blog_run` returns.

    Attributes
    ----------
    split : backprop.Split
        ``X_train`` (75, 4), ``y_train`` (75,), ``X_test`` (75, 4), ``y_test`` (75,) and the
        0-based row numbers ``train_rows`` (R's ``samp - 1``, in R's order) and ``test_rows``.
    initial_params : Params
        R's initial ``W1`` (4, 10), ``b1`` (10,), ``W2`` (10, 3), ``b2`` (3,).
    result : DnnResult or None
        The trained network and its history; ``None`` when ``train=False``.
    """

    split: Split
    initial_params: Params
    result: DnnResult | None


def blog_split(settings: BlogSettings = BLOG) -> Split:
    """The blog's training rows, drawn with R's ``sample`` on iris, 25 per class.

    R::

        RNGkind(sample.kind = "Rounding")   # the blog ran R < 3.6
        set.seed(1)
        samp <- c(sample(1:50, 25), sample(51:100, 25), sample(101:150, 25))
        traindata <- iris[samp, ]; testdata <- iris[-samp, ]

    Returns
    -------
    backprop.Split
        Training rows in R's order (class by class), test rows in data order.

    Examples
    --------
    >>> split = blog_split()
    >>> split.X_train.shape, split.X_test.shape
    ((75, 4), (75, 4))
    >>> (split.train_rows[:5] + 1).tolist()        # R's samp[1:5], 1-based
    [14, 19, 28, 43, 10]
    """
    if not isinstance(settings, BlogSettings):
        raise TypeError(f"settings must be a BlogSettings, got {type(settings).__name__}")
    X, y, _, _ = load_iris_data()
    rng = RRandom(settings.split_seed, settings.sample_kind)
    per_class = np.bincount(y)
    starts = np.concatenate([[0], np.cumsum(per_class)[:-1]])
    samp = np.concatenate([start + rng.sample(int(count), settings.n_train_per_class)
                           for start, count in zip(starts, per_class, strict=True)])
    return split_rows(X, y, samp - 1)


def blog_run(*, train: bool = True, settings: BlogSettings = BLOG) -> BlogRun:
    """The blog's whole run: the iris split, R's initial weights and (optionally) the training.

    R::

        set.seed(1)                          # after RNGkind(sample.kind = "Rounding")
        samp <- c(sample(1:50, 25), sample(51:100, 25), sample(101:150, 25))
        ir.model <- train.dnn(x = 1:4, y = 5, traindata = iris[samp, ], testdata = iris[-samp, ],
                              hidden = 10, maxit = 2000, abstol = 1e-2, lr = 1e-2, reg = 1e-3,
                              display = 50, random.seed = 1)

    This is how the chapters get the same batch and starting weights as the R program:
    ``run = blog_run(train=False)`` is instant; with ``train=True`` (the default) it also runs
    the 2000 iterations (a fraction of a second).

    Parameters
    ----------
    train : bool, default True
        Also run :func:`train_dnn`.
    settings : BlogSettings, default ``BLOG``

    Returns
    -------
    BlogRun
        ``.split``, ``.initial_params``, ``.result``.
    """
    if not isinstance(train, bool):
        raise TypeError(f"train must be a bool, got {type(train).__name__}")
    split = blog_split(settings)
    n_classes = len(np.unique(split.y_train))
    if not train:
        initial = r_init_params(split.X_train.shape[1], settings.hidden, n_classes,
                                random_seed=settings.random_seed)
        return BlogRun(split, initial, None)
    result = train_dnn(split.X_train, split.y_train, hidden=settings.hidden, maxit=settings.maxit,
                       abstol=settings.abstol, lr=settings.lr, reg=settings.reg,
                       random_seed=settings.random_seed, x_test=split.X_test, y_test=split.y_test,
                       display=settings.display)
    return BlogRun(split, result.initial_params, result)


#: The R program's output for the blog's run (R 4.2.2), shipped in the package as
#: ``backprop/_resources/blog_seed1_hidden10.txt`` and read by :func:`load_r_reference`.
R_REFERENCE = "blog_seed1_hidden10.txt"


def read_r_records(path) -> dict[str, list[str]]:
    """Read a reference file written by R: one record a line, a tag then values, space-separated.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    dict
        tag -> list of the value strings (in file order). Tags must be unique.
    """
    path = Path(path)
    return _parse_records(path.read_text(), str(path))


def _parse_records(text: str, source: str) -> dict[str, list[str]]:
    """The records of a reference file's ``text``; ``source`` names the file in messages."""
    records: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        tag, *values = line.split()
        if tag in records:
            raise ValueError(f"{source}: tag {tag!r} appears twice; expected one record per tag")
        records[tag] = values
    return records


class RReference(NamedTuple):
    """The R program's output for the blog's run (:data:`R_REFERENCE`), as arrays.

    Row numbers and classes are R's, 1-based; weights are reshaped to (D, H), (H, K) from
    R's column-major storage.
    """

    config: dict
    samp: np.ndarray
    initial_params: Params
    losses: np.ndarray
    final_params: Params
    test_pred: np.ndarray
    rnorm10: np.ndarray
    runif10: np.ndarray
    sample_150_150: np.ndarray


def load_r_reference(path=None) -> RReference:
    """Load the R reference output of the blog's run.

    Parameters
    ----------
    path : str or Path, optional
        A file in the same format; by default the copy shipped in the package (:data:`R_REFERENCE`).

    Returns
    -------
    RReference

    Examples
    --------
    >>> ref = load_r_reference()
    >>> ref.config["hidden"], ref.config["maxit"], len(ref.losses), ref.samp[:5].tolist()
    (10, 2000, 2000, [14, 19, 28, 43, 10])
    """
    if path is None:
        source = f"backprop/_resources/{R_REFERENCE}"
        rec = _parse_records(read_resource(R_REFERENCE), source)
    else:
        source = str(path)
        rec = read_r_records(path)
    name, sample_kind, seed, hidden, lr, reg, maxit, abstol = rec["config"]
    config = {"name": name, "sample_kind": sample_kind, "seed": int(seed), "hidden": int(hidden),
              "lr": float(lr), "reg": float(reg), "maxit": int(maxit), "abstol": float(abstol)}
    H = config["hidden"]

    def floats(tag):
        return np.array(rec[tag], dtype=np.float64)

    def ints(tag):
        return np.array(rec[tag], dtype=np.intp)

    def weights(stage):  # R stores W1 (D x H) and W2 (H x K) column by column
        return (floats(f"W1_{stage}_colmajor").reshape((-1, H), order="F"),
                floats(f"W2_{stage}_colmajor").reshape((H, -1), order="F"))

    W1, W2 = weights("init")
    initial = Params(W1, np.zeros(H), W2, np.zeros(W2.shape[1]))
    W1, W2 = weights("final")
    final = Params(W1, floats("b1_final"), W2, floats("b2_final"))
    losses = floats("losses")
    if len(losses) != int(rec["iters"][0]):
        raise ValueError(f"{source}: {len(losses)} losses but iters = {rec['iters'][0]}")
    return RReference(config, ints("samp"), initial, losses, final,
                      ints("test_pred"), floats("rnorm10"), floats("runif10"), ints("sample_150_150"))
