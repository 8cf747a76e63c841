"""The computational graph of a :class:`backprop.autograd.Tape`, drawn with matplotlib.

No Graphviz: the layout is computed here. Each operation is placed in a column by its longest
distance to the output (so the output is rightmost and every arrow points right); the longest
chain of operations (the "spine") runs along the middle row, other operations (the L2 terms) on
the top row; weights and biases sit just above the operation that first uses them and constants
(``X``) just below. Each operation carries a red number: its place in the order in which
:meth:`~backprop.autograd.Tape.backward` calls the VJPs.

matplotlib is imported inside :func:`plot_tape`, so importing this module does not load it.
"""

from __future__ import annotations

from .autograd import Node, Tape

TEXT_SIZE = 10.5  # points: the figure is wide, and a page shows it at half its size or less


def graph_layout(tape: Tape, output: Node) -> dict:
    """Positions ``{node: (x, y)}`` of ``output`` and every node it depends on (see the module notes).

    Returns
    -------
    dict
        ``(column, row)`` per node: columns 0, 1, ... left to right; row 0 the spine, 1 the
        variables, -1 the constants, 2 and up the other operations (staggered, so that an arrow
        to one does not pass through its neighbour).
    """
    if not isinstance(tape, Tape) or not isinstance(output, Node) or output.tape is not tape:
        raise TypeError("plot_tape needs a Tape and a Node recorded on it")
    dist = {output: 0}
    for node in reversed(tape.nodes[: tape.nodes.index(output) + 1]):
        if node in dist:
            for parent in node.parents:
                dist[parent] = max(dist.get(parent, 0), dist[node] + 1)
    ops = [n for n in tape.nodes if n in dist and n.parents]
    last = max(dist[n] for n in ops) if ops else 0
    pos, spine, node = {}, set(), output
    while node.parents:
        spine.add(node)
        node = max((p for p in node.parents if p.parents), key=lambda p: dist[p], default=node)
        if node in spine:
            break
    taken = set()
    for n in ops:
        col, row = last - dist[n], 0 if n in spine else 2
        while n not in spine and ((col, row) in taken or (col - 1, row) in taken):
            row += 1                          # side operations in neighbouring columns: staggered rows
        pos[n] = (col, row)
        taken.add((col, row))
    for n in tape.nodes:
        if n in dist and not n.parents:
            first = next(c for c in ops if n in c.parents)
            col, row = pos[first][0], 1 if n.requires_grad else -1
            while (col, row) in taken:
                col += 0.45
            pos[n] = (col, row)
            taken.add((col, row))
    return pos


def backward_order(tape: Tape, output: Node) -> list:
    """The operations in the order :meth:`~backprop.autograd.Tape.backward` runs their VJPs."""
    pos = graph_layout(tape, output)
    return [n for n in reversed(tape.nodes) if n in pos and n.parents]


def plot_tape(tape: Tape, output: Node, *, ax=None, labels: dict | None = None):
    """Draw the graph that ``output`` was computed by: boxes for values, arrows for the forward pass.

    Parameters
    ----------
    tape : Tape
    output : Node
        The scalar loss (or any node on ``tape``).
    ax : matplotlib Axes, optional
        Drawn into a new figure when omitted, sized to the graph (about 1.5 inches a column, one
        a row) with little margin, so that its text stays readable when a page scales it down.
    labels : dict of Node -> str, optional
        Text for a node's box; by default its name, its :attr:`~backprop.autograd.Node.formula`
        and its shape.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    pos = graph_layout(tape, output)
    xs, ys = zip(*pos.values(), strict=False)
    if ax is None:
        width, height = max(xs) - min(xs) + 1.2, max(ys) - min(ys) + 1.2
        fig, ax = plt.subplots(figsize=(1.45 * width, 0.85 * height + 0.4), dpi=100)
        fig.subplots_adjust(left=0.005, right=0.995, bottom=0.01, top=1 - 0.4 / (0.85 * height + 0.4))
    labels = labels or {}
    step = {n: k + 1 for k, n in enumerate(backward_order(tape, output))}
    boxes = {}
    for n, (x, y) in pos.items():
        lines = [n.name] if not n.parents else [n.name, n.formula]
        text = labels.get(n, "\n".join(lines + [str(n.shape)]))
        face = "#fde2c8" if n.requires_grad and not n.parents else "#dbe8f6" if n.parents else "0.9"
        boxes[n] = ax.text(x, y, text, ha="center", va="center", fontsize=TEXT_SIZE, zorder=2, linespacing=1.25,
                           bbox={"boxstyle": "round,pad=0.4", "fc": face, "ec": "0.3"})
    for n, (x, y) in pos.items():
        for p in n.parents:
            # From the parent's edge to the child's, in coordinates relative to each text's extent.
            px, py = pos[p]
            start, end = ((1, 0.5), (0, 0.5)) if py == y else ((0.5, 1), (0.5, 0)) if py < y else ((0.5, 0), (0.5, 1))
            if py != y and x - px > 1:        # a long, shallow arrow enters the box from its left side
                end = (0, 0.5)
            ax.annotate("", xy=end, xycoords=boxes[n], xytext=start, textcoords=boxes[p], zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.1, "shrinkA": 6, "shrinkB": 6})
        if n in step:
            ax.annotate(str(step[n]), xy=(1, 1), xycoords=boxes[n], xytext=(4, 4), textcoords="offset points",
                        ha="center", va="center", fontsize=TEXT_SIZE - 1, color="white", zorder=3,
                        bbox={"boxstyle": "circle,pad=0.25", "fc": "#c0392b", "ec": "none"})
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.axis("off")
    return ax
