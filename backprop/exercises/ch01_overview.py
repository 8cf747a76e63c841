"""Checkers for chapter 01, "Overview and notation": the shapes of the arrays and the transposes
between the code's row convention and the accepted answer's column convention."""

from __future__ import annotations

from collections.abc import Mapping

from ..layers import affine_forward, relu_forward
from ..model import forward_backward
from ..params import Params
from ._feedback import Feedback, compare, no_answer

#: The arrays whose shapes exercise 1 asks for: Workspace fields and gradients (Params fields).
SHAPE_NAMES = ("hidden", "scores", "dscores", "dhidden", "dW1", "db1", "dW2", "db2")


def expected_shapes(params, X, y) -> dict[str, tuple]:
    """The shape of every array in :data:`SHAPE_NAMES`, read off one forward/backward pass."""
    ws = forward_backward(params, X, y)
    arrays = {"hidden": ws.hidden, "scores": ws.scores, "dscores": ws.dscores, "dhidden": ws.dhidden,
              **{f"d{field}": grad for field, grad in zip(Params._fields, ws.grads, strict=True)}}
    return {name: arrays[name].shape for name in SHAPE_NAMES}


def _shape_problem(name: str, got, want: tuple) -> str | None:
    """What is wrong with one shape, or None if it is right."""
    try:
        got = tuple(int(n) for n in got)
    except (TypeError, ValueError):
        return f"{name}: {got!r} is not a shape; a shape is a tuple of ints, e.g. (2, 5), or (7,) for a vector."
    if got == want:
        return None
    if len(want) == 2 and got == want[::-1]:
        return (f"{name}: {got} is transposed. The code keeps one example per row and stores a weight "
                "as (inputs × outputs); the transposed shape is the column convention's.")
    if len(want) == 1 and got in ((1, want[0]), (want[0], 1)):
        return (f"{name}: {got} is how R stores it (a 1-row matrix); in numpy a bias and its gradient "
                "are plain vectors with one entry per unit.")
    if name in ("dW1", "db1", "dW2", "db2"):
        return f"{name}: {got} is wrong; a gradient has the shape of its parameter (see params.{name[1:]})."
    return f"{name}: {got} is wrong; a batch array has one row per example and one column per unit or class."


def check_shapes(answer, params, X, y) -> Feedback:
    """Exercise 1: the shapes of the arrays of one forward and backward pass.

    Parameters
    ----------
    answer : dict or None
        Name (each of :data:`SHAPE_NAMES`) -> shape tuple.
    params : Params
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    """
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


def check_hidden_column(answer, params, X) -> Feedback:
    r"""Exercise 2: the hidden layer in the column convention, :math:`\max(W_1^\top X^\top + b_1, 0)`.

    The right answer is the transpose of the code's ``hidden.layer``, shape (H, N).
    """
    Z = affine_forward(X, params.W1, params.b1)
    n, h = Z.shape
    return compare(
        answer, relu_forward(Z).T, name="the column-convention hidden layer",
        shape_slips={(n, h): f"shape ({n}, {h}) is the row convention's hidden.layer (one example per row); "
                             "in the column convention each example is a column: transpose every factor "
                             "and reverse the product."},
        slips={"the ReLU is missing: the hidden layer is max(W o + b, 0), not W o + b.": Z.T})
