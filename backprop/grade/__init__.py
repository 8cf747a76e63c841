"""Grade a class: run the learners' notebooks and every exercise's checker on their answers.

``python -m backprop.grade PATH... [--csv FILE]`` takes notebooks or folders of them (the
submissions), runs each in a fresh kernel with a time limit and one BLAS thread, and prints a
table notebook × exercise: right, wrong (with the checker's message), no answer, or an error; a
notebook that crashes or loops is reported and the others are graded all the same.

How an exercise and its verdict are found (:mod:`~backprop.grade.notebook`,
:mod:`~backprop.grade.run`): an exercise is a markdown cell "**Exercise n.** ..." as in
CONTRIBUTING.md, up to the next exercise or heading; its checker cells are its code cells that
call a ``check_*`` function. Right after each, the grader evaluates those calls again in the
notebook's kernel (:mod:`~backprop.grade.probe`), so a removed ``print`` or a ``✓`` printed by
hand changes nothing; the exercise's verdict is that of its last checker cell (in the instructor
edition, the worked solution's). Running notebooks needs Jupyter's ``nbclient`` and ``ipykernel``
(installed with JupyterLab); this package imports them only when it runs one.
"""

from .notebook import Exercise, checker_calls, exercises
from .run import Graded, Verdict, grade_notebook

__all__ = ["Exercise", "Graded", "Verdict", "checker_calls", "exercises", "grade_notebook"]
