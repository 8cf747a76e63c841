"""What the grader runs inside the learner's kernel, right after a cell that calls a checker.

:func:`probe` evaluates the cell's checker calls again in the notebook's namespace, as it is at
that moment, and publishes the verdicts as one display output of type :data:`MIME`, which the
grader reads back. Evaluating the call itself, rather than reading the ``✓``/``✗`` the cell
printed, keeps the verdict right when a learner has removed the ``print``, printed a ``✓`` of
their own or replaced a checker by a function of their own.
"""

from __future__ import annotations

import ast

MIME = "application/vnd.backprop.grade+json"
#: How every checker's message for an answer still ``None`` begins (``exercises.no_answer``).
NO_ANSWER = "No answer yet"


def evaluate(call: str, namespace: dict) -> dict:
    """The verdict of one checker call, as a JSON-able dict.

    Parameters
    ----------
    call : str
        The call's source, e.g. ``"ex.check_db2(my_db2, dscores)"``.
    namespace : dict
        The notebook's global names.

    Returns
    -------
    dict
        ``{"correct": bool, "message": str}`` for a checker's :class:`~backprop.exercises.Feedback`;
        ``{"skip": True}`` when the called function is not one of ``backprop.exercises`` (such as
        ``bp.check_gradients``); ``{"error": "..."}`` when the call cannot be evaluated or the
        function is a stand-in for a checker.
    """
    try:
        node = ast.parse(call, mode="eval").body
        function = eval(compile(ast.Expression(node.func), "<grader>", "eval"), namespace)
    except Exception as err:  # anything a learner's namespace can make of it
        return {"error": f"{type(err).__name__}: {err}"}
    module = getattr(function, "__module__", None) or ""
    if not module.startswith("backprop.exercises"):
        if module.startswith("backprop"):
            return {"skip": True}
        return {"error": f"{call.split('(')[0]} is not the course's checker any more (it comes from "
                         f"{module or 'the notebook'}): the answer was not checked"}
    try:
        feedback = eval(compile(call, "<grader>", "eval"), namespace)
    except Exception as err:
        return {"error": f"{type(err).__name__}: {err}"}
    correct, message = getattr(feedback, "correct", None), getattr(feedback, "message", None)
    if not isinstance(correct, bool) or not isinstance(message, str):
        return {"error": f"{call} returned {type(feedback).__name__}, not a checker's feedback"}
    return {"correct": correct, "message": message}


def probe(number: int, calls: list[str]) -> None:
    """Evaluate ``calls`` (those of exercise ``number``) and display their verdicts as :data:`MIME`."""
    from IPython import get_ipython
    from IPython.display import display

    namespace = get_ipython().user_ns
    display({MIME: {"exercise": number, "verdicts": [evaluate(call, namespace) for call in calls]}},
            raw=True)
