"""Run one notebook in a fresh kernel, with time limits, and collect each exercise's verdict.

The notebook is run top to bottom as "Run All" would, except that a cell that raises does not stop
it (the exercises after it are still graded) and that after every cell that calls a checker the
grader evaluates that call again (:mod:`backprop.grade.probe`). An exercise's verdict is that of
its last checker cell: the learner's final attempt, or in the instructor edition the worked
solution, which comes after the learner's cell.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .notebook import checker_calls, exercises, heading_above, source
from .probe import MIME, NO_ANSWER

RIGHT, WRONG, NO_ANSWER_YET, ERROR, NOT_RUN = "right", "wrong", "no answer", "error", "not run"
#: The environment of the kernel, on top of the grader's: one BLAS thread, as the course runs.
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "PYTHONHASHSEED": "0"}
_TIMEOUT = "CellTimeout"
_CHAPTER = re.compile(r"^(\d\d[a-z]?)-")
_TITLE_NUMBER = re.compile(r"^# (\d\d[a-z]?) ", re.M)


@dataclass(frozen=True)
class Verdict:
    """One exercise of one notebook: ``status`` is one of right, wrong, no answer, error, not run."""

    status: str
    message: str = ""


@dataclass
class Graded:
    """The grading of one notebook."""

    path: Path
    name: str                                   # as the table shows it (relative to the argument)
    chapter: str                                # "04", from the file name or the title
    verdicts: dict[int, Verdict] = field(default_factory=dict)   # exercise number -> verdict
    ungraded: list[int] = field(default_factory=list)            # exercises with no checker call
    problem: str = ""                           # the notebook timed out, crashed, or cannot be read
    seconds: float = 0.0


def chapter_of(path: Path, nb) -> str:
    """The chapter number ``NN`` of the file name ``NN-...``, else of the title ``# NN · ...``."""
    match = _CHAPTER.match(path.name)
    if match:
        return match.group(1)
    for cell in nb["cells"] if nb else []:
        title = _TITLE_NUMBER.search(source(cell)) if cell["cell_type"] == "markdown" else None
        if title:
            return title.group(1)
    return path.stem


def combine(verdicts: list[dict]) -> Verdict:
    """One exercise's verdict from those of its checker calls (a probe's ``verdicts``)."""
    errors = [v["error"] for v in verdicts if "error" in v]
    if errors:
        return Verdict(ERROR, errors[0])
    checked = [v for v in verdicts if "correct" in v]
    if all(v["correct"] for v in checked):
        return Verdict(RIGHT, " ".join(v["message"] for v in checked))
    if not any(v["correct"] or not v["message"].startswith(NO_ANSWER) for v in checked):
        return Verdict(NO_ANSWER_YET, checked[0]["message"])
    return Verdict(WRONG, next(v["message"] for v in checked if not v["correct"]))


def where(nb, index: int) -> str:
    """The cell ``index`` described as a reader finds it: by the heading above it."""
    heading = heading_above(nb, index)
    return f"a cell under '{heading}'" if heading else f"cell {index + 1}"


def grade_notebook(path: Path, *, name: str | None = None, cell_timeout: int = 120,
                   notebook_timeout: int = 600) -> Graded:
    """Run the notebook at ``path`` in a fresh kernel and grade each of its exercises.

    Parameters
    ----------
    path : Path
        A ``.ipynb`` file; the kernel runs in its folder.
    name : str, optional
        How the report names it (default: the file name).
    cell_timeout, notebook_timeout : int
        Seconds one cell, and the whole notebook, may run. A cell that runs longer is interrupted
        and the notebook goes on; a notebook that runs out of time stops there, and its exercises
        not reached yet are "not run".

    Returns
    -------
    Graded
        Never raises for anything the notebook does (an error, an endless loop, a dead kernel, a
        file that is not a notebook): it says so in ``problem`` and in the verdicts.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    start = time.monotonic()
    graded = Graded(Path(path), name or Path(path).name, chapter_of(Path(path), None))
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # a broken or foreign file is reported, not raised
        graded.problem = f"not a notebook nbformat can read ({type(err).__name__}: {err})"
        return graded
    graded.chapter = chapter_of(graded.path, nb)

    checks: dict[int, int] = {}     # index of a checker cell -> exercise number
    for ex in exercises(nb, ended_by_headings=True):
        cells = [i for i in ex.code if checker_calls(source(nb.cells[i]))]
        checks.update({i: ex.number for i in cells})
        if not cells:
            graded.ungraded.append(ex.number)
    last_check = {number: i for i, number in sorted(checks.items())}
    attempts: dict[int, list[Verdict]] = {number: [] for number in last_check}
    reached: set[int] = set()

    errors: dict[int, str] = {}
    client = NotebookClient(nb, kernel_name="python3", allow_errors=True, record_timing=False,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(graded.path.parent)}},
                            error_on_timeout={"ename": _TIMEOUT, "evalue": "", "traceback": []})
    client.on_cell_error = lambda cell, cell_index, execute_reply: errors.__setitem__(
        cell_index, _error_text(execute_reply["content"], client.timeout))
    deadline = start + notebook_timeout
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"} | KERNEL_ENV
    index = 0
    try:
        with client.setup_kernel(env=env, stderr=subprocess.DEVNULL):   # the kernel's own log
            for index, cell in enumerate(nb.cells):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    graded.problem = (f"stopped after {notebook_timeout} s, the time limit of a notebook, "
                                      f"at {where(nb, index)}")
                    break
                client.timeout = max(1, math.ceil(min(cell_timeout, remaining)))
                client.execute_cell(cell, index)
                reached.add(index)
                if index not in checks:
                    continue
                if index in errors:
                    verdict = Verdict(ERROR, f"the cell calling the checker stopped: {errors[index]}")
                else:
                    verdict = _probe(client, nb, index, checks[index], errors)
                if verdict is not None:
                    attempts[checks[index]].append(verdict)
    except DeadKernelError:
        graded.problem = f"the kernel died (a crash, or out of memory) at {where(nb, index)}"
    except Exception as err:  # the kernel would not start, or the client failed: report it
        graded.problem = f"could not be run: {type(err).__name__}: {err}"
    for number, verdicts in sorted(attempts.items()):
        if last_check[number] not in reached:
            graded.verdicts[number] = Verdict(NOT_RUN, graded.problem)
        elif verdicts:
            graded.verdicts[number] = verdicts[-1]      # the last attempt, or the worked solution
        else:                                           # only checkers of other modules were called
            graded.ungraded.append(number)
    graded.ungraded.sort()
    graded.seconds = time.monotonic() - start
    return graded


def _probe(client, nb, index: int, number: int, errors: dict[int, str]) -> Verdict | None:
    """Run the probe of the checker cell ``index`` and read its verdicts; None when the cell called
    no checker of ``backprop.exercises`` (``bp.check_gradients``, say)."""
    import nbformat

    cell = nb.cells[index]
    calls = checker_calls(source(cell))
    probe = nbformat.v4.new_code_cell(
        f'__import__("backprop.grade.probe", fromlist=["probe"]).probe({number}, {calls!r})')
    try:
        client.execute_cell(probe, index, store_history=False)
    finally:
        nb.cells[index] = cell              # nbclient stores the cell it ran at its index
    if index in errors:
        return Verdict(ERROR, f"the grader could not run the checker: {errors[index]}")
    found = [o["data"][MIME] for o in probe.outputs if o.get("output_type") == "display_data" and MIME in o["data"]]
    if not found:
        return Verdict(ERROR, "the grader's probe printed nothing")
    verdicts = [v for v in found[0]["verdicts"] if not v.get("skip")]
    return combine(verdicts) if verdicts else None


def _error_text(content: dict, cell_timeout: int) -> str:
    if content.get("ename") == _TIMEOUT:
        return f"it ran longer than the time limit ({cell_timeout} s a cell): an endless loop?"
    return f"{content.get('ename', 'Error')}: {content.get('evalue', '')}".strip()
