"""Figures the chapters use; every one has a fixed size and dpi so the notebooks are reproducible."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_labels, check_matrix, check_scalar
from .linear import LinearParams, check_linear_params
from .linear import predict as linear_predict
from .model import predict
from .params import Params, check_params
from .training import History

FIGSIZE = (6.4, 4.0)
DPI = 100

# Okabe and Ito's palette, distinguishable with every common colour-vision deficiency
# (Okabe & Ito, "Color Universal Design", 2008): the course's categorical colours.
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000"}
CLASS_COLORS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000")
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# ColorBrewer's maps, colour-blind safe, with 0 white in both: a matrix with no negative entry is
# drawn from white (0) to red, which is the positive half of the diverging map used for both signs.
SEQUENTIAL_CMAP = "Reds"
DIVERGING_CMAP = "RdBu_r"


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
    loss_color, accuracy_color = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    ax.plot(steps, history.loss, color=loss_color, label="loss")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss", color=loss_color)
    ax.set_title(title)
    ax_acc = None
    if len(history.test_steps):
        ax_acc = ax.twinx()
        ax_acc.plot(history.test_steps, history.test_accuracy, "s--", color=accuracy_color, ms=4,
                    label="test accuracy")
        ax_acc.set_ylabel("test accuracy", color=accuracy_color)
        ax_acc.set_ylim(0, 1.05)
    return ax, ax_acc


def plot_matrix(M, name: str, *, ax=None, cmap: str | None = None, annotate: bool | None = None,
                mark_rows=(), mark_cols=()):
    """Heatmap of a matrix, titled with its name and shape.

    A matrix with no negative entry (``hidden.layer``, probabilities) is drawn with a sequential
    colormap from 0 (white) to its maximum (red), the whole colorbar in use; one with both signs
    with a diverging colormap centred on 0 (blue < 0 < red), the two signs equally scaled. Both
    are ColorBrewer maps, colour-blind safe, and 0 is white in both.

    Parameters
    ----------
    M : ndarray, 1-D or 2-D
        A vector is drawn as one row.
    name : str
        Shown in the title as ``name  [rows x cols]``.
    cmap : str, optional
        A matplotlib colormap name; by default chosen from the signs of ``M`` as above.
    annotate : bool, optional
        Write the values in the cells; by default only when the matrix has at most 60 cells.
        A value that prints as zero is written ``0`` (never ``-0``).
    mark_rows, mark_cols : sequence of int, optional
        0-based rows or columns to outline (dead hidden units, say) with a thick dashed frame in
        black and white, visible on every colour of the map.
    """
    M = np.asarray(M)
    M2 = check_matrix(M.reshape(1, -1) if M.ndim == 1 else M, "M")
    n_rows, n_cols = M2.shape
    mark_rows = _check_indices(mark_rows, "mark_rows", n_rows)
    mark_cols = _check_indices(mark_cols, "mark_cols", n_cols)
    ax = new_axes(ax, figsize=(float(np.clip(1.5 + 0.7 * n_cols, 4.0, 8.0)),
                               float(np.clip(1.2 + 0.3 * n_rows, 2.5, 8.0))))
    largest = float(np.max(np.abs(M2))) or 1.0
    if M2.min() >= 0:
        vmin, vmax, default = 0.0, largest, SEQUENTIAL_CMAP
    else:
        vmin, vmax, default = -largest, largest, DIVERGING_CMAP
    image = ax.imshow(M2, cmap=cmap or default, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax)
    shape = f"[{M.shape[0]}]" if M.ndim == 1 else f"[{M.shape[0]} × {M.shape[1]}]"
    ax.set_title(f"{name}  {shape}")
    if annotate is None:
        annotate = M2.size <= 60
    if annotate:
        # As large as the cells allow: a figure is often shown at half its size, or less on a phone.
        cell_size = 10 if n_cols <= 6 else 8
        for (r, c), value in np.ndenumerate(M2):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45  # relative luminance
            ax.text(c, r, format_cell(value), ha="center", va="center", fontsize=cell_size,
                    color="white" if dark else "black")
    for rows, (lo, hi) in ((mark_rows, (-0.5, n_cols - 0.5)), (mark_cols, (-0.5, n_rows - 0.5))):
        for index in rows:
            # A frame around the whole row (or column): white under black dashes, so that it shows
            # on the dark and the light end of the colormap alike.
            xy = (lo, index - 0.5) if rows is mark_rows else (index - 0.5, lo)
            width, height = (hi - lo, 1.0) if rows is mark_rows else (1.0, hi - lo)
            for color, style in (("white", "-"), ("black", "--")):
                ax.add_patch(plt.Rectangle(xy, width, height, fill=False, edgecolor=color, lw=2.2,
                                           ls=style, zorder=3))
    return ax


def format_cell(value: float, spec: str = ".2g") -> str:
    """``value`` formatted with ``spec``, but ``0`` for anything that prints as zero (no ``-0``)."""
    text = format(float(value), spec)
    return "0" if float(text) == 0 else text


def _check_indices(indices, name: str, size: int) -> list[int]:
    """0-based row or column numbers in ``range(size)``, as a list of ints, or raise naming ``name``."""
    values = np.asarray(indices)
    if values.size == 0:
        return []
    if values.ndim != 1 or values.dtype == bool or not np.issubdtype(values.dtype, np.integer):
        raise TypeError(f"{name} must be a sequence of integer indices, got {indices!r}")
    if values.min() < 0 or values.max() >= size:
        raise ValueError(f"{name} must hold indices 0..{size - 1}, got {values.tolist()}")
    return values.tolist()


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
    colors = (OKABE_ITO["bluish green"], OKABE_ITO["sky blue"], OKABE_ITO["orange"])
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
    params : Params or backprop.linear.LinearParams
        A network with ``W1`` of shape (2, H), or a linear classifier with ``W`` of shape (2, K).
    X : ndarray, shape (N, 2)
    y : ndarray of int, shape (N,)
    feature_names : sequence of 2 str, optional
        Axis labels.
    class_names : sequence of str, optional
        Legend entries, one per class; by default the label, ``y = k``.
    resolution : int, default 200
        Grid points per axis.
    """
    if isinstance(params, LinearParams):
        params = check_linear_params(params, n_features=2)
        n_classes, predict_fn = params.W.shape[1], linear_predict
    else:
        params = check_params(params, n_features=2)
        n_classes, predict_fn = params.W2.shape[1], predict
    X = check_matrix(X, "X", n_cols=2)
    y = check_labels(y, "y", n_samples=X.shape[0], n_classes=n_classes)
    check_scalar(resolution, "resolution", minimum=2, integer=True)
    ax = new_axes(ax)
    pad = 0.05 * (X.max(axis=0) - X.min(axis=0)) + 0.1
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    regions = predict_fn(params, np.column_stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    if n_classes > len(CLASS_COLORS):
        raise ValueError(f"params must score at most {len(CLASS_COLORS)} classes to be drawn, got {n_classes}")
    colors = CLASS_COLORS[:n_classes]
    ax.contourf(g0, g1, regions, levels=np.arange(n_classes + 1) - 0.5,
                colors=colors, alpha=0.3)
    for k in range(n_classes):
        label = class_names[k] if class_names else f"y = {k}"
        # Colour and shape both tell the class, so the points read without colour vision too.
        ax.scatter(*X[y == k].T, color=colors[k], marker=CLASS_MARKERS[k], edgecolor="k", s=30, label=label)
    if feature_names:
        ax.set_xlabel(feature_names[0])
        ax.set_ylabel(feature_names[1])
    ax.legend(loc="best", fontsize=8)
    return ax


def unit_line_segment(w, b: float, lo, hi):
    r"""The part of the line :math:`x \cdot w + b = 0` inside the box ``lo <= x <= hi``, or None.

    Returns
    -------
    ndarray, shape (2, 2), or None
        The two end points (one per row); None when the line misses the box or ``w`` is 0.
    """
    w, lo, hi = (np.asarray(v, dtype=float) for v in (w, lo, hi))
    norm2 = float(w @ w)
    if norm2 == 0.0:
        return None
    point, direction = -b * w / norm2, np.array([-w[1], w[0]])
    t_lo, t_hi = -np.inf, np.inf
    for axis in range(2):
        if direction[axis] == 0.0:
            if not lo[axis] <= point[axis] <= hi[axis]:
                return None
            continue
        ends = sorted(((lo[axis] - point[axis]) / direction[axis], (hi[axis] - point[axis]) / direction[axis]))
        t_lo, t_hi = max(t_lo, ends[0]), min(t_hi, ends[1])
    if t_lo >= t_hi:
        return None
    return np.array([point + t_lo * direction, point + t_hi * direction])


def plot_unit_cuts(params: Params, X, y, *, ax=None, units=None, labels: bool | None = None,
                   class_names=None, resolution: int = 200):
    r"""The decision regions of a network on two features, with the line each hidden unit cuts along.

    Unit :math:`j` is active (its ReLU passes :math:`z_j > 0`) on one side of the line
    :math:`x \cdot w_j + b_j = 0`, :math:`w_j` the column ``j - 1`` of ``W1``: each line is drawn in
    black across the plot, with a short arrow pointing to the side where the unit is active and,
    when ``labels``, its number 1..H at the arrow's tip. The arrow sits near one end of the line, or
    further along it where its number keeps clear of the numbers already drawn. A unit whose line
    misses the plot is active everywhere in it or nowhere, and is not drawn.

    Parameters
    ----------
    params : Params
        ``W1`` of shape (2, H).
    X, y :
        As for :func:`plot_decision_regions`.
    units : sequence of int, optional
        0-based units to draw (``unit - 1``); by default all.
    labels : bool, optional
        Number the lines; by default when at most 20 are drawn.

    Returns
    -------
    ax : matplotlib Axes
        ``ax.lines`` holds one line per unit drawn, in the order of ``units``.
    """
    params = check_params(params, n_features=2)
    units = list(range(params.W1.shape[1])) if units is None else _check_indices(units, "units", params.W1.shape[1])
    ax = plot_decision_regions(params, X, y, ax=ax, class_names=class_names, resolution=resolution)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    segments = {j: unit_line_segment(params.W1[:, j], params.b1[j], lo, hi) for j in units}
    segments = {j: seg for j, seg in segments.items() if seg is not None}
    if labels is None:
        labels = len(segments) <= 20
    arrow = 0.06 * float(np.min(hi - lo))
    placed = []                                                      # the numbers drawn so far
    for n, (j, seg) in enumerate(segments.items()):
        ax.plot(seg[:, 0], seg[:, 1], color="k", lw=1.0 if labels else 0.6, zorder=3)
        if labels:
            # Near one end of the segment, alternately the one and the other (the lines often cross
            # near the middle of the plot, their ends are apart); of the places along the line, the
            # first at least two arrow lengths from every number drawn, else the farthest from them.
            normal = params.W1[:, j] / np.linalg.norm(params.W1[:, j])   # towards z_j > 0
            fractions = (0.85, 0.15, 0.7, 0.3, 0.5) if n % 2 == 0 else (0.15, 0.85, 0.3, 0.7, 0.5)
            starts = [seg[0] + f * (seg[1] - seg[0]) for f in fractions]
            tips = [start + 1.6 * arrow * normal for start in starts]
            gaps = [min((np.hypot(*(tip - q)) for q in placed), default=np.inf) for tip in tips]
            choice = next((k for k, gap in enumerate(gaps) if gap >= 2 * arrow), int(np.argmax(gaps)))
            middle, tip = starts[choice], tips[choice]
            placed.append(tip)
            ax.annotate("", xy=middle + arrow * normal, xytext=middle, zorder=4,
                        arrowprops={"arrowstyle": "->", "color": "k", "lw": 1.2})
            ax.text(*tip, str(j + 1), ha="center", va="center", fontsize=8,
                    zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "k", "lw": 0.5})
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax
