r"""Checkers for chapter 01, "Overview and notation".

The shapes of the arrays of one forward and backward pass (a batch array has one row per example,
a gradient has its parameter's shape), and the hidden layer in the accepted answer's column
convention, :math:`A^\top = \max(W_1^\top X^\top + b_1, 0)`. The slips: a transposed shape, R's
1-row matrix for a bias, the row convention's ``hidden.layer`` where the column one is asked for,
the ReLU missing.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import SimpleNamespace

from .._validation import check_matrix
from ..layers import relu_forward
from ..model import forward_backward
from ..params import Params, check_params
from ._feedback import Feedback, compare, no_answer
from ._slips import Slip, names_slips, table
from .ch03_forward_pass import checked_preactivations

#: The arrays whose shapes exercise 1 asks for: Workspace fields and gradients (Params fields).
SHAPE_NAMES = ("hidden", "scores", "dscores", "dhidden", "dW1", "db1", "dW2", "db2")
_GRADIENTS = ("dW1", "db1", "dW2", "db2")


def expected_shapes(params, X, y) -> dict[str, tuple]:
    """The shape of every array in :data:`SHAPE_NAMES`, read off one forward/backward pass.

    Parameters
    ----------
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)

    Returns
    -------
    dict of str -> tuple
    """
    ws = forward_backward(params, X, y)
    arrays = {"hidden": ws.hidden, "scores": ws.scores, "dscores": ws.dscores, "dhidden": ws.dhidden,
              **{f"d{field}": grad for field, grad in zip(Params._fields, ws.grads, strict=True)}}
    return {name: arrays[name].shape for name in SHAPE_NAMES}


#: The slips of one entry of the dict of shapes: ``wrong(c)`` says whether the shape ``c.got`` given
#: for the entry ``c.entry``, whose right shape is ``c.want``, is that slip (the first that says so wins).
SHAPES = table(
    "one shape of the dict of shapes",
    Slip("one-int", "an int instead of a tuple", "{entry}: {got!r} is not a shape but one int; a shape is a tuple "
         "of ints, e.g. (2, 5), or ({got},) for a vector (the comma makes the tuple).", kind="generic"),
    Slip("not-a-shape", "something that is not a tuple of ints", "{entry}: {text} is not a shape; a shape is a "
         "tuple of ints, e.g. (2, 5), or (7,) for a vector.", kind="generic"),
    Slip("transposed", "(columns, rows)", "{entry}: {got} is transposed. The code keeps one example per row and "
         "stores a weight as (inputs × outputs); the transposed shape is the column convention's.",
         lambda c: len(c.want) == 2 and c.got == c.want[::-1]),
    Slip("r-matrix", "(1, n) or (n, 1) for a vector", "{entry}: {got} is how R stores it (a 1-row matrix); in "
         "numpy a bias and its gradient are plain vectors with one entry per unit.",
         lambda c: len(c.want) == 1 and c.got in ((1, c.want[0]), (c.want[0], 1))),
    Slip("gradient", "a gradient's shape other than its parameter's", "{entry}: {got} is wrong; a gradient has "
         "the shape of its parameter (see params.{parameter}).", lambda c: c.entry in _GRADIENTS),
    Slip("batch-array", "a batch array's shape other than N × units", "{entry}: {got} is wrong; a batch array has "
         "one row per example and one column per unit or class.", lambda c: True),
)


def _shape_problem(name: str, got, want: tuple) -> str | None:
    """What is wrong with one shape, or None if it is right (the first slip of :data:`SHAPES` that fits)."""
    context = SimpleNamespace(entry=name, got=got, want=want, parameter=name[1:], text=repr(got)[:40])
    if isinstance(got, numbers.Integral) and not isinstance(got, bool):
        return SHAPES["one-int"].text(context)
    if isinstance(got, (str, bytes)) or not _is_shape(got):
        if len(context.text) >= 40:
            context.text = context.text[:37] + "..."
        return SHAPES["not-a-shape"].text(context)
    got = context.got = tuple(int(n) for n in got)
    if got == want:
        return None
    return next(slip.text(context) for slip in SHAPES.of_kind("value") if slip.wrong(context))


def _is_shape(got) -> bool:
    try:
        return all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in got)
    except TypeError:
        return False


@names_slips(SHAPES)
def check_shapes(answer, params, X, y) -> Feedback:
    """Exercise 1: the shapes of the arrays of one forward and backward pass.

    A batch array (``hidden``, ``scores``, ``dscores``, ``dhidden``) has one row per example,
    :math:`N \times H` or :math:`N \times K`; a gradient has its parameter's shape
    (:math:`D \times H`, :math:`H`, :math:`H \times K`, :math:`K`). Slips: :data:`SHAPES`.

    Parameters
    ----------
    answer : dict or None
        Name (each of :data:`SHAPE_NAMES`) -> shape tuple.
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)

    Returns
    -------
    Feedback
        Every wrong shape, one per line.
    """
    params = check_params(params)
    X = check_matrix(X, "X", n_cols=params.W1.shape[0])
    if answer is None:
        return no_answer("the dict of shapes")
    if not isinstance(answer, Mapping):
        return Feedback(False, f"the answer must be a dict mapping names to shapes, got {type(answer).__name__}.")
    missing = [name for name in SHAPE_NAMES if name not in answer]
    if missing:
        return Feedback(False, f"the dict lacks {', '.join(missing)}; it needs all of {', '.join(SHAPE_NAMES)}.")
    want = expected_shapes(params, X, y)
    problems = [p for name in SHAPE_NAMES if (p := _shape_problem(name, answer[name], want[name]))]
    if problems:
        return Feedback(False, "\n  ".join([f"{len(problems)} of {len(SHAPE_NAMES)} shapes are wrong:", *problems]))
    return Feedback(True, f"all {len(SHAPE_NAMES)} shapes are right.")


HIDDEN_COLUMN = table(
    "the column-convention hidden layer",
    Slip("row-convention", "max(X W1 + b1, 0), (N, H)", "shape ({N}, {H}) is the row convention's hidden.layer "
         "(one example per row); in the column convention each example is a column: transpose every factor and "
         "reverse the product.", lambda c: (c.N, c.H), kind="shape"),
    Slip("no-relu", "W1ᵀ Xᵀ + b1", "the ReLU is missing: the hidden layer is max(W o + b, 0), not W o + b.",
         lambda c: c.Z.T),
)


@names_slips(HIDDEN_COLUMN)
def check_hidden_column(answer, params, X) -> Feedback:
    r"""Exercise 2: the hidden layer in the column convention, :math:`\max(W_1^\top X^\top + b_1, 0)`.

    The right answer is the transpose of the code's ``hidden.layer``, shape (H, N). Slips:
    :data:`HIDDEN_COLUMN`.

    Parameters
    ----------
    answer : array_like, shape (H, N), or None
    params : Params
    X : ndarray, shape (N, D)

    Returns
    -------
    Feedback
    """
    inputs = {"X": X, "params": params}
    params, X, Z = checked_preactivations(params, X)
    n, h = Z.shape
    return compare(answer, relu_forward(Z).T, name="the column-convention hidden layer", slips=HIDDEN_COLUMN,
                   context=SimpleNamespace(N=n, H=h, Z=Z), inputs=inputs)
