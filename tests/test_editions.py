"""The student and instructor editions (``make editions``, tools/make_editions.py).

The student edition runs top to bottom with every checker answering that no answer is given yet,
and holds none of the worked solutions; every exercise of the full edition has one; the
instructor's guide quotes what the checkers really answer.

``make test`` proves "runs, and every checker says no answer yet" without running each chapter a
second time: the student edition is the full chapter (which nbval runs) minus its solution cells, so
it can only differ where a cell reads a name a solution binds. Such a name read before any other
cell binds it would raise ``NameError`` (checked statically); a cell reading what a solution made
is re-run without the solutions by the build itself (``make_editions``), which fails on an error;
an exercise cell reading none of that prints in the student edition what it prints in the full
chapter, whose stored output nbval compares. ``make test-slow`` runs every student chapter.
"""

from __future__ import annotations

import ast
import builtins
import os
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_editions  # noqa: E402

CHAPTERS = [p for p in make_editions.chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
FULL = {p.name: nbformat.read(p, as_version=4) for p in CHAPTERS}
# Chapters without exercises: the answer sheet (its proofs are the chapters'), the short primer
# on finite differences, which every later chapter exercises, and the animations (two questions).
WITHOUT_EXERCISES = {"00-the-question-answered.ipynb", "03b-checking-a-gradient.ipynb",
                     "15-the-gradient-seen-moving.ipynb", "91-appendix-the-questioners-training-rows.ipynb"}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    make_editions.build(out)
    return out


def test_the_chapters_are_found():
    assert len(CHAPTERS) >= 11


@pytest.mark.parametrize("name", FULL)
def test_every_exercise_has_a_worked_solution(name):
    found = make_editions.exercises(FULL[name])
    assert bool(found) != (name in WITHOUT_EXERCISES), f"{name}: {len(found)} exercises"
    missing = [ex.statement[:60] for ex in found if not ex.solutions]
    assert not missing, f"{name}: exercises without a cell tagged 'solution': {missing}"
    for ex in found:
        for i in ex.solutions:
            assert FULL[name].cells[i].cell_type == "code" and FULL[name].cells[i].source.strip()


@pytest.mark.parametrize("name", FULL)
def test_the_student_edition_holds_none_of_the_solution_code(editions, name):
    student = nbformat.read(editions / "student" / name, as_version=4)
    full = FULL[name]
    assert not [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    student_lines = {line.strip() for c in student.cells for line in c.source.splitlines()}
    shown = {line.strip() for c in full.cells if "solution" not in c.metadata.get("tags", [])
             for line in c.source.splitlines()}
    for cell in full.cells:
        if "solution" in cell.metadata.get("tags", []):
            # every line of a solution that the rest of the chapter does not also show
            own = {line.strip() for line in cell.source.splitlines()} - shown - {""}
            assert own, f"{name}: solution cell {cell.id} has no line of its own"
            assert not own & student_lines, f"{name}: solution code in the student edition: {own & student_lines}"
    # every other cell is kept, in order
    kept = [c.source for c in full.cells if "solution" not in c.metadata.get("tags", [])]
    assert [c.source for c in student.cells] == kept


# Names a cell may read without any cell binding them: Python's and IPython's.
PREDEFINED = set(dir(builtins)) | {"get_ipython", "display", "In", "Out", "_", "__", "___", "exit", "quit"}


def _reads_of_solution_results(nb) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """For each code cell outside the solutions: (names only a solution has bound when it runs,
    names a solution may have given another value), as the student edition would run it."""
    solutions = {i for ex in make_editions.exercises(nb) for i in ex.solutions}
    bound_elsewhere, by_solutions, tainted = set(PREDEFINED), set(), set()
    unbound, stale = {}, {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bound, read = make_editions._scope_names(cell.source)
        if i in solutions:
            by_solutions |= bound
            tainted |= bound
            continue
        unbound[i] = (read - bound) & (by_solutions - bound_elsewhere)
        stale[i] = read & tainted
        if stale[i]:
            tainted |= bound
        bound_elsewhere |= bound
    return unbound, stale


def test_the_analysis_finds_a_name_only_a_solution_binds_and_a_cell_reading_a_solutions_result():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    solution = new_code_cell("answer = 2\nextra = 3\nprint(check(answer))")
    solution.metadata["tags"] = ["solution", "hide-input"]
    nb = new_notebook(cells=[new_code_cell("import numpy as np"), new_markdown_cell("**Exercise 1.** Find it."),
                             new_code_cell("answer = None\nprint(check(answer))"), solution,
                             new_markdown_cell("## After"), new_code_cell("print(extra, np.pi)"),
                             new_code_cell("doubled = 2 * answer"), new_code_cell("print(doubled, len([]))")])
    unbound, stale = _reads_of_solution_results(nb)
    assert {i: names for i, names in unbound.items() if names} == {5: {"extra"}}
    assert {i: names for i, names in stale.items() if names} == {5: {"extra"}, 6: {"answer"}, 7: {"doubled"}}


@pytest.mark.parametrize("name", FULL)
def test_no_cell_of_the_student_edition_reads_a_name_only_a_solution_binds(name):
    nb = FULL[name]
    for cell in nb.cells:
        if cell.cell_type == "code":
            ast.parse(cell.source)  # the analysis reads every cell (no IPython magic it cannot parse)
    unbound, _ = _reads_of_solution_results(nb)
    missing = {nb.cells[i].get("id"): sorted(names) for i, names in unbound.items() if names}
    assert missing == {}, f"{name}: NameError in the student edition, names bound only by a solution: {missing}"


@pytest.mark.parametrize("name", FULL)
def test_every_exercise_cell_of_the_student_edition_says_no_answer_yet(editions, name):
    """Empty as handed out; once run, it prints what the full chapter's cell prints (nbval compares
    that stored output on every run): '✗ No answer yet'."""
    full, student = FULL[name], nbformat.read(editions / "student" / name, as_version=4)
    _, stale = _reads_of_solution_results(full)
    for ex in make_editions.exercises(full):
        for i in ex.learner:
            cell = full.cells[i]
            where = f"{name}, cell {cell.get('id')} ({ex.statement[:40]})"
            assert "✗ No answer yet" in make_editions.stored_text(cell), f"{where}: stored {cell.outputs}"
            assert not stale[i], f"{where} reads what an earlier solution made: {sorted(stale[i])}"
            ignored = {"nbval-ignore-output", "nbval-skip", "raises-exception"} & set(cell.metadata.get("tags", []))
            assert not ignored and "NBVAL_" not in cell.source, f"{where}: nbval does not compare it"
    for ex in make_editions.exercises(student):
        for i in ex.learner:
            assert student.cells[i].outputs == [] and student.cells[i].execution_count is None


@pytest.mark.parametrize("name", [n for n, nb in FULL.items() if make_editions.solution_dependent(nb)])
def test_a_chapter_reading_a_solutions_result_is_rerun_without_its_solutions(editions, name):
    """The build ran it (and would have failed on an error): its stored outputs are its own."""
    student = nbformat.read(editions / "student" / name, as_version=4)
    learner = {i for ex in make_editions.exercises(student) for i in ex.learner}
    counts = [c.execution_count for i, c in enumerate(student.cells) if c.cell_type == "code" and i not in learner]
    assert counts == sorted(counts) and counts[0] == 1 and len(set(counts)) == len(counts)
    assert not [o for c in student.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def test_chapter_12_is_among_the_rerun_chapters():
    assert "12-your-backward-pass.ipynb" in [n for n, nb in FULL.items() if make_editions.solution_dependent(nb)]


@pytest.mark.slow
@pytest.mark.parametrize("name", FULL)
def test_the_student_edition_runs_and_every_checker_says_no_answer_yet(editions, name, tmp_path):
    path = editions / "student" / name
    nb = nbformat.read(path, as_version=4)
    learner = [i for ex in make_editions.exercises(nb) for i in ex.learner]
    assert all(nb.cells[i].outputs == [] and nb.cells[i].execution_count is None for i in learner)
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    for ex in make_editions.exercises(nb):
        if not ex.learner:
            continue
        text = "".join(o.get("text", "") for i in ex.learner for o in nb.cells[i].outputs)
        assert "✗ No answer yet" in text, f"{name}, {ex.statement[:40]}: the checker said {text!r}"


def test_the_student_readme_says_how_to_install_and_check_an_answer(editions):
    from backprop.exercises import no_answer
    readme = (editions / "student" / "README.md").read_text()
    assert "pip install ." in readme and "✓" in readme and "✗" in readme
    assert str(no_answer("dscores")) in readme


def test_the_instructor_edition_is_the_full_notebooks_and_a_guide_for_every_chapter(editions):
    for path in CHAPTERS:
        assert (editions / "instructor" / path.name).read_bytes() == path.read_bytes()
    guide = (editions / "instructor" / "TEACHING-GUIDE.md").read_text()
    for name, nb in FULL.items():
        assert f"## {make_editions.title(nb)}" in guide
        assert f"Notebook `{name}`. **Time:** " in guide
        for ex in make_editions.exercises(nb):
            assert ex.statement in guide


def test_the_guide_quotes_what_the_checkers_really_answer(editions):
    """Slips computed here, fed to the real checkers: their answers are in the guide word for word."""
    import backprop as bp
    from backprop.exercises import ch03_forward_pass, ch05_batch_mean
    guide = (editions / "instructor" / "TEACHING-GUIDE.md").read_text()
    rng = np.random.default_rng(0)
    scores = rng.standard_normal((6, 3))
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    y = np.array([0, 1, 2, 0, 1, 2])
    onehot = np.eye(3)[y]
    answers = [ch05_batch_mean.check_dscores(probs / 6, probs, y),          # 1 never subtracted
               ch05_batch_mean.check_dscores((probs - 1) / 6, probs, y),    # 1 subtracted everywhere
               ch05_batch_mean.check_dscores(probs - onehot, probs, y)]     # the 1/N missing
    X, params = rng.standard_normal((5, 4)), bp.init_params(4, 3, 3, scale=1.0, rng=1)
    params = params._replace(b1=np.linspace(-0.5, 0.5, 3))
    answers.append(ch03_forward_pass.check_hidden(X @ params.W1 + params.b1, params, X))  # no ReLU
    for feedback in answers:
        assert not feedback.correct
        if "‹" not in feedback.message:
            assert feedback.message in guide or _with_fields_in(feedback.message, guide)


def _with_fields_in(message: str, guide: str) -> bool:
    """True when a guide line matches ``message`` with its ‹…› fields filled in."""
    import re
    for line in guide.splitlines():
        text = line.strip()
        if text.startswith("- ✗ ") and "‹" in text:
            pattern = re.sub(r"‹[^›]*›", ".+?", re.escape(text[4:]))
            if re.fullmatch(pattern, message):
                return True
    return False
