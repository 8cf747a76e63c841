r"""Animations the chapters show: the backward pass moving through the network, and training.

Each function draws a fixed number of frames, of a fixed size at a fixed dpi, with matplotlib and
returns a :class:`~backprop._jshtml.HTMLAnimation`: matplotlib's JavaScript HTML export (the
format of ``FuncAnimation.to_jshtml``), made offline and byte-for-byte reproducible (no CDN, no
random id, no version string in the images; see :mod:`backprop._jshtml`). A notebook displays it
as a player: a slider and buttons to step through the frames or play them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from . import layers
from ._jshtml import DPI, HTMLAnimation, to_html_animation
from ._validation import check_scalar
from .model import accuracy, loss_and_gradients
from .params import check_batch
from .plotting import DIVERGING_CMAP, OKABE_ITO, format_cell, plot_decision_regions, plot_matrix, plot_network
from .training import train

BACKWARD_FIGSIZE = (10.0, 4.6)   # inches: 800 x 368 pixels at DPI
TRAINING_FIGSIZE = (9.0, 3.8)    # 720 x 304 pixels
HIGHLIGHT = OKABE_ITO["vermillion"]

# ------------------------------------------------------------------------------ the backward pass


class BackwardLine(NamedTuple):
    """One backward line of the R program, as a frame of :func:`animate_backward_pass` shows it."""

    r_line: str      # as the R program writes it
    math: str        # the course's notation (matplotlib mathtext)
    name: str        # the array it leaves, with R's name
    where: str       # what the diagram highlights: out / hidden (units), W2 / W1 (edges)


BACKWARD_LINES = (
    BackwardLine("dscores <- probs", r"$\mathtt{dscores} = P$", "dscores", "out"),
    BackwardLine("dscores[Y.index] <- dscores[Y.index] - 1", r"$\mathtt{dscores} = P - T$", "dscores", "out"),
    BackwardLine("dscores <- dscores / batchsize", r"$\delta_S = (P - T)\,/\,N$", "dscores", "out"),
    BackwardLine("dW2 <- t(hidden.layer) %*% dscores", r"$\mathtt{dW2} = A^\top \delta_S$", "dW2", "W2"),
    BackwardLine("db2 <- colSums(dscores)", r"$\partial L/\partial b_2 = \mathbf{1}^\top \delta_S$", "db2", "out"),
    BackwardLine("dhidden <- dscores %*% t(W2)", r"$\delta_A = \delta_S W_2^\top$", "dhidden", "hidden"),
    BackwardLine("dhidden[hidden.layer <= 0] <- 0", r"$\delta_Z = \delta_A \odot [A > 0]$", "dhidden", "hidden"),
    BackwardLine("dW1 <- t(X) %*% dhidden", r"$\mathtt{dW1} = X^\top \delta_Z$", "dW1", "W1"),
    BackwardLine("db1 <- colSums(dhidden)", r"$\partial L/\partial b_1 = \mathbf{1}^\top \delta_Z$", "db1", "hidden"),
    BackwardLine("dW2 <- dW2  + reg * W2", r"$\partial L/\partial W_2 = A^\top \delta_S + \lambda W_2$", "dW2", "W2"),
    BackwardLine("dW1 <- dW1  + reg * W1", r"$\partial L/\partial W_1 = X^\top \delta_Z + \lambda W_1$", "dW1", "W1"),
)


# What the rows and columns of each array are: examples N, inputs D, hidden units H, classes K.
_AXES = {"dscores": ("N", "K"), "dW2": ("H", "K"), "db2": ("-", "K"), "dhidden": ("N", "H"),
         "dW1": ("D", "H"), "db1": ("-", "H")}


def backward_values(params, X, y, *, reg: float) -> tuple[list[np.ndarray], np.ndarray]:
    """The array each backward R line leaves, in :data:`BACKWARD_LINES` order, and ``hidden.layer``.

    Computed on the batch ``X``, ``y`` with :mod:`backprop.layers`, one function per line. The
    arrays of lines 9, 5, 10, 11 (``db1``, ``db2``, ``dW2``, ``dW1``) are the gradients
    :func:`backprop.loss_and_gradients` returns.
    """
    params, X, y = check_batch(params, X, y)
    check_scalar(reg, "reg")
    W1, b1, W2, b2 = params
    hidden = layers.relu_forward(layers.affine_forward(X, W1, b1))
    probs = layers.softmax(layers.affine_forward(hidden, W2, b2))
    p_minus_t = layers.softmax_cross_entropy_backward(probs, y)
    dscores = layers.mean_over_batch(p_minus_t)
    dW2 = layers.weight_gradient(hidden, dscores)
    db2 = layers.bias_gradient(dscores)
    dhidden_a = layers.input_gradient(dscores, W2)
    dhidden_z = layers.relu_backward(dhidden_a, hidden)
    dW1 = layers.weight_gradient(X, dhidden_z)
    db1 = layers.bias_gradient(dhidden_z)
    return [probs, p_minus_t, dscores, dW2, db2, dhidden_a, dhidden_z, dW1, db1,
            layers.l2_gradient(dW2, W2, reg=reg), layers.l2_gradient(dW1, W1, reg=reg)], hidden


def animate_backward_pass(params, X, y, *, reg: float, example: int = 1, input_labels=None,
                          output_labels=None, interval: int = 2000) -> HTMLAnimation:
    r"""One backward pass travelling through the network diagram, one frame per backward R line.

    Eleven frames, from ``dscores <- probs`` to ``dW1 <- dW1 + reg * W1``. Frame :math:`k` shows,
    left, the diagram of :func:`backprop.plotting.plot_network` (:math:`D \to H \to K`) with what
    line :math:`k` computes highlighted: the output units for ``dscores`` and ``db2``, the hidden
    units :math:`1..H` for ``dhidden`` and ``db1`` (its values, for one example or summed over the
    batch, written beside each unit; after the mask, a unit that was off for that example is
    crossed out), or the edges of :math:`W_2` or :math:`W_1` for a weight gradient (colour: sign,
    red > 0 > blue; width: size). Right: the R line, the same line in the course's notation, a line
    saying what the diagram shows, and the array the line leaves as a heatmap
    (:func:`backprop.plotting.plot_matrix`; numbers in the cells when it has at most :math:`K`
    columns; an :math:`N`-row array on the first two rows of each class, numbered as R numbers
    the rows of the batch; hidden units numbered :math:`1..H`).

    Parameters
    ----------
    params : Params
        The network (``W1`` (D, H), ..., ``b2`` (K,)), as before the update.
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    reg : float
        :math:`\lambda`, R's ``reg``.
    example : int, default 1
        The row of the batch (1-based, as R numbers rows) whose values the diagram shows.
    input_labels, output_labels : sequence of str, optional
        Names of the inputs and of the classes, written beside the diagram's units.
    interval : int, default 2000
        Milliseconds per frame when playing.

    Returns
    -------
    HTMLAnimation
        11 frames of 800 x 368 pixels; ``notes`` holds the R line of each frame.
    """
    params, X, y = check_batch(params, X, y)
    check_scalar(example, "example", minimum=1, integer=True)
    if example > X.shape[0]:
        raise ValueError(f"example must be a row of the batch, 1..{X.shape[0]}, got {example}")
    values, hidden = backward_values(params, X, y, reg=reg)
    (n_inputs, n_hidden), n_outputs = params.W1.shape, params.W2.shape[1]
    row = example - 1
    # The rows of an N-row array shown as numbers: the first two of each class (R: head() per class).
    shown_rows = np.sort(np.concatenate([np.flatnonzero(y == k)[:2] for k in np.unique(y)]))
    axis_labels = {"N": [str(i + 1) for i in shown_rows], "D": [str(i + 1) for i in range(n_inputs)],
                   "H": [str(j + 1) for j in range(n_hidden)],
                   "K": list(output_labels) if output_labels else [str(k) for k in range(n_outputs)]}
    fig = Figure(figsize=BACKWARD_FIGSIZE, dpi=DPI)

    def draw(k):
        fig.clear()
        grid = fig.add_gridspec(2, 2, width_ratios=(1.2, 1), height_ratios=(1, 1.3), left=0.1,
                                right=0.97, top=0.95, bottom=0.11, wspace=0.12, hspace=0.3)
        ax_net, ax_text, ax_mat = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
        line, value = BACKWARD_LINES[k], values[k]
        plot_network(n_inputs, n_hidden, n_outputs, ax=ax_net, input_labels=input_labels,
                     output_labels=output_labels)
        shows = _highlight(ax_net, line, value, row, hidden[row], (n_inputs, n_hidden, n_outputs))
        ax_text.axis("off")
        ax_text.text(0, 1.0, f"backward line {k + 1} of {len(BACKWARD_LINES)}", fontsize=10,
                     fontweight="bold", va="top")
        ax_text.text(0, 0.68, line.r_line, family="monospace", fontsize=11, va="top",
                     bbox={"facecolor": "0.93", "edgecolor": "0.6", "boxstyle": "round,pad=0.4"})
        ax_text.text(0, 0.36, line.math, fontsize=13, va="top")
        ax_text.text(0, 0.0, f"diagram: {shows}", fontsize=8, color=HIGHLIGHT, va="bottom")
        batch = value.ndim == 2 and value.shape[0] == X.shape[0]
        shown = value[shown_rows] if batch else value
        label = (f"{line.name}[c({', '.join(axis_labels['N'])}), ]" if batch else line.name)
        plot_matrix(shown, label, ax=ax_mat, annotate=shown.shape[-1] <= n_outputs)
        rows_of, cols_of = _AXES[line.name]
        ax_mat.set_xticks(range(len(axis_labels[cols_of])), axis_labels[cols_of], fontsize=8)
        if shown.ndim == 2:
            ax_mat.set_yticks(range(len(axis_labels[rows_of])), axis_labels[rows_of], fontsize=8)
        else:
            ax_mat.set_yticks([])
        ax_mat.set_xlabel({"H": "hidden unit", "K": "class", "D": "input"}[cols_of], fontsize=8)
        return []

    return to_html_animation(fig, draw, len(BACKWARD_LINES), notes=[b.r_line for b in BACKWARD_LINES],
                             interval=interval,
                             alt="Animation of one backward pass through the network diagram, "
                                 "one frame per backward line of the R program")


def _highlight(ax, line: BackwardLine, value: np.ndarray, row: int, hidden_row: np.ndarray, sizes) -> str:
    """Mark on the diagram drawn by ``plot_network`` what ``line`` computes (see animate_backward_pass).

    Returns what the diagram shows, in words.
    """
    n_inputs, n_hidden, n_outputs = sizes
    if len(ax.collections) != 3 or len(ax.lines) != n_inputs * n_hidden + n_hidden * n_outputs:
        raise RuntimeError("plot_network's drawing changed: 3 layers of units and every edge expected")
    for j, (x, yv) in enumerate(ax.collections[1].get_offsets()):   # hidden units numbered 1..H
        ax.text(x, yv, str(j + 1), ha="center", va="center", fontsize=6, zorder=6)
    if line.where in ("W1", "W2"):
        edges = ax.lines[:n_inputs * n_hidden] if line.where == "W1" else ax.lines[n_inputs * n_hidden:]
        largest = float(np.max(np.abs(value))) or 1.0
        cmap, norm = colormaps[DIVERGING_CMAP], Normalize(-largest, largest)
        for edge, v in zip(edges, value.ravel(), strict=True):   # row-major: edge (i, j) is W[i, j]
            edge.set(color=cmap(norm(v)), linewidth=0.4 + 3.6 * abs(v) / largest, zorder=1.5)
        return f"{line.name} on the {line.where} edges,\nred > 0 > blue, width = size"
    layer = 2 if line.where == "out" else 1
    xy = ax.collections[layer].get_offsets()
    numbers = value[row] if value.ndim == 2 else value
    ax.scatter(xy[:, 0], xy[:, 1], s=330, facecolor="none", edgecolor=HIGHLIGHT, linewidth=2.0, zorder=3)
    masked = line.r_line.startswith("dhidden[")
    for j, ((x, yv), v) in enumerate(zip(xy, numbers, strict=True)):
        if masked and hidden_row[j] <= 0:
            ax.scatter([x], [yv], s=200, marker="x", color="k", linewidth=2.5, zorder=4)
        dx, dy, ha = (0.0, -0.075, "center") if layer == 2 else (0.045, 0.0, "left")
        ax.text(x + dx, yv + dy, format_cell(v, ".2g"), ha=ha, va="center", fontsize=7, zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    units = "output units" if layer == 2 else "hidden units"
    what = f"example {row + 1}" if value.ndim == 2 else "summed over the batch"
    crossed = "\n(x: the unit is off for that example)" if masked else ""
    return f"{line.name} beside the {units}, {what}{crossed}"


# ------------------------------------------------------------------------------ training


def frame_iterations(n_iter: int, n_frames: int) -> np.ndarray:
    """Iterations ``0 = t_0 < t_1 < ... < t_{F-1} = n_iter`` at which the frames are taken.

    Spaced evenly on a log scale (training changes most at the start), each at least one
    iteration after the previous one.
    """
    check_scalar(n_frames, "n_frames", minimum=2, integer=True)
    check_scalar(n_iter, "n_iter", minimum=1, integer=True)
    if n_iter < n_frames - 1:
        raise ValueError(f"n_iter must be at least n_frames - 1 = {n_frames - 1}, got {n_iter}")
    ts = [0]
    for k, g in enumerate(np.geomspace(1, n_iter, n_frames - 1)):
        later = n_frames - 2 - k                      # frames still to come after this one
        ts.append(min(max(int(round(g)), ts[-1] + 1), n_iter - later))
    return np.array(ts)


def animate_training(X, y, params, *, lr: float, reg: float, n_iter: int, n_frames: int = 16,
                     resolution: int = 120, class_names=None, interval: int = 600) -> HTMLAnimation:
    r"""Decision regions (left) and the loss curve (right) while :func:`backprop.train` trains.

    Frame :math:`k` shows the network after :math:`t_k` iterations, :math:`t_0 = 0` (the starting
    point) up to :math:`t_{F-1} =` ``n_iter`` (:func:`frame_iterations`: log-spaced): left, the plane
    coloured by the predicted class (:func:`backprop.plotting.plot_decision_regions`) with the
    training points; right, the loss of every iteration up to :math:`t_k` on a log iteration axis
    whose range is the whole run, with a dot at the current one. The title gives :math:`t_k`, the
    loss and the training accuracy. Training runs by :func:`backprop.train` from one frame to the
    next (``abstol=0``: no early stop), which takes the same steps as one run of ``n_iter``
    iterations: gradient descent on the full batch remembers nothing but the parameters.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
        Two features (the plane is drawn).
    y : ndarray of int, shape (N,)
    params : Params
        Starting point (``W1`` of shape (2, H)); not modified.
    lr, reg : float
        :math:`\eta` and :math:`\lambda`.
    n_iter : int
        Iterations in all (at least ``n_frames - 1``).
    n_frames : int, default 16
    resolution : int, default 120
        Grid points per axis of the decision regions.
    class_names : sequence of str, optional
        The legend's names of the classes (default ``class 0``, ``class 1``, ...).
    interval : int, default 600
        Milliseconds per frame when playing.

    Returns
    -------
    HTMLAnimation
        ``n_frames`` frames of 720 x 304 pixels; ``notes`` gives each frame's iteration, loss and
        training accuracy; ``iterations``, ``loss`` (every iteration, ``loss[i-1]`` computed
        before update ``i``) and ``snapshots`` (the parameters of each frame) are attached.
    """
    params, X, y = check_batch(params, X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (the plane is drawn), got {X.shape[1]}")
    check_scalar(lr, "lr")
    check_scalar(reg, "reg")
    check_scalar(resolution, "resolution", minimum=2, integer=True)
    iterations = frame_iterations(n_iter, n_frames)
    snapshots, losses = [params], []
    for start, stop in zip(iterations[:-1], iterations[1:], strict=True):
        params, history = train(X, y, params, lr=lr, reg=reg, maxit=int(stop - start), abstol=0.0)
        snapshots.append(params)
        losses.extend(history.loss)
    losses = np.asarray(losses)
    shown_loss = [loss_and_gradients(p, X, y, reg=reg)[0] for p in snapshots]  # loss of each frame's params
    accs = [accuracy(p, X, y) for p in snapshots]
    notes = [f"iteration {t:>5}: loss {v:.4f}, training accuracy {100 * a:.1f}%"
             for t, v, a in zip(iterations, shown_loss, accs, strict=True)]
    fig = Figure(figsize=TRAINING_FIGSIZE, dpi=DPI)

    def draw(k):
        fig.clear()
        ax_map, ax_loss = fig.subplots(1, 2, gridspec_kw={"left": 0.07, "right": 0.98, "top": 0.86,
                                                          "bottom": 0.14, "wspace": 0.25})
        plot_decision_regions(snapshots[k], X, y, ax=ax_map, resolution=resolution, class_names=class_names)
        ax_map.set_title("predicted class", fontsize=10)
        steps = np.arange(1, len(losses) + 1)
        ax_loss.plot(steps, losses, color="0.85", lw=1)            # the whole run, faint: where it goes
        upto = int(iterations[k])
        ax_loss.plot(steps[:upto], losses[:upto], color=OKABE_ITO["blue"], lw=1.8)
        # The loss of this frame's parameters is the one the next iteration (upto + 1) computes.
        ax_loss.plot([upto + 1], [shown_loss[k]], "o", color=HIGHLIGHT)
        ax_loss.set(xscale="log", xlim=(1, len(losses) + 1), xlabel="iteration (log scale)", ylabel="loss")
        ax_loss.set_title("loss", fontsize=10)
        fig.suptitle(f"after {upto} iterations: loss {shown_loss[k]:.4f}, "
                     f"training accuracy {100 * accs[k]:.1f}%", fontsize=11)
        return []

    anim = to_html_animation(fig, draw, n_frames, notes=notes, interval=interval,
                             alt="Animation of training: the decision regions and the loss curve, "
                                 f"from iteration 0 to {n_iter}")
    anim.iterations, anim.loss, anim.snapshots = iterations, losses, tuple(snapshots)
    anim.frame_loss, anim.frame_accuracy = np.asarray(shown_loss), np.asarray(accs)
    return anim
