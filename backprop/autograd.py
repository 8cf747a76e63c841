r"""A small reverse-mode automatic differentiation engine on arrays: a tape and its VJPs.

Every backward line of the R program is the **vector–Jacobian product** (VJP) of one forward
operation: given :math:`\bar v = \partial L/\partial v` for an operation's output :math:`v`, its
VJP returns :math:`\bar u = \partial L/\partial u` for each input :math:`u`. This module records
the forward operations of a network on a :class:`Tape` as they run, then walks the tape backwards
calling each operation's VJP and **adding** the results where a value feeds several operations.
It is micrograd-sized, but every value is a whole array (a batch), as in the R code.

Notation (the course's): :math:`X` (N, D), :math:`Z = XW_1 + b_1`, :math:`A = \max(Z, 0)`,
:math:`S = AW_2 + b_2`, :math:`P = \mathrm{softmax}(S)`, one-hot targets :math:`T`; a bar is the
gradient of the final scalar :math:`L` with respect to a value, so :math:`\bar S = \delta_S`.

Usage, for the R network (``params`` a :class:`~backprop.Params`)::

    tape = Tape()
    W1, b1, W2, b2 = (tape.variable(p, n) for p, n in zip(params, Params._fields))
    A = (tape.constant(X, "X") @ W1 + b1).relu()
    loss = (A @ W2 + b2).softmax_cross_entropy(y).mean() + W1.l2(reg) + W2.l2(reg)
    tape.backward(loss)
    W1.grad          # the dW1 of backprop.loss_and_gradients
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_labels, check_matrix, check_scalar
from .params import Params, check_batch

# ------------------------------------------------------------------------------ the VJPs


def matmul_vjp_left(g, A, B):
    r"""VJP of :math:`C = AB` with respect to the left factor: :math:`\bar A = \bar C B^\top`.

    Shapes: ``g`` :math:`\bar C` (N, K), ``A`` (N, H), ``B`` (H, K) -> (N, H).
    R: ``dhidden <- dscores %*% t(W2)`` (:math:`\delta_A = \delta_S W_2^\top`).
    """
    return g @ B.T


def matmul_vjp_right(g, A, B):
    r"""VJP of :math:`C = AB` with respect to the right factor: :math:`\bar B = A^\top \bar C`.

    Shapes: ``g`` (N, K), ``A`` (N, H), ``B`` (H, K) -> (H, K).
    R: ``dW2 <- t(hidden.layer) %*% dscores`` and ``dW1 <- t(X) %*% dhidden``.
    """
    return A.T @ g


def add_bias_vjp_matrix(g):
    r"""VJP of :math:`Z = M + b` (``b`` added to every row) with respect to :math:`M`: :math:`\bar M = \bar Z`.

    Shapes: (N, H) -> (N, H). R has no line for it: ``dscores`` is used unchanged as the gradient
    of ``hidden.layer %*% W2`` as well as of ``score``.
    """
    return g


def add_bias_vjp_bias(g):
    r"""VJP of :math:`Z = M + b` with respect to :math:`b`: :math:`\bar b = \sum_i \bar Z_i = \mathbf 1^\top \bar Z`.

    Shapes: (N, H) -> (H,): ``b`` was copied to all N rows, so its gradient sums them.
    R: ``db2 <- colSums(dscores)`` and ``db1 <- colSums(dhidden)``.
    """
    return g.sum(axis=0)


def relu_vjp(g, out):
    r"""VJP of :math:`A = \max(Z, 0)`: :math:`\bar Z = \bar A \odot [A > 0]` (derivative 0 at 0, as in R).

    Shapes: ``g`` and ``out`` (the output :math:`A`) (N, H) -> (N, H).
    R: ``dhidden[hidden.layer <= 0] <- 0`` (:math:`\delta_Z = \delta_A \odot [A > 0]`).
    """
    return g * (out > 0)


def leaky_relu_vjp(g, z, slope):
    r"""VJP of :math:`A = \max(Z, aZ)` (slope :math:`0 \le a < 1`):
    :math:`\bar Z = \bar A \odot ([Z > 0] + a[Z \le 0])`.

    Shapes: ``g`` and ``z`` (the input :math:`Z`) (N, H) -> (N, H). Not in the R program.
    """
    return g * np.where(z > 0, 1.0, slope)


def tanh_vjp(g, out):
    r"""VJP of :math:`A = \tanh Z`: :math:`\bar Z = \bar A \odot (1 - A^2)`.

    Shapes: ``g`` and ``out`` (the output :math:`A`) (N, H) -> (N, H). Not in the R program.
    """
    return g * (1.0 - out * out)


def softmax_cross_entropy_vjp(g, probs, y):
    r"""VJP of :math:`\ell_i = -\log P_{i,t_i}`, :math:`P = \mathrm{softmax}(S)`:
    :math:`\bar S_i = \bar\ell_i\,(P_i - T_i)`.

    Shapes: ``g`` :math:`\bar\ell` (N,), ``probs`` :math:`P` (N, K), ``y`` (N,) -> (N, K).
    R: ``dscores <- probs; dscores[Y.index] <- dscores[Y.index] - 1`` (R's :math:`\bar\ell_i` is 1
    here and the :math:`1/N` comes next; in this engine it arrives as :math:`\bar\ell_i = 1/N` from
    :func:`mean_vjp`).
    """
    d = probs.copy()
    d[np.arange(len(y)), y] -= 1.0
    return g[:, None] * d


def mean_vjp(g, n):
    r"""VJP of :math:`L = \frac1N\sum_i \ell_i`: :math:`\bar\ell_i = \bar L / N` for every i.

    Shapes: ``g`` () -> (N,). R: ``dscores <- dscores / batchsize``.
    """
    return np.full(n, g / n)


def l2_vjp(g, W, reg):
    r"""VJP of :math:`R = \tfrac12\lambda\sum W^2`: :math:`\bar W = \bar R\,\lambda W`.

    Shapes: ``g`` () and ``W`` (D, H) -> (D, H). R: the ``reg*W2`` of ``dW2 <- dW2 + reg*W2``; the
    ``+`` is the tape adding the gradients of the two operations that use ``W2``.
    """
    return g * reg * W


def add_vjp(g):
    r"""VJP of :math:`L = u + v` (scalars): :math:`\bar u = \bar v = \bar L`. R: ``loss <- data.loss + reg.loss``."""
    return g


# ------------------------------------------------------------------------------ the tape


class Node:
    """A value recorded on a :class:`Tape`: its array ``value``, and after
    :meth:`Tape.backward` its gradient ``grad`` (same shape; ``None`` if it does not reach the output).

    Build nodes with :meth:`Tape.variable` and :meth:`Tape.constant`, then with the operations
    ``a @ b``, ``a + b`` (bias or scalar), :meth:`relu`, :meth:`leaky_relu`, :meth:`tanh`,
    :meth:`softmax_cross_entropy`, :meth:`mean` and :meth:`l2`.
    """

    def __init__(self, tape, value, name, op="leaf", parents=(), vjps=(), requires_grad=False):
        self.tape, self.value, self.name, self.op = tape, value, name, op
        self.parents, self.vjps, self.grad = tuple(parents), tuple(vjps), None
        self.requires_grad = requires_grad or any(p.requires_grad for p in self.parents)
        tape.nodes.append(self)

    @property
    def shape(self):
        """The shape of ``value``."""
        return self.value.shape

    def __repr__(self):
        return f"Node({self.name!r}, op={self.op!r}, shape={self.shape})"

    @property
    def formula(self):
        """How the value was computed, from the names of its inputs, e.g. ``"X @ W1"``."""
        return _FORMULAS[self.op].format(*(p.name for p in self.parents), name=self.name)

    def _new(self, value, op, parents, vjps):
        return Node(self.tape, value, f"v{len(self.tape.nodes)}", op, parents, vjps)

    def _other(self, other, what):
        if not isinstance(other, Node) or other.tape is not self.tape:
            raise TypeError(f"{what}: both operands must be Nodes of the same Tape, got {type(other).__name__}")
        return other

    def __matmul__(self, other):
        """Matrix product ``self @ other``, (N, H) @ (H, K) -> (N, K)."""
        other = self._other(other, "@")
        if self.value.ndim != 2 or other.value.ndim != 2 or self.shape[1] != other.shape[0]:
            raise ValueError(f"cannot multiply {self.name} {self.shape} by {other.name} {other.shape}: "
                             "need 2-D arrays whose inner dimensions agree")
        A, B = self.value, other.value
        return self._new(A @ B, "matmul", (self, other),
                         (lambda g: matmul_vjp_left(g, A, B), lambda g: matmul_vjp_right(g, A, B)))

    def __add__(self, other):
        """``self + other``: a bias (H,) added to every row of an (N, H) matrix, or two scalars."""
        other = self._other(other, "+")
        if self.value.ndim == 2 and other.value.ndim == 1 and other.shape[0] == self.shape[1]:
            return self._new(self.value + other.value, "add_bias", (self, other),
                             (add_bias_vjp_matrix, add_bias_vjp_bias))
        if self.value.ndim == 0 and other.value.ndim == 0:
            return self._new(self.value + other.value, "add", (self, other), (add_vjp, add_vjp))
        raise ValueError(f"cannot add {other.name} {other.shape} to {self.name} {self.shape}: need an "
                         "(N, H) matrix plus an (H,) bias, or two scalars")

    def _elementwise(self, value, op, vjp):
        if self.value.ndim != 2:
            raise ValueError(f"{op} expects an (N, H) matrix, got {self.name} of shape {self.shape}")
        return self._new(value, op, (self,), (vjp,))

    def relu(self):
        """:math:`\\max(Z, 0)` element-wise; VJP :func:`relu_vjp`."""
        out = np.maximum(self.value, 0.0)
        return self._elementwise(out, "relu", lambda g: relu_vjp(g, out))

    def leaky_relu(self, slope=0.01):
        """:math:`\\max(Z, aZ)` element-wise with slope :math:`a` in [0, 1); VJP :func:`leaky_relu_vjp`."""
        check_scalar(slope, "slope")
        if slope >= 1:
            raise ValueError(f"slope must be < 1, got {slope}")
        z = self.value
        return self._elementwise(np.where(z > 0, z, slope * z), "leaky_relu", lambda g: leaky_relu_vjp(g, z, slope))

    def tanh(self):
        """:math:`\\tanh Z` element-wise; VJP :func:`tanh_vjp`."""
        out = np.tanh(self.value)
        return self._elementwise(out, "tanh", lambda g: tanh_vjp(g, out))

    def softmax_cross_entropy(self, y):
        """Per-example losses :math:`\\ell_i = -\\log \\mathrm{softmax}(S)_{i,t_i}`, (N, K) -> (N,);
        VJP :func:`softmax_cross_entropy_vjp`."""
        if self.value.ndim != 2:
            raise ValueError(f"softmax_cross_entropy expects (N, K) scores, got {self.name} of shape {self.shape}")
        y = check_labels(y, "y", n_samples=self.shape[0], n_classes=self.shape[1])
        e = np.exp(self.value - self.value.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        return self._new(-np.log(probs[np.arange(len(y)), y]), "softmax_cross_entropy", (self,),
                         (lambda g: softmax_cross_entropy_vjp(g, probs, y),))

    def mean(self):
        """:math:`\\frac1N\\sum_i \\ell_i`, (N,) -> (); VJP :func:`mean_vjp`."""
        if self.value.ndim != 1:
            raise ValueError(f"mean expects an (N,) vector, got {self.name} of shape {self.shape}")
        n = self.shape[0]
        return self._new(np.asarray(self.value.mean()), "mean", (self,), (lambda g: mean_vjp(g, n),))

    def l2(self, reg):
        """:math:`\\tfrac12\\lambda\\sum W^2`, (D, H) -> (); VJP :func:`l2_vjp`."""
        check_scalar(reg, "reg")
        W = self.value
        return self._new(np.asarray(0.5 * reg * np.vdot(W, W)), "l2", (self,), (lambda g: l2_vjp(g, W, reg),))


class Tape:
    """The record of one forward pass: ``nodes`` in the order they were computed.

    That order is a topological order (an operation comes after its inputs), so walking it
    backwards visits every node after all the operations that use it: by then its gradient is
    complete.
    """

    def __init__(self):
        self.nodes = []

    def variable(self, value, name="param"):
        """A leaf whose gradient is wanted (a weight or a bias). ``value`` is not modified."""
        return Node(self, check_array(value, name), _name(name), requires_grad=True)

    def constant(self, value, name="X"):
        """A leaf with no gradient (the inputs ``X``): its VJPs are never evaluated."""
        return Node(self, check_array(value, name), _name(name))

    def backward(self, output):
        """Fill ``grad`` of every node that ``output`` depends on (:math:`\\bar L = 1` for ``output``).

        Gradients from a previous call are discarded first. Returns ``output``.
        """
        if not isinstance(output, Node) or output.tape is not self:
            raise TypeError(f"output must be a Node of this Tape, got {type(output).__name__}")
        if output.shape != ():
            raise ValueError(f"output must be a scalar (shape ()), got {output.name} of shape {output.shape}")
        for node in self.nodes:
            node.grad = None
        output.grad = np.asarray(1.0)
        for node in reversed(self.nodes[: self.nodes.index(output) + 1]):
            if node.grad is None:
                continue
            for parent, vjp in zip(node.parents, node.vjps, strict=False):
                if parent.requires_grad:               # skip dX: R never computes it either
                    g = vjp(node.grad)
                    parent.grad = g.copy() if parent.grad is None else parent.grad + g
        return output

    def matmul_flops(self):
        """Floating-point operations of the tape's matrix products, counted from their shapes.

        An (m, k) @ (k, n) product costs 2mkn (a multiply and an add per term). Backward, each
        VJP of a product is itself a product of the same three sizes, evaluated only for the
        factors that need a gradient.

        Returns
        -------
        (forward, backward) : tuple of int
        """
        forward = backward = 0
        for node in self.nodes:
            if node.op == "matmul":
                (m, k), n = node.parents[0].shape, node.shape[1]
                forward += 2 * m * k * n
                backward += 2 * m * k * n * sum(p.requires_grad for p in node.parents)
        return forward, backward


_FORMULAS = {"leaf": "{name}", "matmul": "{0} @ {1}", "add_bias": "{0} + {1}", "add": "{0} + {1}",
             "relu": "relu({0})", "leaky_relu": "leaky_relu({0})", "tanh": "tanh({0})",
             "softmax_cross_entropy": "-log softmax({0})[y]", "mean": "mean({0})", "l2": "0.5 reg |{0}|^2"}


def _name(name):
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    return name


# ------------------------------------------------------------------------------ networks


def network_loss(tape, weights, biases, X, y, *, reg, activation="relu", slope=0.01):
    r"""Record the loss of a network with any number of layers on ``tape``; return its output node.

    :math:`A_0 = X`, :math:`A_l = f(A_{l-1}W_l + b_l)` for the hidden layers, scores
    :math:`S = A_{L-1}W_L + b_L`, loss
    :math:`\frac1N\sum_i -\log\mathrm{softmax}(S)_{i,t_i} + \sum_l \tfrac12\lambda\lVert W_l\rVert^2`.

    Parameters
    ----------
    tape : Tape
    weights, biases : sequences of Node
        :math:`W_l` (n_{l-1}, n_l) and :math:`b_l` (n_l,), from :meth:`Tape.variable`.
    X : Node, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float
    activation : {"relu", "leaky_relu", "tanh"}
    slope : float
        The leaky ReLU's slope for negative inputs.
    """
    if activation not in ("relu", "leaky_relu", "tanh"):
        raise ValueError(f"activation must be 'relu', 'leaky_relu' or 'tanh', got {activation!r}")
    if len(weights) != len(biases) or not weights:
        raise ValueError(f"need as many biases as weights (at least one), got {len(weights)} and {len(biases)}")
    act = {"relu": Node.relu, "tanh": Node.tanh, "leaky_relu": lambda z: z.leaky_relu(slope)}[activation]
    A = X
    for W, b in zip(weights[:-1], biases[:-1], strict=False):
        A = act(A @ W + b)
    loss = (A @ weights[-1] + biases[-1]).softmax_cross_entropy(y).mean()
    for W in weights:
        loss = loss + W.l2(reg)
    return loss


def loss_and_gradients(params, X, y, *, reg):
    """The same contract as :func:`backprop.loss_and_gradients`, computed by the tape.

    Returns ``(loss, grads)`` with ``grads`` a :class:`~backprop.Params`; nothing is derived by
    hand: the forward pass is recorded and :meth:`Tape.backward` runs its VJPs.
    """
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    tape = Tape()
    W1, b1, W2, b2 = (tape.variable(p, n) for p, n in zip(params, Params._fields, strict=False))
    loss = tape.backward(network_loss(tape, [W1, W2], [b1, b2], tape.constant(X), y, reg=reg))
    return float(loss.value), Params(W1.grad, b1.grad, W2.grad, b2.grad)


def network_loss_and_gradients(weights, biases, X, y, *, reg, activation="relu", slope=0.01):
    """Loss and gradients of a network of any depth (see :func:`network_loss`).

    Parameters
    ----------
    weights, biases : sequences of ndarray
        :math:`W_l` (n_{l-1}, n_l) and :math:`b_l` (n_l,); not modified.
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)

    Returns
    -------
    loss : float
    dWs, dbs : lists of ndarray, each the shape of its parameter
    """
    if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)):
        raise TypeError("weights and biases must be lists of arrays")
    tape = Tape()
    Ws = [tape.variable(W, f"W{k}") for k, W in enumerate(weights, start=1)]
    bs = [tape.variable(b, f"b{k}") for k, b in enumerate(biases, start=1)]
    X = tape.constant(check_matrix(X, "X"))
    loss = tape.backward(network_loss(tape, Ws, bs, X, y, reg=reg, activation=activation, slope=slope))
    return float(loss.value), [W.grad for W in Ws], [b.grad for b in bs]
