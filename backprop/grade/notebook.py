"""The exercises of a chapter notebook, found the way CONTRIBUTING.md writes them.

An exercise starts at a line "**Exercise n...**" of a markdown cell. After it come the code cells
the learner fills in, the hints (markdown tagged ``hint``) and the worked solution (tagged
``solution``). It ends at the next exercise or at the next markdown cell that is not a hint; for
grading, where a learner may have added notes of their own, only at the next exercise or heading
(:func:`exercises` with ``ended_by_headings=True``).

Works on ``nbformat`` notebooks and on the plain dicts of a ``.ipynb`` file alike; imports
nothing beyond the standard library.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

#: "**Exercise 3.**", "**Exercise 3 (columns).**": the number is the exercise's key.
EXERCISE = re.compile(r"^\*\*Exercise (\d+)\b.*$", re.M)
HEADING = re.compile(r"^(#{1,6}) +(.+?) *#* *$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
CHECKER = re.compile(r"^check_\w+$")


@dataclass
class Exercise:
    """One exercise of a notebook: its statement and the indices of its cells."""

    number: int
    statement: str                      # the paragraph "**Exercise n. ...**", on one line
    markdown: int                       # index of the markdown cell that states it
    learner: list[int] = field(default_factory=list)    # code cells the learner fills in
    hints: list[int] = field(default_factory=list)
    solutions: list[int] = field(default_factory=list)  # cells tagged `solution`

    @property
    def code(self) -> list[int]:
        """Every code cell of the exercise, in notebook order (the learner's and the solutions)."""
        return sorted(self.learner + self.solutions)


def tags(cell) -> list[str]:
    """The cell's tags (``metadata.tags``)."""
    return list(cell.get("metadata", {}).get("tags", []))


def source(cell) -> str:
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def exercises(nb, *, ended_by_headings: bool = False) -> list[Exercise]:
    """The exercises of ``nb`` in order.

    Parameters
    ----------
    nb : notebook (``nbformat.NotebookNode`` or the dict of a ``.ipynb`` file)
    ended_by_headings : bool, optional
        End an exercise only at the next exercise or markdown heading, so that a learner's own
        markdown notes stay inside it. By default any markdown cell that is not a hint ends it.

    Returns
    -------
    list of Exercise
    """
    found: list[Exercise] = []
    current = None
    for index, cell in enumerate(nb["cells"]):
        cell_tags, text = tags(cell), source(cell)
        if cell["cell_type"] == "markdown" and "hint" not in cell_tags:
            matches = list(EXERCISE.finditer(text))
            for match in matches:
                paragraph = text[match.start():].split("\n\n")[0]
                found.append(Exercise(int(match.group(1)), " ".join(paragraph.split()), index))
            if matches:
                current = found[-1]
            elif not ended_by_headings or headings(text):
                current = None
        elif current is None or cell["cell_type"] != "code" and "hint" not in cell_tags:
            continue
        elif "solution" in cell_tags:
            current.solutions.append(index)
        elif "hint" in cell_tags:
            current.hints.append(index)
        else:
            current.learner.append(index)
    return found


def headings(text: str) -> list[str]:
    """The markdown headings of ``text``, without their ``#`` (lines in fenced code blocks are not).

    Examples
    --------
    >>> headings("## 1. One step\\n```r\\n# a comment\\n```\\n### Weight decay")
    ['1. One step', 'Weight decay']
    """
    found, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and HEADING.match(line):
            found.append(HEADING.match(line).group(2))
    return found


def heading_above(nb, index: int) -> str | None:
    """The heading a reader sees above cell ``index`` (the last one before it, or in it), or None."""
    for cell in reversed(nb["cells"][:index + 1]):
        found = headings(source(cell)) if cell["cell_type"] == "markdown" else []
        if found:
            return found[-1]
    return None


def checker_calls(code: str) -> list[str]:
    """The calls of a ``check_*`` function in ``code``, as source text, in order.

    Only the calls a cell makes when it runs count: not those inside a function or lambda
    body (they run later, with other arguments) nor inside another checker call's arguments.
    Code that does not parse (a learner's unfinished line, IPython magics) has none.

    Examples
    --------
    >>> checker_calls("my_db2 = None\\nprint(ex.check_db2(my_db2, dscores))")
    ['ex.check_db2(my_db2, dscores)']
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    calls: list[ast.Call] = []

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return
        if isinstance(node, ast.Call) and CHECKER.match(_called_name(node.func)):
            calls.append(node)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [ast.get_source_segment(code, call) for call in calls]


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
