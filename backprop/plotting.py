"""Figures the chapters use; every one has a fixed size and dpi so the notebooks are reproducible."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_labels, check_matrix, check_scalar
from .model import predict
from .params import Params, check_params
from .training import History

FIGSIZE = (6.4, 4.0)
DPI = 100


def new_axes(ax=None, *, figsize=FIGSIZE):
    """Return ``ax``, or the axes of a new figure of the course's fixed size and dpi."""
    if ax is not None:
        return ax
    return plt.figure(figsize=figsize, dpi=DPI).add_subplot()


def plot_training_curve(history: History, *, ax=None, title: str = "Training"):
    """Loss of every iteration (left axis) and test accuracy (right axis), as the blog plotted them.

    Returns
    -------
    (ax_loss, ax_accuracy) : matplotlib Axes
        The accuracy axes is ``None`` when the history holds no test accuracy.
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a backprop.History, got {type(history).__name__}")
    ax = new_axes(ax)
    steps = np.arange(1, history.n_iter + 1)
    ax.plot(steps, history.loss, color="tab:blue", label="loss")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss", color="tab:blue")
    ax.set_title(title)
    ax_acc = None
    if len(history.test_steps):
        ax_acc = ax.twinx()
        ax_acc.plot(history.test_steps, history.test_accuracy, "o-", color="tab:red", label="test accuracy")
        ax_acc.set_ylabel("test accuracy", color="tab:red")
        ax_acc.set_ylim(0, 1.05)
    return ax, ax_acc


def plot_matrix(M, name: str, *, ax=None, cmap: str = "RdBu_r", annotate: bool | None = None):
    """Heatmap of a matrix, titled with its name and shape, centred on 0 (blue < 0 < red).

    Parameters
    ----------
    M : ndarray, 1-D or 2-D
        A vector is drawn as one row.
    name : str
        Shown in the title as ``name  [rows x cols]``.
    annotate : bool, optional
        Write the values in the cells; by default only when the matrix has at most 60 cells.
    """
    M = np.asarray(M)
    M2 = check_matrix(M.reshape(1, -1) if M.ndim == 1 else M, "M")
    ax = new_axes(ax, figsize=(float(np.clip(1.5 + 0.7 * M2.shape[1], 4.0, 8.0)),
                               float(np.clip(1.2 + 0.3 * M2.shape[0], 2.5, 8.0))))
    vmax = float(np.max(np.abs(M2))) or 1.0
    image = ax.imshow(M2, cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax)
    shape = f"[{M.shape[0]}]" if M.ndim == 1 else f"[{M.shape[0]} × {M.shape[1]}]"
    ax.set_title(f"{name}  {shape}")
    if annotate is None:
        annotate = M2.size <= 60
    if annotate:
        for (r, c), value in np.ndenumerate(M2):
            dark = abs(value) > 0.6 * vmax  # white text on the saturated cells
            ax.text(c, r, f"{value:.2g}", ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    return ax


def plot_network(n_inputs: int = 4, n_hidden: int = 10, n_outputs: int = 3, *, ax=None,
                 input_labels=None, output_labels=None):
    """Diagram of the fully connected network ``n_inputs -> n_hidden (ReLU) -> n_outputs (softmax)``."""
    for value, name in ((n_inputs, "n_inputs"), (n_hidden, "n_hidden"), (n_outputs, "n_outputs")):
        check_scalar(value, name, minimum=1, integer=True)
    ax = new_axes(ax)
    sizes = (n_inputs, n_hidden, n_outputs)
    tops = [np.linspace(0.9, 0.1, n) if n > 1 else np.array([0.5]) for n in sizes]
    xs = (0.1, 0.5, 0.9)
    for layer in range(2):
        for ya in tops[layer]:
            for yb in tops[layer + 1]:
                ax.plot([xs[layer], xs[layer + 1]], [ya, yb], color="0.75", lw=0.6, zorder=1)
    colors = ("tab:green", "tab:blue", "tab:red")
    for x, ys, color in zip(xs, tops, colors, strict=False):
        ax.scatter(np.full(len(ys), x), ys, s=260, color=color, zorder=2, edgecolor="k")
    for x, ys, labels, ha, dx in ((xs[0], tops[0], input_labels, "right", -0.04),
                                  (xs[2], tops[2], output_labels, "left", 0.04)):
        for yv, label in zip(ys, labels or [], strict=False):
            ax.text(x + dx, yv, label, ha=ha, va="center", fontsize=8)
    captions = (f"input X\n{n_inputs} features", f"hidden layer (ReLU)\n{n_hidden} units",
                f"output (softmax)\n{n_outputs} classes")
    for x, caption in zip(xs, captions, strict=False):
        ax.text(x, 0.0, caption, ha="center", va="top", fontsize=9)
    ax.text(0.3, 0.97, "W1, b1", ha="center", fontsize=9)
    ax.text(0.7, 0.97, "W2, b2", ha="center", fontsize=9)
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.15, 1.02)
    ax.axis("off")
    return ax


def plot_decision_regions(params: Params, X, y, *, ax=None, feature_names=None, class_names=None,
                          resolution: int = 200):
    """Colour the plane by the predicted class of a network trained on two features, with the points.

    Parameters
    ----------
    params : Params
        A network with ``W1`` of shape (2, H).
    X : ndarray, shape (N, 2)
    y : ndarray of int, shape (N,)
    resolution : int, default 200
        Grid points per axis.
    """
    params = check_params(params, n_features=2)
    X = check_matrix(X, "X", n_cols=2)
    y = check_labels(y, "y", n_samples=X.shape[0], n_classes=params.W2.shape[1])
    check_scalar(resolution, "resolution", minimum=2, integer=True)
    ax = new_axes(ax)
    pad = 0.05 * (X.max(axis=0) - X.min(axis=0)) + 0.1
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    regions = predict(params, np.column_stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    n_classes = params.W2.shape[1]
    cmap = plt.get_cmap("viridis", n_classes)
    ax.contourf(g0, g1, regions, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.3)
    for k in range(n_classes):
        label = class_names[k] if class_names else f"class {k}"
        ax.scatter(*X[y == k].T, color=cmap(k), edgecolor="k", s=25, label=label)
    if feature_names:
        ax.set_xlabel(feature_names[0])
        ax.set_ylabel(feature_names[1])
    ax.legend(loc="best", fontsize=8)
    return ax
