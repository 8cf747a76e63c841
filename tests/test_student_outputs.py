"""The student edition stores its own outputs, never those the worked solutions made.

``tools/make_editions.py`` finds the cells whose output may come from a solution
(``solution_dependent``) and re-runs such a chapter without its solutions; the other chapters keep
the outputs of the same cells run on the same state. The fast tests check that analysis on small
notebooks; the slow one runs each re-run chapter of the student edition again and compares what
it prints with what the edition stores. (Comparing every chapter would test the chapters' own
reproducibility across CPUs, which nbval and the floating-point tests cover.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_editions  # noqa: E402


def chapter(*cells):
    made = []
    for kind, src in cells:
        cell = new_markdown_cell(src) if kind == "md" else new_code_cell(src)
        if kind == "solution":
            cell.metadata["tags"] = ["solution", "hide-input"]
        made.append(cell)
    return new_notebook(cells=made)


def test_a_cell_reading_what_a_solution_made_is_found_through_other_names():
    nb = chapter(("code", "X = 1"),
                 ("md", "**Exercise 1.** Write f."), ("code", "def f(x):\n    return None\nprint(check_f(f))"),
                 ("solution", "def f(x):\n    total = x + 1\n    return total\nprint(check_f(f))"),
                 ("md", "## Using it"),
                 ("code", "g = f if check_f(f).correct else reference"),    # reads f: stale, and taints g
                 ("code", "print(total, X)"),                                # `total` is f's local only
                 ("code", "print([g(v) for v in range(3)])"),                # reads g: stale
                 ("code", "h = len\nprint(h, X)"))                             # reads nothing tainted
    assert make_editions.solution_dependent(nb) == [5, 7]


def test_a_chapter_whose_later_cells_use_no_solution_is_left_as_it_is():
    nb = chapter(("md", "**Exercise 1.**"), ("code", "my_x = None\nprint(check_x(my_x))"),
                 ("solution", "my_x = 2\nfeedback = check_x(my_x)\nprint(feedback)"),
                 ("md", "## Questions"), ("code", "bp.exercises.ask('ch05-where')"), ("code", "%time X.sum()"))
    assert make_editions.solution_dependent(nb) == []


def test_chapter_12_is_the_one_whose_later_cells_use_the_learner_function():
    """Its later cells use `my_backward` once it passes: without the solution, the checker's reference."""
    chapters = [p for p in make_editions.chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
    found = {p.name[:2] for p in chapters
             if make_editions.solution_dependent(nbformat.read(p, as_version=4))}
    assert "12" in found


SANITIZE = re.findall(r"^regex: (.+)\nreplace: (.+)$", (ROOT / "tests" / "nbval_sanitize.cfg").read_text(), re.M)


def _printed(cell) -> str:
    """The text a cell shows, as nbval compares it (with the same sanitizing)."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream") + \
        "".join(o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])
                if o.get("output_type") in ("execute_result", "display_data"))
    for pattern, replacement in SANITIZE:
        text = re.sub(pattern, replacement, text)
    return text


@pytest.fixture(scope="module")
def student_edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    make_editions.build(out)
    return out / "student"


RERUN = [p.name for p in make_editions.chapter_files(ROOT / "notebooks")
         if p.suffix == ".ipynb" and make_editions.solution_dependent(nbformat.read(p, as_version=4))]


@pytest.mark.slow
@pytest.mark.parametrize("name", RERUN)
def test_a_rerun_chapter_of_the_student_edition_stores_what_it_prints(student_edition, name):
    stored = nbformat.read(student_edition / name, as_version=4)
    rerun = nbformat.read(student_edition / name, as_version=4)
    with make_editions.deterministic_environment():
        NotebookClient(rerun, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(student_edition)}}).execute()
    learner = {i for ex in make_editions.exercises(stored) for i in ex.learner}
    differ = [cell.get("id") for i, (cell, again) in enumerate(zip(stored.cells, rerun.cells, strict=True))
              if cell.cell_type == "code" and i not in learner and _printed(cell) != _printed(again)]
    assert differ == [], f"{name}: stored outputs the student edition does not print: {differ}"
    if name.startswith("12-"):
        assert "using my_backward" not in "".join(_printed(c) for c in stored.cells)
