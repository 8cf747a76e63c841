r"""The whole training step in plain numpy: one statement per line of the R loop.

This is the readable version of what :func:`backprop.train` computes, and the oracle the tests
and the benchmarks compare it with. Each statement is the R line written beside it, with R's
array names (``hidden`` is R's ``hidden.layer``, ``scores`` its ``score``), in the course's
notation:

.. math::

    Z = X W_1 + b_1,\quad A = \max(Z, 0),\quad S = A W_2 + b_2,\quad P = \operatorname{softmax}(S),\\
    L = -\frac1N \sum_i \log P_{i, y_i} + \tfrac12\lambda\left(\lVert W_1\rVert^2 + \lVert W_2\rVert^2\right),\\
    \delta_S = (P - T)/N,\quad \delta_A = \delta_S W_2^\top,\quad \delta_Z = \delta_A \odot [A > 0],\\
    \partial L/\partial W_2 = A^\top \delta_S + \lambda W_2,\quad \partial L/\partial b_2 = \mathbf 1^\top \delta_S,\\
    \partial L/\partial W_1 = X^\top \delta_Z + \lambda W_1,\quad \partial L/\partial b_1 = \mathbf 1^\top \delta_Z.

:mod:`backprop.layers` computes the same numbers faster (one function per equation, arrays
reused between steps); they agree to rounding.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .params import Params


class Step(NamedTuple):
    """Everything one iteration of the R loop computes, under R's names.

    ``loss`` is computed before the update; ``dhidden`` is :math:`\\delta_A` (R's ``dhidden``
    before the mask) and ``dz`` is :math:`\\delta_Z` (R's ``dhidden`` after it: R overwrites one
    array, the step keeps both); ``grads`` holds ``dW1, db1, dW2, db2`` and ``params`` the
    parameters after the update.
    """

    loss: float
    hidden: np.ndarray
    scores: np.ndarray
    probs: np.ndarray
    dscores: np.ndarray
    dhidden: np.ndarray
    dz: np.ndarray
    grads: Params
    params: Params


def train_step(params: Params, X, y, *, lr: float, reg: float) -> Step:
    """One iteration of R's ``train.dnn`` loop on the batch ``X`` (N, D) with labels ``y`` in 0..K-1.

    No input checks and no reuse of memory: every array is new, as in R.
    """
    W1, b1, W2, b2 = params
    batchsize = X.shape[0]
    Y_index = (np.arange(batchsize), y)                           # Y.index <- cbind(1:N, match(Y, Y.set))
    hidden = X @ W1 + b1                                          # hidden.layer <- sweep(X %*% W1 ,2, b1, '+')
    hidden = np.maximum(hidden, 0)                                # hidden.layer <- pmax(hidden.layer, 0)
    scores = hidden @ W2 + b2                                     # score <- sweep(hidden.layer %*% W2, 2, b2, '+')
    score_exp = np.exp(scores - scores.max(axis=1, keepdims=True))  # score.exp <- exp(score)  (R: no shift)
    probs = score_exp / score_exp.sum(axis=1, keepdims=True)      # probs <- score.exp/rowSums(score.exp)
    corect_logprobs = -np.log(probs[Y_index])                     # corect.logprobs <- -log(probs[Y.index])
    data_loss = corect_logprobs.sum() / batchsize                 # data.loss <- sum(corect.logprobs)/batchsize
    reg_loss = 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))    # reg.loss <- 0.5*reg* (sum(W1*W1) + sum(W2*W2))
    loss = data_loss + reg_loss                                   # loss <- data.loss + reg.loss
    dscores = probs.copy()                                        # dscores <- probs
    dscores[Y_index] = dscores[Y_index] - 1                       # dscores[Y.index] <- dscores[Y.index] - 1
    dscores = dscores / batchsize                                 # dscores <- dscores / batchsize
    dW2 = hidden.T @ dscores                                      # dW2 <- t(hidden.layer) %*% dscores
    db2 = dscores.sum(axis=0)                                     # db2 <- colSums(dscores)
    dhidden = dscores @ W2.T                                      # dhidden <- dscores %*% t(W2)
    dz = dhidden.copy()                                           # (R overwrites dhidden; a new name keeps delta_A)
    dz[hidden <= 0] = 0                                           # dhidden[hidden.layer <= 0] <- 0
    dW1 = X.T @ dz                                                # dW1 <- t(X) %*% dhidden
    db1 = dz.sum(axis=0)                                          # db1 <- colSums(dhidden)
    dW2 = dW2 + reg * W2                                          # dW2 <- dW2  + reg * W2
    dW1 = dW1 + reg * W1                                          # dW1 <- dW1  + reg * W1
    W1 = W1 - lr * dW1                                            # W1  <- W1 - lr * dW1
    b1 = b1 - lr * db1                                            # b1  <- b1 - lr * db1
    W2 = W2 - lr * dW2                                            # W2  <- W2 - lr * dW2
    b2 = b2 - lr * db2                                            # b2  <- b2 - lr * db2
    return Step(float(loss), hidden, scores, probs, dscores, dhidden, dz,
                Params(dW1, db1, dW2, db2), Params(W1, b1, W2, b2))


def train(X, y, params: Params, *, lr: float, reg: float, maxit: int, abstol: float) -> tuple[Params, np.ndarray]:
    """R's loop: :func:`train_step` until ``maxit`` iterations or a loss ``<= abstol``.

    Returns the parameters after the last update and the loss of every iteration (computed
    before that iteration's update), like :func:`backprop.train` without its test accuracy.
    """
    losses, i, loss = [], 0, 100000                               # loss <- 100000; i <- 0
    while i < maxit and loss > abstol:                            # while(i < maxit && loss > abstol) {
        i = i + 1                                                 #   i <- i + 1
        loss, *_, params = train_step(params, X, y, lr=lr, reg=reg)
        losses.append(loss)
    return params, np.array(losses)
