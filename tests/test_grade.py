"""Grading a class (``python -m backprop.grade``): notebooks run, every exercise's checker judged.

The fast tests grade a small class of synthetic submissions that call a real checker
(``check_db2``): right, wrong, no answer, a cell that raises, a checker replaced by the learner's
own, a ``✓`` printed by hand, an endless loop, a kernel that dies and a file that is not a
notebook, through the command line and its CSV. The slow tier grades the real editions: every
exercise of the instructor edition is right, every one of the untouched student edition has no
answer.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from backprop.exercises import ch06_output_layer
from backprop.grade import checker_calls, exercises
from backprop.grade.__main__ import main
from backprop.grade.probe import NO_ANSWER
from backprop.grade.run import ERROR, NO_ANSWER_YET, NOT_RUN, RIGHT, WRONG, combine, grade_notebook

ROOT = Path(__file__).resolve().parents[1]
SETUP = ("import numpy as np\nfrom backprop.exercises import ch06_output_layer as ex\n"
         "dscores = np.arange(6.0).reshape(3, 2) / 10")
RIGHT_ANSWER = "my_db2 = dscores.sum(axis=0)\nprint(ex.check_db2(my_db2, dscores))"


def notebook(*cells) -> nbformat.NotebookNode:
    """A notebook from ("md"|"code", source) pairs, after a title and the set-up cell."""
    made = [new_markdown_cell("# 06 · A synthetic submission"), new_code_cell(SETUP)]
    made += [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells]
    return new_notebook(cells=made, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})


CLASS = {
    "alice.ipynb": notebook(
        ("md", "**Exercise 1.** Write `db2`."), ("code", RIGHT_ANSWER),
        ("md", "**Exercise 2.** Again, without printing."),
        ("code", "my_db2 = dscores.sum(axis=1)\nex.check_db2(my_db2, dscores)"),
        ("md", "**Exercise 3.**"), ("code", "my_db2 = None  # replace None\nprint(ex.check_db2(my_db2, dscores))"),
        ("md", "**Exercise 4.**"), ("code", "my_db2 = dscores.sum(axis=0) / undefined_name\n"
                                            "print(ex.check_db2(my_db2, dscores))"),
        ("md", "**Exercise 5.**"), ("code", "def check_db2(answer, dscores):\n    return ex.Feedback(True, 'fine')\n\n"
                                            "print(check_db2(None, dscores))"),
        ("md", "**Exercise 6.**"), ("md", "My own note: a first try, then the fix.\n```python\n# not a heading\n```"),
        ("code", "my_db2 = None\nprint(ex.check_db2(my_db2, dscores))"),
        ("code", "print('✓ right, trust me')"), ("code", RIGHT_ANSWER),
        ("md", "**Exercise 7 (think).** Why is `db2` a sum?"),
        ("md", "**Exercise 8.**"), ("code", "my_db2 = dscores.sum(axis=0)\nprint('✓ db2 is right.')\n"
                                            "ex.check_db2(my_db2 * 3, dscores)")),
    "bob.ipynb": notebook(
        ("md", "**Exercise 1.**"), ("code", "while True:\n    pass\nprint(ex.check_db2(None, dscores))"),
        ("md", "**Exercise 2.**"), ("code", RIGHT_ANSWER),
        ("md", "**Exercise 3.**"), ("code", "import os\nos._exit(1)\nprint(ex.check_db2(None, dscores))"),
        ("md", "**Exercise 4.**"), ("code", RIGHT_ANSWER)),
}


def test_the_checker_calls_of_a_cell_are_the_ones_it_makes_when_it_runs():
    code = ("def f(x):\n    return ex.check_db2(x, d)\n\n"
            "print(ex.check_db2(my_db2, dscores), bp.check_gradients(p, X, y))\n"
            "ok = check_dscores(a, b).correct and [check_q(v) for v in w]\nlambda: check_z(1)")
    assert checker_calls(code) == ["ex.check_db2(my_db2, dscores)", "bp.check_gradients(p, X, y)",
                                   "check_dscores(a, b)", "check_q(v)"]
    assert checker_calls("my_db2 = dscores.sum(axis=\nprint(ex.check_db2(my_db2))") == []   # does not parse


def test_an_exercise_ends_at_the_next_exercise_or_heading_when_grading():
    nb = CLASS["alice.ipynb"]
    graded = {ex.number: ex for ex in exercises(nb, ended_by_headings=True)}
    assert list(graded) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert len(graded[6].learner) == 3 and graded[7].learner == []   # the learner's note ends nothing
    assert len({ex.number: ex for ex in exercises(nb)}[6].learner) == 0   # the editions' rule: it does


def test_the_verdicts_of_several_calls_combine_into_one():
    right, wrong = {"correct": True, "message": "a"}, {"correct": False, "message": "b is N times too large"}
    none = {"correct": False, "message": f"{NO_ANSWER}: replace None"}
    assert combine([right, right]).status == RIGHT
    assert combine([none, none]).status == NO_ANSWER_YET
    assert combine([right, none]).status == combine([none, right]).status == WRONG   # half done
    assert combine([right, wrong]).message == "b is N times too large"
    assert combine([right, {"error": "NameError: x"}]).status == ERROR


def test_no_answer_is_recognised_by_the_message_every_checker_gives():
    from backprop.exercises import answer, no_answer
    assert no_answer("db2").message.startswith(NO_ANSWER)
    assert answer("ch02-y-index", None).message.startswith(NO_ANSWER)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The synthetic class graded through the command line: (printed table, CSV rows by notebook)."""
    folder = tmp_path_factory.mktemp("submissions") / "class"
    folder.mkdir()
    for name, nb in CLASS.items():
        nbformat.write(nb, folder / name)
    (folder / "dave.ipynb").write_text("this is not JSON")
    out = folder.parent / "grades.csv"
    import contextlib
    import io
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main([str(folder), "--csv", str(out), "--cell-timeout", "5", "--timeout", "120"]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = {row["notebook"]: row for row in csv.DictReader(handle)}
    return printed.getvalue(), rows


def test_right_wrong_no_answer_and_errors_are_told_apart(graded_class):
    _, rows = graded_class
    alice = rows["alice.ipynb"]
    assert alice["chapter"] == "06" and alice["problem"] == ""
    assert alice["06 ex 1"] == "right"
    dscores = np.arange(6.0).reshape(3, 2) / 10                                     # as SETUP makes it
    told = ch06_output_layer.check_db2(dscores.sum(axis=1), dscores).message
    assert alice["06 ex 2"] == f"wrong: {told}"                                      # the checker's own message
    assert alice["06 ex 3"] == "no answer"
    assert alice["06 ex 4"] == ("error: the cell calling the checker stopped: "
                                "NameError: name 'undefined_name' is not defined")
    assert alice["06 ex 5"].startswith("error: check_db2 is not the course's checker")
    assert alice["06 ex 6"] == "right"                       # the last attempt counts, the hand-made ✓ does not
    assert alice["06 ex 8"].startswith("wrong: ")            # printing ✓ by hand changes nothing
    assert alice["not graded"] == "7" and "06 ex 7" not in alice
    assert (alice["right"], alice["exercises"]) == ("2", "7")


def test_an_endless_loop_is_interrupted_and_a_dead_kernel_reported(graded_class):
    _, rows = graded_class
    bob = rows["bob.ipynb"]
    assert bob["06 ex 1"] == ("error: the cell calling the checker stopped: it ran longer than the time "
                              "limit (5 s a cell): an endless loop?")
    assert bob["06 ex 2"] == "right"                         # after the loop, and before the crash
    assert bob["problem"] == "the kernel died (a crash, or out of memory) at a cell under '06 · A synthetic submission'"
    assert bob["06 ex 3"] == bob["06 ex 4"] == f"not run: {bob['problem']}"


def test_the_run_goes_on_past_every_problem_and_prints_the_table(graded_class):
    printed, rows = graded_class
    assert rows["dave.ipynb"]["problem"].startswith("not a notebook nbformat can read")
    assert "3 notebooks" in printed and "2 notebooks stopped or unreadable" in printed
    table = printed.splitlines()
    assert next(line for line in table if line.startswith("alice.ipynb")).split()[1:] == \
        ["✓", "✗", "·", "!", "!", "✓", "✗", "2/7"]
    assert next(line for line in table if line.startswith("bob.ipynb")).split()[1:] == ["!", "✓", "?", "?", "1/4"]


def test_the_command_refuses_a_path_that_does_not_exist(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path / "missing")])
    assert stop.value.code == 2 and "no such file or folder" in capsys.readouterr().err


# ------------------------------------------------------------------ the real editions (slow)


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "tools"))
    import make_editions
    out = tmp_path_factory.mktemp("editions")
    make_editions.build(out)
    return out


def _grade_edition(folder: Path) -> dict[str, dict]:
    out = folder.parent / f"{folder.name}.csv"
    assert main([str(folder), "--csv", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        return {row["notebook"]: row for row in csv.DictReader(handle)}


def _verdicts(row: dict) -> dict[str, str]:
    return {k: v for k, v in row.items() if " ex " in k and v}


@pytest.mark.slow
@pytest.mark.parametrize(("edition", "verdict"), [("instructor", "right"), ("student", "no answer")])
def test_every_exercise_of_the_instructor_edition_is_right_and_of_the_student_edition_unanswered(
        editions, edition, verdict):
    rows = _grade_edition(editions / edition)
    assert all(row["problem"] == "" for row in rows.values())
    verdicts = {(name, k): v for name, row in rows.items() for k, v in _verdicts(row).items()}
    assert len(verdicts) >= 40
    assert {key: v for key, v in verdicts.items() if v != verdict} == {}


@pytest.mark.slow
def test_a_notebook_out_of_time_stops_and_its_later_exercises_are_not_run(tmp_path):
    path = tmp_path / "06-slow.ipynb"
    nbformat.write(notebook(("md", "**Exercise 1.**"), ("code", "import time\ntime.sleep(30)"),
                            ("code", RIGHT_ANSWER)), path)
    graded = grade_notebook(path, cell_timeout=60, notebook_timeout=10)
    assert graded.problem.startswith("stopped after 10 s, the time limit of a notebook")
    assert graded.verdicts[1].status == NOT_RUN and graded.seconds < 30
