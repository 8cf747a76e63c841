r"""One function per equation of the forward and backward pass.

Row convention, as in the R code: a batch is a matrix with one example per row, so a layer is
:math:`Z = X W + b` with ``X`` of shape (N, D) and ``W`` of shape (D, H).

These are the inner loop of :func:`backprop.train`, so they do not validate their input (the
public entry points :func:`backprop.loss_and_gradients` and :func:`backprop.train` do, once).
Every function accepts an optional ``out=`` array of the result's shape (C-contiguous float64);
it is written and returned, which lets the training loop reuse memory. Inputs are never modified.

Speed notes (the measurements behind them are in ``benchmarks/README.md``): matrix products use
``np.dot``, the same BLAS call as ``@`` with less dispatch overhead (0.7 µs instead of 1.2 µs a
call at iris size); sums over a batch or a short row are written as products with a vector of
ones, because numpy's reductions cost 2–4 µs a call at iris size and are 3–10× slower than BLAS
at digits size (1797×64).
"""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=16)
def _ones(n: int) -> np.ndarray:
    """A read-only vector of ``n`` ones, for sums written as products (cached: at iris size
    allocating it with ``np.ones`` costs 0.75 µs, as much as the product)."""
    ones = np.ones(n)
    ones.flags.writeable = False
    return ones


@functools.lru_cache(maxsize=16)
def _rows(n: int) -> np.ndarray:
    """The read-only row numbers ``0..n-1``: ``probs[rows, y]`` picks entry ``y[i]`` of each row
    ``i``, as R's ``probs[Y.index]`` does (cached like :func:`_ones`)."""
    rows = np.arange(n)
    rows.flags.writeable = False
    return rows

# ---------------------------------------------------------------------------- forward pass


def affine_forward(x, W, b, *, out=None):
    r"""Affine layer :math:`Z = XW + b` (``b`` broadcast over the rows).

    R: ``hidden.layer <- sweep(X %*% W1, 2, b1, '+')`` and ``score <- sweep(hidden.layer %*% W2, 2, b2, '+')``.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    W : ndarray, shape (D, H)
    b : ndarray, shape (H,)
    out : ndarray, shape (N, H), optional

    Returns
    -------
    ndarray, shape (N, H)
    """
    out = np.dot(x, W, out=out)
    out += b
    return out


def relu_forward(z, *, out=None):
    r"""Rectified linear unit :math:`h = \max(z, 0)`, element-wise.

    R: ``hidden.layer <- pmax(hidden.layer, 0)``.

    Parameters
    ----------
    z : ndarray, shape (N, H)
    out : ndarray, shape (N, H), optional (may be ``z`` itself only if ``z`` is a scratch array)

    Returns
    -------
    ndarray, shape (N, H)
    """
    # Clipping to [0, inf) is max(z, 0), and numpy's clip is vectorised where maximum with a scalar
    # is not: 27 us instead of 53 us at 1797x64 (1.4 us instead of 1.0 us at iris size).
    return z.clip(0.0, np.inf, out=out)


def softmax(scores, *, out=None):
    r"""Row-wise softmax :math:`y_{ik} = e^{s_{ik} - m_i} / \sum_j e^{s_{ij} - m_i}`, :math:`m_i = \max_j s_{ij}`.

    Subtracting the row maximum changes nothing mathematically (it cancels between numerator and
    denominator) but keeps ``exp`` from overflowing for large scores.

    R: ``score.exp <- exp(score); probs <- sweep(score.exp, 1, rowSums(score.exp), '/')``
    (R omits the shift; its scores stay small on iris).

    Parameters
    ----------
    scores : ndarray, shape (N, K)
    out : ndarray, shape (N, K), optional

    Returns
    -------
    ndarray, shape (N, K)
        Each row is a probability vector: non-negative, summing to 1.
    """
    # The row maxima as K - 1 element-wise maxima of whole columns and the row sums as a product
    # with a vector of ones: the same numbers as scores.max(axis=1) and out.sum(axis=1), but numpy
    # reduces short rows slowly (1797x10: 70 us for the max, 36 us for the sum; here 17 and 5 us).
    row_max = functools.reduce(np.maximum, scores.T)
    out = np.subtract(scores, row_max[:, np.newaxis], out=out)
    np.exp(out, out=out)
    out /= np.dot(out, _ones(out.shape[1]))[:, np.newaxis]
    return out


def cross_entropy(probs, y):
    r"""Mean cross-entropy :math:`L_{data} = -\frac1N \sum_i \log y_{i, t_i}`.

    R: ``corect.logprobs <- -log(probs[Y.index]); data.loss <- sum(corect.logprobs)/batchsize``.

    Parameters
    ----------
    probs : ndarray, shape (N, K)
        Softmax outputs.
    y : ndarray of int, shape (N,)
        Class indices :math:`t_i \in \{0, \dots, K-1\}`.

    Returns
    -------
    float
        ``inf`` when some example's true class has probability 0 (it underflowed in the
        softmax): :math:`-\log 0 = \infty` is the exact value, returned without numpy's warning.
    """
    n = probs.shape[0]
    with np.errstate(divide="ignore"):  # log(0) = -inf is the answer, not an accident
        return float(-np.log(probs[_rows(n), y]).sum() / n)


def l2_penalty(*weights, reg):
    r"""L2 penalty :math:`\tfrac12\,\lambda \sum_W \sum_{ij} W_{ij}^2` over the given weight matrices.

    R: ``reg.loss <- 0.5*reg* (sum(W1*W1) + sum(W2*W2))``. Biases are not penalised.

    Parameters
    ----------
    *weights : ndarray
        Weight matrices (``W1``, ``W2``).
    reg : float
        :math:`\lambda`, the regularisation strength.

    Returns
    -------
    float
    """
    return 0.5 * reg * float(sum(map(np.vdot, weights, weights)))


# --------------------------------------------------------------------------- backward pass


def softmax_cross_entropy_backward(probs, y, *, out=None):
    r"""Gradient of :math:`-\log y_{i,t_i}` with respect to the scores: :math:`\delta = Y - T`.

    ``T`` is the one-hot matrix of the labels, so this subtracts 1 from each row's entry at its
    true class and leaves the rest unchanged.

    R: ``dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1``.

    Parameters
    ----------
    probs : ndarray, shape (N, K)
    y : ndarray of int, shape (N,)
    out : ndarray, shape (N, K), optional

    Returns
    -------
    ndarray, shape (N, K)
        Per-example gradients (not yet divided by N); each row sums to 0.
    """
    if out is None:
        out = probs.copy()
    else:
        np.copyto(out, probs)
    # The entries (i, y_i) as positions in the flattened array, found (and checked to be in range)
    # once, then read and written: 10.5 us at 1797x10 where out[rows, y] -= 1 takes 14.7 us (and
    # 2.2 us against 4.0 us at iris size).
    if not out.flags.c_contiguous:  # out.reshape(-1) below would be a copy
        raise ValueError("out must be a C-contiguous array")
    positions = np.ravel_multi_index((_rows(out.shape[0]), y), out.shape)
    out.reshape(-1)[positions] -= 1.0
    return out


def mean_over_batch(delta, *, out=None):
    r"""The :math:`1/N` of the mean loss: :math:`\delta \leftarrow \delta / N`, N = number of rows.

    R: ``dscores <- dscores / batchsize``.

    Parameters
    ----------
    delta : ndarray, shape (N, K)
    out : ndarray, shape (N, K), optional

    Returns
    -------
    ndarray, shape (N, K)
    """
    return np.divide(delta, delta.shape[0], out=out)


def weight_gradient(h, delta, *, out=None):
    r"""Weight gradient :math:`\partial L/\partial W = h^\top \delta = \sum_i h_i^\top \delta_i`.

    The sum over the batch of per-example outer products, done as one matrix product.

    R: ``dW2 <- t(hidden.layer) %*% dscores`` and ``dW1 <- t(X) %*% dhidden``.

    Parameters
    ----------
    h : ndarray, shape (N, H)
        The layer's input (``hidden.layer`` for W2, ``X`` for W1).
    delta : ndarray, shape (N, K)
        Gradient with respect to the layer's output.
    out : ndarray, shape (H, K), optional

    Returns
    -------
    ndarray, shape (H, K)
    """
    return np.dot(h.T, delta, out=out)


def bias_gradient(delta, *, out=None):
    r"""Bias gradient :math:`\partial L/\partial b = \sum_i \delta_i = \mathbf 1^\top \delta` (column sums).

    R: ``db2 <- colSums(dscores)`` and ``db1 <- colSums(dhidden)``.

    Parameters
    ----------
    delta : ndarray, shape (N, K)
    out : ndarray, shape (K,), optional

    Returns
    -------
    ndarray, shape (K,)
    """
    # 1^T delta as a BLAS matrix-vector product: 11 us at 1797x64 against 47 us for
    # np.sum(delta, axis=0), and 0.9 us against 3.4 us at iris size.
    return np.dot(_ones(delta.shape[0]), delta, out=out)


def input_gradient(delta, W, *, out=None):
    r"""Gradient with respect to a layer's input: :math:`\delta_h = \delta\, W^\top`.

    R: ``dhidden <- dscores %*% t(W2)``.

    Parameters
    ----------
    delta : ndarray, shape (N, K)
    W : ndarray, shape (H, K)
    out : ndarray, shape (N, H), optional

    Returns
    -------
    ndarray, shape (N, H)
    """
    return np.dot(delta, W.T, out=out)


def relu_backward(dh, h, *, out=None):
    r"""ReLU mask: :math:`\delta_z = \delta_h \odot [h > 0]`.

    Zeroes the gradient wherever the unit was not active. Testing :math:`h \le 0` is the same as
    testing :math:`z \le 0` because :math:`h = \max(z, 0)`; at :math:`z = 0` the derivative is
    taken to be 0, as in the R code.

    R: ``dhidden[hidden.layer <= 0] <- 0``.

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        Gradient with respect to the ReLU's output.
    h : ndarray, shape (N, H)
        The ReLU's output (``hidden.layer``).
    out : ndarray, shape (N, H), optional (may be ``dh`` itself if ``dh`` is a scratch array)

    Returns
    -------
    ndarray, shape (N, H)
    """
    # A product with the 0/1 mask rather than R's masked assignment: np.copyto(out, 0, where=h <= 0)
    # and out[h <= 0] = 0 take 450 us at 1797x64, this about 75 us. Adding 0.0 turns the -0.0 of a
    # negative gradient times 0 into the 0.0 that R's assignment gives (numpy prints -0.0 as "-0.").
    out = np.multiply(dh, h > 0, out=out)
    out += 0.0
    return out


def l2_gradient(dW, W, *, reg, out=None):
    r"""Add the penalty's gradient: :math:`\partial L/\partial W \mathrel{+}= \lambda W`.

    From :math:`\partial/\partial W\, \tfrac12 \lambda \sum W^2 = \lambda W`.

    R: ``dW2 <- dW2 + reg*W2`` and ``dW1 <- dW1 + reg*W1``.

    Parameters
    ----------
    dW : ndarray, shape (D, H)
        Data-loss gradient.
    W : ndarray, shape (D, H)
    reg : float
    out : ndarray, shape (D, H), optional (may be ``dW``)

    Returns
    -------
    ndarray, shape (D, H)
    """
    return np.add(dW, reg * W, out=out)


def sgd_update(param, grad, *, lr, out=None):
    r"""One gradient-descent step :math:`\theta \leftarrow \theta - \eta\, \partial L/\partial\theta`.

    R: ``W1 <- W1 - lr * dW1`` (and the same for ``b1``, ``W2``, ``b2``).

    Parameters
    ----------
    param, grad : ndarray of the same shape
    lr : float
        :math:`\eta`, the learning rate.
    out : ndarray, optional (may be ``param`` for an in-place step)

    Returns
    -------
    ndarray
    """
    return np.subtract(param, lr * grad, out=out)
