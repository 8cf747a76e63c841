"""The student and instructor editions (``make editions``, tools/make_editions.py).

The student edition runs top to bottom with every checker answering that no answer is given yet,
and holds none of the worked solutions; every exercise of the full edition has one; the
instructor's guide quotes what the checkers really answer.
"""

from __future__ import annotations

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
