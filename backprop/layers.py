r"""One function per equation of the forward and backward pass.

Row convention, as in the R code: a batch is a matrix with one example per row, so a layer is
:math:`Z = X W + b` with ``X`` of shape (N, D) and ``W`` of shape (D, H).

Each docstring gives the equation, the R line and the same line in plain numpy ("Plain
numpy:"); :mod:`backprop.reference` is the whole training step written that way.

These are the inner loop of :func:`backprop.train`, so they do not validate their input (the
public entry points :func:`backprop.loss_and_gradients` and :func:`backprop.train` do, once).
Every function that returns an array (all but :func:`cross_entropy` and :func:`l2_penalty`,
which return a number) accepts an optional ``out=`` array of the result's shape (C-contiguous
float64); it is written and returned, which lets the training loop reuse memory. Inputs are
never modified.

Speed: where the code differs from the plain numpy line, a comment says why in one line; the
measurements are in ``benchmarks/README.md`` ("What made train fast"). Matrix products use
``dot``, which is ``np.dot`` (the same BLAS call as ``@``, with less dispatch; tests can make it
sum in another order, :mod:`backprop._arithmetic`); sums over a batch or a short row are products
with a vector of ones (BLAS is faster than numpy's reductions there).
"""

from __future__ import annotations

import functools

import numpy as np

from ._arithmetic import dot, vdot


@functools.lru_cache(maxsize=16)
def _ones(n: int) -> np.ndarray:
    """A read-only vector of ``n`` ones, for sums written as products (cached: at iris size
    allocating it costs as much as the product; see ``benchmarks/README.md``)."""
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

    Plain numpy: ``X @ W1 + b1`` and ``hidden @ W2 + b2``.

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
    out = dot(x, W, out=out)
    out += b
    return out


def relu_forward(z, *, out=None):
    r"""Rectified linear unit :math:`A = \max(Z, 0)`, element-wise.

    R: ``hidden.layer <- pmax(hidden.layer, 0)``.

    Plain numpy: ``np.maximum(z, 0)``.

    Parameters
    ----------
    z : ndarray, shape (N, H)
    out : ndarray, shape (N, H), optional (may be ``z`` itself only if ``z`` is a scratch array)

    Returns
    -------
    ndarray, shape (N, H)
    """
    # max(z, 0) as a clip to [0, inf): numpy vectorises clip, not maximum with a scalar (benchmarks/README.md).
    return z.clip(0.0, np.inf, out=out)


def softmax(scores, *, out=None):
    r"""Row-wise softmax :math:`P_{ik} = e^{S_{ik} - m_i} / \sum_j e^{S_{ij} - m_i}`, :math:`m_i = \max_j S_{ij}`.

    Subtracting the row maximum changes nothing mathematically (it cancels between numerator and
    denominator) but keeps ``exp`` from overflowing for large scores.

    R: ``score.exp <- exp(score); probs <- sweep(score.exp, 1, rowSums(score.exp), '/')``
    (R omits the shift; its scores stay small on iris).

    Plain numpy: ``e = np.exp(scores - scores.max(axis=1, keepdims=True)); probs = e / e.sum(axis=1, keepdims=True)``.

    Parameters
    ----------
    scores : ndarray, shape (N, K)
    out : ndarray, shape (N, K), optional

    Returns
    -------
    ndarray, shape (N, K)
        Each row is a probability vector: non-negative, summing to 1.
    """
    # Row max as column maxima, row sum as a product with ones: numpy reduces short rows slowly (benchmarks/README.md).
    row_max = functools.reduce(np.maximum, scores.T)
    out = np.subtract(scores, row_max[:, np.newaxis], out=out)
    np.exp(out, out=out)
    out /= dot(out, _ones(out.shape[1]))[:, np.newaxis]
    return out


def cross_entropy(probs, y):
    r"""Mean cross-entropy :math:`L_{data} = -\frac1N \sum_i \log P_{i, y_i}`.

    R: ``corect.logprobs <- -log(probs[Y.index]); data.loss <- sum(corect.logprobs)/batchsize``.

    Plain numpy: ``-np.log(probs[np.arange(N), y]).sum() / N``.

    Parameters
    ----------
    probs : ndarray, shape (N, K)
        Softmax outputs.
    y : ndarray of int, shape (N,)
        Class indices :math:`y_i \in \{0, \dots, K-1\}`.

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

    Plain numpy: ``0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))``.

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
    return 0.5 * reg * float(sum(map(vdot, weights, weights)))


# --------------------------------------------------------------------------- backward pass


def softmax_cross_entropy_backward(probs, y, *, out=None):
    r"""Gradient of :math:`-\log P_{i,y_i}` with respect to the scores: :math:`P - T`.

    :math:`T` is the one-hot matrix of the labels, so this subtracts 1 from each row's entry at
    its true class and leaves the rest unchanged (:func:`mean_over_batch` then divides by
    :math:`N`, giving :math:`\delta_S`).

    R: ``dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1``.

    Plain numpy: ``dscores = probs.copy(); dscores[np.arange(N), y] -= 1``.

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
    # Flat positions of (i, y_i), range-checked once: out[rows, y] -= 1 would index twice (benchmarks/README.md).
    if not out.flags.c_contiguous:  # out.reshape(-1) below would be a copy
        raise ValueError("out must be a C-contiguous array")
    positions = np.ravel_multi_index((_rows(out.shape[0]), y), out.shape)
    out.reshape(-1)[positions] -= 1.0
    return out


def mean_over_batch(delta, *, out=None):
    r"""The :math:`1/N` of the mean loss: :math:`\delta_S = (P - T) / N`, N = number of rows.

    R: ``dscores <- dscores / batchsize``.

    Plain numpy: ``dscores / N``.

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

    The sum over the batch of per-example outer products, done as one matrix product:
    :math:`A^\top \delta_S` for :math:`W_2`, :math:`X^\top \delta_Z` for :math:`W_1`.

    R: ``dW2 <- t(hidden.layer) %*% dscores`` and ``dW1 <- t(X) %*% dhidden``.

    Plain numpy: ``hidden.T @ dscores`` and ``X.T @ dhidden``.

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
    return dot(h.T, delta, out=out)


def bias_gradient(delta, *, out=None):
    r"""Bias gradient :math:`\partial L/\partial b = \sum_i \delta_i = \mathbf 1^\top \delta` (column sums).

    R: ``db2 <- colSums(dscores)`` and ``db1 <- colSums(dhidden)``.

    Plain numpy: ``dscores.sum(axis=0)`` and ``dhidden.sum(axis=0)``.

    Parameters
    ----------
    delta : ndarray, shape (N, K)
    out : ndarray, shape (K,), optional

    Returns
    -------
    ndarray, shape (K,)
    """
    # 1^T delta as a BLAS matrix-vector product: faster than delta.sum(axis=0) (benchmarks/README.md).
    return dot(_ones(delta.shape[0]), delta, out=out)


def input_gradient(delta, W, *, out=None):
    r"""Gradient with respect to a layer's input: :math:`\delta_A = \delta_S W_2^\top` (before the ReLU mask).

    R: ``dhidden <- dscores %*% t(W2)``.

    Plain numpy: ``dscores @ W2.T``.

    Parameters
    ----------
    delta : ndarray, shape (N, K)
    W : ndarray, shape (H, K)
    out : ndarray, shape (N, H), optional

    Returns
    -------
    ndarray, shape (N, H)
    """
    return dot(delta, W.T, out=out)


def relu_backward(dh, h, *, out=None):
    r"""ReLU mask: :math:`\delta_Z = \delta_A \odot [A > 0]`.

    Zeroes the gradient wherever the unit was not active. Testing :math:`A \le 0` is the same as
    testing :math:`Z \le 0` because :math:`A = \max(Z, 0)`; at :math:`Z = 0` the derivative is
    taken to be 0, as in the R code. Masked entries are ``0.0``, never ``-0.0``, as R's assignment
    gives.

    R: ``dhidden[hidden.layer <= 0] <- 0``.

    Plain numpy: ``dhidden[hidden <= 0] = 0`` (on a copy: this function leaves ``dh`` unchanged).

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        :math:`\delta_A`, the gradient with respect to the ReLU's output.
    h : ndarray, shape (N, H)
        :math:`A`, the ReLU's output (``hidden.layer``).
    out : ndarray, shape (N, H), optional (may be ``dh`` itself if ``dh`` is a scratch array)

    Returns
    -------
    ndarray, shape (N, H)
    """
    # A product with the 0/1 mask: numpy's masked assignment is several times slower (benchmarks/README.md).
    # Adding 0.0 turns the -0.0 of a negative gradient times 0 into R's 0.0 (numpy prints -0.0 as "-0.").
    out = np.multiply(dh, h > 0, out=out)
    out += 0.0
    return out


def l2_gradient(dW, W, *, reg, out=None):
    r"""Add the penalty's gradient: :math:`\partial L/\partial W \mathrel{+}= \lambda W`.

    From :math:`\partial/\partial W\, \tfrac12 \lambda \sum W^2 = \lambda W`.

    R: ``dW2 <- dW2 + reg*W2`` and ``dW1 <- dW1 + reg*W1``.

    Plain numpy: ``dW2 + reg * W2`` and ``dW1 + reg * W1``.

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

    Plain numpy: ``W1 - lr * dW1``.

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
