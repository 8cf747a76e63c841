"""The autograd engine: each VJP against finite differences of its own forward operation, whole
networks against the hand-derived gradients and against finite differences written here, the
graph layout, and input validation."""

import subprocess
import sys

import numpy as np
import pytest

import backprop as bp
from backprop import autograd as ag

from _helpers import central_difference, numpy_reference, random_params, rel_err

REG = 1e-3


# ------------------------------------------------------------------ the VJPs, one by one

def _vjp_check(forward, x, g, vjp_value, h=1e-6):
    """<g, d forward/dx> by central differences of the scalar x -> sum(g * forward(x))."""
    numeric = central_difference(lambda v: float(np.sum(g * forward(v))), x, h=h)
    assert vjp_value.shape == x.shape
    assert rel_err(vjp_value, numeric) < 1e-7, rel_err(vjp_value, numeric)


def test_each_vjp_is_the_transpose_of_its_operations_jacobian():
    rng = np.random.default_rng(0)
    A, B, b = rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)
    Z = rng.standard_normal((5, 3)) + 0.1            # entries away from 0 for the kinks
    Z[np.abs(Z) < 0.05] = 0.5
    g = rng.standard_normal((5, 3))
    _vjp_check(lambda v: v @ B, A, g, ag.matmul_vjp_left(g, A, B))
    _vjp_check(lambda v: A @ v, B, g, ag.matmul_vjp_right(g, A, B))
    _vjp_check(lambda v: v + b, Z, g, ag.add_bias_vjp_matrix(g))
    _vjp_check(lambda v: Z + v, b, g, ag.add_bias_vjp_bias(g))
    _vjp_check(lambda v: np.maximum(v, 0), Z, g, ag.relu_vjp(g, np.maximum(Z, 0)))
    _vjp_check(lambda v: np.where(v > 0, v, 0.1 * v), Z, g, ag.leaky_relu_vjp(g, Z, 0.1))
    _vjp_check(np.tanh, Z, g, ag.tanh_vjp(g, np.tanh(Z)))
    y = np.array([0, 2, 1, 1, 0])
    gl = rng.standard_normal(5)

    def ce(S):
        S = S - S.max(axis=1, keepdims=True)
        return -(S[np.arange(5), y] - np.log(np.exp(S).sum(axis=1)))

    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    _vjp_check(ce, Z, gl, ag.softmax_cross_entropy_vjp(gl, P, y))
    v = rng.standard_normal(7)
    _vjp_check(np.mean, v, 1.7, ag.mean_vjp(1.7, 7))
    _vjp_check(lambda W: 0.5 * 0.3 * np.sum(W ** 2), A, 2.0, ag.l2_vjp(2.0, A, 0.3))


# ------------------------------------------------------------------ against the hand-derived gradients

def test_r_batch_matches_the_hand_derived_gradients_to_1e_15():
    run = bp.rcompat.blog_run(train=False)
    X, y, params = run.split.X_train, run.split.y_train, run.initial_params
    loss, grads = ag.loss_and_gradients(params, X, y, reg=bp.rcompat.BLOG.reg)
    loss_hand, grads_hand = bp.loss_and_gradients(params, X, y, reg=bp.rcompat.BLOG.reg)
    assert abs(loss - loss_hand) < 1e-15
    for a, b in zip(grads, grads_hand, strict=False):
        assert a.shape == b.shape and np.max(np.abs(a - b)) < 1e-15


@pytest.mark.parametrize("seed", range(6))
def test_random_networks_with_dead_units(seed, iris_batch):
    X, y = iris_batch
    rng = np.random.default_rng(seed)
    params = random_params(rng, 4, 7, 3)
    params.b1[:2] = -1e3                              # units 1 and 2 dead on every row
    loss, grads = ag.loss_and_gradients(params, X, y, reg=REG)
    loss_hand, grads_hand = bp.loss_and_gradients(params, X, y, reg=REG)
    ref = numpy_reference(params, X, y)
    assert np.isclose(loss, loss_hand, rtol=1e-13, atol=0)
    for name, a, b in zip(bp.Params._fields, grads, grads_hand, strict=False):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-15), name
    assert np.all(grads.b1[:2] == 0)
    assert np.array_equal(grads.W1[:, :2], REG * params.W1[:, :2])      # only the L2 term is left
    assert np.allclose(grads.W2, ref["grads"]["W2"] + REG * params.W2, rtol=1e-12, atol=1e-15)


# ------------------------------------------------------------------ against finite differences

def _numpy_loss(Ws, bs, X, y, activation, slope=0.05):
    """The loss of a network of any depth, in plain numpy, independent of the engine."""
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh,
         "leaky_relu": lambda z: np.where(z > 0, z, slope * z)}[activation]
    A = X
    for W, b in zip(Ws[:-1], bs[:-1], strict=False):
        A = f(A @ W + b)
    S = A @ Ws[-1] + bs[-1]
    S = S - S.max(axis=1, keepdims=True)
    logp = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + 0.5 * REG * sum(np.sum(W ** 2) for W in Ws)


@pytest.mark.parametrize("sizes,activation", [((4, 6, 3), "tanh"), ((4, 6, 3), "leaky_relu"),
                                              ((4, 6, 5, 3), "relu"), ((4, 5, 5, 3), "tanh"),
                                              ((4, 6, 5, 3), "leaky_relu")])
def test_deeper_networks_and_other_activations_match_finite_differences(sizes, activation, iris_batch):
    X, y = iris_batch
    X, y = X[::3], y[::3]
    rng = np.random.default_rng(len(sizes) * 10 + len(activation))
    Ws = [rng.standard_normal((m, n)) * np.sqrt(2 / m) for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [0.1 * rng.standard_normal(n) for n in sizes[1:]]
    originals = [W.copy() for W in Ws] + [b.copy() for b in bs]
    loss, dWs, dbs = ag.network_loss_and_gradients(Ws, bs, X, y, reg=REG, activation=activation, slope=0.05)
    assert all(np.array_equal(a, b) for a, b in zip(Ws + bs, originals, strict=False))      # inputs untouched
    assert np.isclose(loss, _numpy_loss(Ws, bs, X, y, activation), rtol=1e-13)
    for k in range(len(Ws)):
        num_W = central_difference(lambda W, k=k: _numpy_loss(Ws[:k] + [W] + Ws[k + 1:], bs, X, y, activation),
                                   Ws[k])
        num_b = central_difference(lambda b, k=k: _numpy_loss(Ws, bs[:k] + [b] + bs[k + 1:], X, y, activation),
                                   bs[k])
        assert rel_err(dWs[k], num_W) < 1e-7 and rel_err(dbs[k], num_b) < 1e-7


def test_a_wrong_vjp_would_be_caught(iris_batch, monkeypatch):
    """The finite-difference comparison above can fail: a tanh VJP missing its square breaks it."""
    X, y = iris_batch
    rng = np.random.default_rng(3)
    Ws, bs = [rng.standard_normal((4, 5)), rng.standard_normal((5, 3))], [np.zeros(5), np.zeros(3)]
    monkeypatch.setattr(ag, "tanh_vjp", lambda g, out: g * (1.0 - out))
    _, dWs, _ = ag.network_loss_and_gradients(Ws, bs, X, y, reg=REG, activation="tanh")
    num = central_difference(lambda W: _numpy_loss([W, Ws[1]], bs, X, y, "tanh"), Ws[0])
    assert rel_err(dWs[0], num) > 1e-2


# ------------------------------------------------------------------ the tape itself

def _two_layer_tape(params, X, y):
    tape = ag.Tape()
    W1, b1, W2, b2 = (tape.variable(p, n) for p, n in zip(params, bp.Params._fields, strict=False))
    Xn = tape.constant(X, "X")
    loss = ag.network_loss(tape, [W1, W2], [b1, b2], Xn, y, reg=REG)
    return tape, (W1, b1, W2, b2), Xn, loss


def test_gradients_accumulate_within_a_pass_and_reset_between_passes(iris_batch):
    X, y = iris_batch
    params = random_params(np.random.default_rng(1), 4, 5, 3)
    tape, (_, _, W2, _), Xn, loss = _two_layer_tape(params, X, y)
    tape.backward(loss)
    first = W2.grad.copy()
    tape.backward(loss)
    assert np.array_equal(W2.grad, first)             # not doubled
    assert Xn.grad is None                             # no gradient for a constant
    data_only = bp.loss_and_gradients(params, X, y, reg=0.0)[1].W2
    assert np.allclose(first, data_only + REG * params.W2, rtol=1e-12, atol=1e-15)   # the two uses of W2 add


def test_matmul_flops_are_counted_from_the_shapes(iris_batch):
    X, y = iris_batch
    N, D, H, K = len(y), 4, 5, 3
    tape = _two_layer_tape(random_params(np.random.default_rng(2), D, H, K), X, y)[0]
    assert tape.matmul_flops() == (2 * N * D * H + 2 * N * H * K, 2 * N * D * H + 2 * 2 * N * H * K)


def test_formula_and_backward_order():
    rng = np.random.default_rng(4)
    tape, _, _, loss = _two_layer_tape(random_params(rng, 4, 5, 3), rng.standard_normal((6, 4)),
                                       np.array([0, 1, 2, 0, 1, 2]))
    from backprop.graph_plot import backward_order, graph_layout
    order = backward_order(tape, loss)
    assert order[0] is loss and order[-1].formula == "X @ W1"
    assert [n.op for n in order].count("matmul") == 2 and len(order) == 11
    pos = graph_layout(tape, loss)
    for node in pos:
        for parent in node.parents:
            if parent.parents:                         # operation -> operation arrows point right
                assert pos[parent][0] < pos[node][0]
    assert pos[loss][0] == max(x for x, _ in pos.values())
    assert len(set(pos.values())) == len(pos)           # no two boxes in the same place


def test_plot_tape_draws_every_node():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop.graph_plot import plot_tape
    rng = np.random.default_rng(5)
    tape, _, _, loss = _two_layer_tape(random_params(rng, 4, 5, 3), rng.standard_normal((6, 4)),
                                       np.array([0, 1, 2, 0, 1, 2]))
    ax = plot_tape(tape, loss)
    texts = [t.get_text() for t in ax.texts]
    assert sum(t.startswith("W1") for t in texts) == 1 and any("X @ W1" in t for t in texts)
    assert sorted(int(t) for t in texts if t.isdigit()) == list(range(1, 12))   # the backward steps
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="Tape"):
        plot_tape(tape, "loss")


def test_importing_the_engine_and_the_graph_module_loads_no_matplotlib():
    code = ("import sys, backprop; before = 'matplotlib' in sys.modules; "
            "import backprop.autograd, backprop.graph_plot; "
            "assert ('matplotlib' in sys.modules) == before")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------ validation

def test_input_validation():
    tape = ag.Tape()
    W = tape.variable(np.ones((3, 2)), "W")
    with pytest.raises(TypeError, match="W must be a numpy array"):
        tape.variable([[1.0]], "W")
    with pytest.raises(ValueError, match="finite"):
        tape.variable(np.array([np.nan]), "b")
    with pytest.raises(TypeError, match="name must be a str"):
        tape.variable(np.ones(2), 3)
    X = tape.constant(np.ones((4, 2)), "X")
    with pytest.raises(ValueError, match=r"cannot multiply X \(4, 2\) by W \(3, 2\)"):
        X @ W
    with pytest.raises(ValueError, match="cannot add b"):
        X + tape.variable(np.ones(3), "b")
    with pytest.raises(TypeError, match="same Tape"):
        X @ ag.Tape().variable(np.ones((2, 2)), "V")
    with pytest.raises(TypeError, match="same Tape"):
        X @ np.ones((2, 2))
    with pytest.raises(ValueError, match="slope must be < 1"):
        X.leaky_relu(1.5)
    with pytest.raises(ValueError, match="reg must be >= 0"):
        W.l2(-1.0)
    with pytest.raises(ValueError, match="y must hold class indices < 2"):
        X.softmax_cross_entropy(np.array([0, 1, 2, 0]))
    with pytest.raises(ValueError, match="mean expects an"):
        X.mean()
    with pytest.raises(ValueError, match="relu expects"):
        tape.variable(np.ones(3), "v").relu()
    with pytest.raises(ValueError, match=r"output must be a scalar .* shape \(4, 2\)"):
        tape.backward(X)
    with pytest.raises(TypeError, match="output must be a Node of this Tape"):
        ag.Tape().backward(W)
    with pytest.raises(ValueError, match="activation must be"):
        ag.network_loss_and_gradients([np.ones((2, 2))], [np.ones(2)], np.ones((3, 2)), np.array([0, 1, 0]),
                                      reg=0.0, activation="sigmoid")
    with pytest.raises(TypeError, match="lists of arrays"):
        ag.network_loss_and_gradients(np.ones((2, 2)), [np.ones(2)], np.ones((3, 2)), np.array([0, 1, 0]), reg=0.0)
    with pytest.raises(TypeError, match="params must be a backprop.Params"):
        ag.loss_and_gradients((1, 2, 3, 4), np.ones((3, 2)), np.array([0, 1, 0]), reg=0.0)
