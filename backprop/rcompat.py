r"""R's random numbers and R's ``train.dnn``, reproduced exactly in Python.

The original R program draws its training rows with ``sample()`` and its initial weights with
``rnorm()``. To get the very same numbers in Python, three things of R's must be copied:

1. **the generator**: R's default Mersenne-Twister, seeded the way ``set.seed`` seeds it (not
   the way numpy seeds MT19937), see :class:`RRandom`;
2. **the transformations**: ``rnorm`` by inversion of two uniforms, ``sample`` by R's
   partial shuffle with its index rule (``sample.kind`` "Rounding" before R 3.6, "Rejection"
   since);
3. **the layout**: ``matrix(rnorm(D*H), nrow=D)`` fills column by column (column-major,
   numpy's ``order="F"``), so the same draws land in different places than numpy's row-major
   ``reshape`` would put them.

With these, :func:`train_dnn` reproduces R's ``train.dnn`` loss for loss (the training loop
itself is :func:`backprop.train`), and :func:`blog_run` the whole run of the blog post.
"""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist
from typing import NamedTuple

import numpy as np

from ._validation import check_labels, check_matrix, check_scalar
from .data import Split, load_iris_data, split_rows
from .params import Params
from .training import History, train

#: ``2^-32``: R's ``MT_genrand`` returns the 32-bit output ``y`` times this, in [0, 1).
_TWO_POW_M32 = 2.3283064365386963e-10
#: R's ``i2_32m1 = 1/(2^32 - 1)``; ``fixup`` maps an exact 0 to half of it.
_I2_32M1 = 2.328306437080797e-10
#: ``BIG = 2^27`` in R's inversion ``norm_rand``.
_BIG = 134217728
#: Largest ``n`` for which ``sample.int`` uses the algorithm copied here (R switches to
#: hashing, ``sample2``, above 1e7 when ``size <= n/2``).
_MAX_SAMPLE_N = 10_000_000
_SAMPLE_KINDS = ("Rounding", "Rejection")
_STANDARD_NORMAL = NormalDist()


def _check_seed(seed, name: str) -> int:
    """Return ``seed`` if it is an R integer (``|seed| <= 2^31 - 1``; ``-2^31`` is R's NA)."""
    check_scalar(seed, name, minimum=-(2**31 - 1), integer=True)
    if seed > 2**31 - 1:
        raise ValueError(f"{name} must be an R integer, |{name}| <= 2147483647, got {seed}")
    return int(seed)


class RRandom:
    r"""R's default random number generator, from ``set.seed(seed)`` on.

    R: ``RNGkind("Mersenne-Twister", "Inversion", sample_kind); set.seed(seed)``.

    ``set.seed`` scrambles the seed with the linear congruential map
    :math:`s \leftarrow 69069\,s + 1 \pmod{2^{32}}` fifty times, then applies it 625 more times
    and stores each value: the first is MT's position ``mti`` (reset to 624, so the first draw
    regenerates the state), the other 624 are the Mersenne-Twister state. numpy's
    ``MT19937`` bit generator runs the same recurrence from that state, so only the seeding is
    R's own. Each method continues the stream, as consecutive calls in R do.

    Parameters
    ----------
    seed : int
        R's integer seed, :math:`|s| \le 2^{31}-1` (R's integer range; negative seeds are
        taken modulo :math:`2^{32}`, as R's C code does).
    sample_kind : {"Rejection", "Rounding"}, default "Rejection"
        How :meth:`sample` turns uniforms into indices: "Rejection" is R's default since 3.6.0,
        "Rounding" the earlier behaviour (``RNGkind(sample.kind = "Rounding")``), which the 2016
        blog post had.

    Examples
    --------
    >>> RRandom(1).rnorm(3).round(6)        # R: set.seed(1); rnorm(3)
    array([-0.626454,  0.183643, -0.835629])
    >>> RRandom(1, "Rounding").sample(10, 3)  # R: RNGkind(sample.kind="Rounding"); set.seed(1); sample(10, 3)
    array([3, 4, 5])
    """

    def __init__(self, seed: int, sample_kind: str = "Rejection"):
        _check_seed(seed, "seed")
        if sample_kind not in _SAMPLE_KINDS:
            raise ValueError(f"sample_kind must be one of {_SAMPLE_KINDS}, got {sample_kind!r}")
        self.seed = int(seed)
        self.sample_kind = sample_kind
        s = self.seed % 2**32
        for _ in range(50):  # Initial scrambling
            s = (69069 * s + 1) % 2**32
        words = []
        for _ in range(625):  # i_seed[0] (mti, overwritten below) and the 624 MT words
            s = (69069 * s + 1) % 2**32
            words.append(s)
        self._bits = np.random.MT19937()
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": np.array(words[1:], dtype=np.uint32), "pos": 624}}

    def __repr__(self) -> str:
        return f"RRandom(seed={self.seed}, sample_kind={self.sample_kind!r})"

    def unif_rand(self, n: int) -> np.ndarray:
        r"""``n`` draws of R's C-level ``unif_rand()``: :math:`u = y \cdot 2^{-32}`, in (0, 1).

        ``y`` is the next 32-bit Mersenne-Twister output; R's ``fixup`` replaces an exact 0 by
        :math:`2^{-1}/(2^{32}-1)` so that 0 is never returned.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        u = self._bits.random_raw(n).astype(np.float64) * _TWO_POW_M32
        u[u <= 0.0] = 0.5 * _I2_32M1
        return u

    def runif(self, n: int, min: float = 0.0, max: float = 1.0) -> np.ndarray:  # noqa: A002 (R's names)
        r"""R's ``runif(n, min, max)``: :math:`\text{min} + (\text{max}-\text{min})\,u`.

        As in R, ``min == max`` returns ``min`` without drawing.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        check_scalar(min, "min", minimum=-np.inf)
        check_scalar(max, "max", minimum=min)
        if min == max:
            return np.full(n, float(min))
        return min + (max - min) * self.unif_rand(n)

    def rnorm(self, n: int, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
        r"""R's ``rnorm(n, mean, sd)`` with the default normal kind, "Inversion".

        Each draw uses two uniforms, for more than 32 bits of resolution, and Wichura's AS241
        quantile function :math:`\Phi^{-1}` (R's ``qnorm``; Python's ``NormalDist.inv_cdf``
        is the same algorithm and gives the same bits):

        .. math:: u = \lfloor 2^{27} u_1 \rfloor + u_2,\qquad x = \text{mean} + \text{sd}\cdot\Phi^{-1}(u / 2^{27})

        R (``snorm.c``): ``u = unif_rand(); u = (int)(BIG*u) + unif_rand(); return qnorm5(u/BIG, 0.0, 1.0, 1, 0);``.
        As in R, ``sd == 0`` returns ``mean`` without drawing.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        check_scalar(mean, "mean", minimum=-np.inf)
        check_scalar(sd, "sd")
        if sd == 0:
            return np.full(n, float(mean))
        u1, u2 = self.unif_rand(2 * n).reshape(n, 2).T
        p = (np.floor(_BIG * u1) + u2) / _BIG
        return mean + sd * np.array([_STANDARD_NORMAL.inv_cdf(pi) for pi in p])

    def _unif_index(self, n: int) -> int:
        r"""R's ``R_unif_index(n)``: a uniform integer in ``0..n-1``.

        "Rounding": :math:`\lfloor n u \rfloor`. "Rejection": draw :math:`b = \lceil\log_2 n\rceil`
        random bits (16 per uniform, :math:`\lfloor 65536\,u\rfloor`, keeping the low ``b``) and
        retry until the number is below ``n``.
        """
        if self.sample_kind == "Rounding":
            return int(math.floor(n * self.unif_rand(1)[0]))
        bits = math.ceil(math.log2(n))
        while True:
            v = 0
            for _ in range(bits // 16 + 1):  # R: for (n = 0; n <= bits; n += 16)
                v = 65536 * v + int(math.floor(self.unif_rand(1)[0] * 65536))
            v &= (1 << bits) - 1
            if v < n:
                return v

    def sample(self, n: int, size: int | None = None, *, replace: bool = False) -> np.ndarray:
        r"""R's ``sample(1:n, size, replace)``, 1-based like R.

        Without replacement R keeps the pool ``x = 0..n-1`` and, for each draw, takes a uniform
        index ``j`` into the first ``n`` entries, outputs ``x[j] + 1`` and moves the last entry
        into the hole (``x[j] = x[--n]``), a partial Fisher-Yates shuffle (R's ``do_sample``).
        With replacement each draw is ``j + 1``.

        Parameters
        ----------
        n : int
            Population ``1..n``, :math:`1 \le n \le 10^7` (above that R uses another algorithm).
        size : int, optional
            Number of draws, ``n`` by default; at most ``n`` without replacement.
        replace : bool, default False

        Returns
        -------
        ndarray of int, shape (size,)
            Values in ``1..n``.
        """
        check_scalar(n, "n", minimum=1, integer=True)
        if n > _MAX_SAMPLE_N:
            raise ValueError(f"n must be at most {_MAX_SAMPLE_N} (R samples larger populations "
                             f"with a different algorithm), got {n}")
        size = n if size is None else check_scalar(size, "size", integer=True)
        if not isinstance(replace, bool):
            raise TypeError(f"replace must be a bool, got {type(replace).__name__}")
        if replace:
            return np.array([self._unif_index(n) + 1 for _ in range(size)], dtype=np.intp)
        if size > n:
            raise ValueError(f"size must be at most n={n} when sampling without replacement, got {size}")
        moved = {}  # the entries of R's pool x that differ from x[j] = j
        out = np.empty(size, dtype=np.intp)
        for i in range(size):
            j = self._unif_index(n)
            out[i] = moved.get(j, j) + 1  # R: iy[i] = x[j] + 1
            n -= 1
            moved[j] = moved.get(n, n)    # R: x[j] = x[--n]
        return out


def r_init_params(n_features: int, n_hidden: int, n_classes: int, *, random_seed: int) -> Params:
    r"""The initial parameters R's ``train.dnn`` draws after ``set.seed(random.seed)``.

    .. math:: W_1 = 0.01\,\mathcal N^{D\times H},\quad b_1 = 0,\quad
              W_2 = 0.01\,\mathcal N^{H\times K},\quad b_2 = 0

    R::

        set.seed(random.seed)
        W1 <- 0.01*matrix(rnorm(D*H), nrow=D, ncol=H)
        b1 <- matrix(0, nrow=1, ncol=H)
        W2 <- 0.01*matrix(rnorm(H*K), nrow=H, ncol=K)
        b2 <- matrix(0, nrow=1, ncol=K)

    ``matrix()`` fills column by column, hence ``reshape(..., order="F")``; ``W1`` takes the
    first :math:`DH` draws of the stream, ``W2`` the next :math:`HK`.

    Parameters
    ----------
    n_features, n_hidden, n_classes : int
        D, H and K; each at least 1.
    random_seed : int
        The seed given to ``set.seed``.

    Returns
    -------
    Params
        ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, K), ``b2`` (K,).
    """
    for value, name in ((n_features, "n_features"), (n_hidden, "n_hidden"), (n_classes, "n_classes")):
        check_scalar(value, name, minimum=1, integer=True)
    rng = RRandom(_check_seed(random_seed, "random_seed"))
    W1 = 0.01 * rng.rnorm(n_features * n_hidden).reshape((n_features, n_hidden), order="F")
    W2 = 0.01 * rng.rnorm(n_hidden * n_classes).reshape((n_hidden, n_classes), order="F")
    return Params(W1, np.zeros(n_hidden), W2, np.zeros(n_classes))


class DnnResult(NamedTuple):
    """What :func:`train_dnn` returns.

    Attributes
    ----------
    params : Params
        The trained parameters (R's ``model$W1``, ``model$b1``, ``model$W2``, ``model$b2``).
    initial_params : Params
        The parameters R drew before the first iteration (see :func:`r_init_params`).
    history : backprop.History
        Loss of every iteration and the test accuracies at the display steps.
    """

    params: Params
    initial_params: Params
    history: History

    @property
    def loss(self) -> np.ndarray:
        """The loss of every iteration, computed before that iteration's update; shape (n_iter,)."""
        return self.history.loss

    @property
    def test_steps(self) -> np.ndarray:
        """The iterations at which R prints ``i, loss, accuracy`` (multiples of ``display``)."""
        return self.history.test_steps

    @property
    def test_accuracy(self) -> np.ndarray:
        """The test accuracy R prints at those steps."""
        return self.history.test_accuracy


def train_dnn(x, y, *, hidden: int, maxit: int, abstol: float, lr: float, reg: float,
              random_seed: int, x_test=None, y_test=None, display: int = 100) -> DnnResult:
    r"""R's ``train.dnn``: draw the weights with R's RNG, then train by full-batch gradient descent.

    R (abridged)::

        train.dnn <- function(x, y, traindata, testdata, hidden, maxit, abstol, lr, reg,
                              display, random.seed) {
          set.seed(random.seed)
          ...                               # W1, b1, W2, b2: see r_init_params
          loss <- 100000; i <- 0
          while(i < maxit && loss > abstol) {
            i <- i + 1
            ...                             # forward pass, loss
            if (i %% display == 0) ...      # print i, loss, test accuracy
            ...                             # backward pass, update
          }
        }

    The initial parameters come from :func:`r_init_params`; the loop is :func:`backprop.train`
    (stop when ``i == maxit`` or the loss just computed is :math:`\le` ``abstol``).
    Here ``x`` and ``y`` are the data themselves, not R's column numbers.

    Parameters
    ----------
    x : ndarray, shape (N, D)
        Training features (R: ``data.matrix(traindata[, x])``).
    y : ndarray of int, shape (N,)
        Class indices 0..K-1, every class present at least once (R counts
        ``K <- length(unique(Y))``).
    hidden : int
        H, the number of hidden units.
    maxit : int
        Maximum number of iterations.
    abstol : float
        Stop once the loss is at most this.
    lr : float
        Learning rate.
    reg : float
        L2 strength.
    random_seed : int
        R's ``random.seed``, given to ``set.seed`` before the weights are drawn.
    x_test, y_test : ndarray, optional
        Test data (R: ``testdata``); when given, the accuracy is recorded every ``display`` steps.
    display : int, default 100

    Returns
    -------
    DnnResult
        ``.params``, ``.initial_params``, ``.history``, ``.loss``, ``.test_steps``, ``.test_accuracy``.

    Notes
    -----
    R's ``predict.dnn`` uses ``max.col``, which breaks ties between scores within a relative
    1e-5 at random; :func:`backprop.predict` takes the first maximum. The two can only differ
    on rows whose scores are that close.
    """
    x = check_matrix(x, "x")
    y = check_labels(y, "y", n_samples=x.shape[0])
    n_classes = int(y.max()) + 1
    if len(np.unique(y)) != n_classes:
        raise ValueError(f"y must contain every class 0..{n_classes - 1} at least once "
                         f"(R counts K = length(unique(Y))), got classes {np.unique(y).tolist()}")
    check_scalar(hidden, "hidden", minimum=1, integer=True)
    initial = r_init_params(x.shape[1], hidden, n_classes, random_seed=random_seed)
    params, history = train(x, y, initial, lr=lr, reg=reg, maxit=maxit, abstol=abstol,
                            X_test=x_test, y_test=y_test, display=display)
    return DnnResult(params, initial, history)


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
    """
    if not isinstance(settings, BlogSettings):
        raise TypeError(f"settings must be a BlogSettings, got {type(settings).__name__}")
    X, y, _, _ = load_iris_data()
    rng = RRandom(settings.split_seed, settings.sample_kind)
    per_class = np.bincount(y)
    starts = np.concatenate([[0], np.cumsum(per_class)[:-1]])
    samp = np.concatenate([start + rng.sample(int(count), settings.n_train_per_class)
                           for start, count in zip(starts, per_class)])
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


# ------------------------------------------------------------------------- reference files

#: The R reference output of the blog's run, copied into the repository's tests.
R_REFERENCE_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "blog_seed1_hidden10.txt"


def read_r_records(path) -> dict[str, list[str]]:
    """Read a reference file written by R: one record a line, a tag then values, space-separated.

    Returns
    -------
    dict
        tag -> list of the value strings (in file order). Tags must be unique.
    """
    path = Path(path)
    records: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        tag, *values = line.split()
        if tag in records:
            raise ValueError(f"path: tag {tag!r} appears twice in {path}; expected one record per tag")
        records[tag] = values
    return records


class RReference(NamedTuple):
    """The R program's output (``tests/data/blog_seed1_hidden10.txt``), as arrays.

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
        Defaults to :data:`R_REFERENCE_PATH` (``tests/data/`` of the repository).

    Returns
    -------
    RReference
    """
    rec = read_r_records(R_REFERENCE_PATH if path is None else path)
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
        raise ValueError(f"path: {len(losses)} losses but iters = {rec['iters'][0]}")
    return RReference(config, ints("samp"), initial, losses, final,
                      ints("test_pred"), floats("rnorm10"), floats("runif10"), ints("sample_150_150"))
