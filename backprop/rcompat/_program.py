r"""The R program: ``train.dnn``'s initial weights and its training run."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import check_labels, check_matrix, check_scalar
from ..params import Params
from ..training import History, train
from ._rng import RRandom, check_seed


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

    Examples
    --------
    >>> params = r_init_params(4, 10, 3, random_seed=1)
    >>> params.W1.shape, params.W2.shape
    ((4, 10), (10, 3))
    >>> draws = RRandom(1).rnorm(4 * 10)          # W1 takes the first D*H draws, column by column
    >>> bool((params.W1[:, 0] == 0.01 * draws[:4]).all())
    True
    """
    for value, name in ((n_features, "n_features"), (n_hidden, "n_hidden"), (n_classes, "n_classes")):
        check_scalar(value, name, minimum=1, integer=True)
    rng = RRandom(check_seed(random_seed, "random_seed"))
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
