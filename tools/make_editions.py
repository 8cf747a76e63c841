"""Student and instructor editions of the course, from the one source (``make editions``).

Usage: python tools/make_editions.py [--out build]

* ``build/student/``: every chapter notebook with its ``solution``-tagged cells removed and the
  outputs of the exercise cells (the cells a learner fills in) cleared, plus ``README.md``: how to
  install the package and how to check an answer.
* ``build/instructor/``: the full notebooks plus ``TEACHING-GUIDE.md``: per chapter the time it
  takes, the cells to run live and notes (hand-written, from ``editions/teaching-guide.md``),
  then every exercise with its checker, the answer it gives to an untouched cell (the stored
  output) and the slips it recognises with what it answers to each, read from the checkers'
  source in ``backprop/exercises`` so that the guide cannot drift from them.

The chapters are found by the website's own rule (``docs/_ext/backprop_site.chapter_files``), so a
new chapter joins both editions by being added to ``notebooks/``.
"""

from __future__ import annotations

import argparse
import ast  # noqa: F401  (the student edition's scope analysis, branch classroom, uses it)
import copy
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from backprop_site import chapter_files  # noqa: E402  (the website's list of chapters)

GUIDE_SOURCE = ROOT / "editions" / "teaching-guide.md"
EXERCISES = ROOT / "backprop" / "exercises"
EXERCISE = re.compile(r"^\*\*Exercise (\d+)\b.*$", re.M)
CHECKER_CALL = re.compile(r"\b(check_\w+)\(")


@dataclass
class Exercise:
    """One exercise of a notebook: its statement and the indices of its cells."""

    number: int
    statement: str                      # the paragraph "**Exercise n. ...**", on one line
    markdown: int                       # index of the markdown cell that states it
    learner: list[int] = field(default_factory=list)    # code cells the learner fills in
    hints: list[int] = field(default_factory=list)
    solutions: list[int] = field(default_factory=list)  # cells tagged `solution`


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def exercises(nb) -> list[Exercise]:
    """The exercises of ``nb`` in order (CONTRIBUTING.md's convention).

    An exercise starts at a line "**Exercise n...**" of a markdown cell; the code cells after it
    are the learner's, markdown cells tagged ``hint`` its hints, cells tagged ``solution`` its
    worked solution; the next markdown cell that is not a hint ends it.
    """
    found: list[Exercise] = []
    current = None
    for index, cell in enumerate(nb.cells):
        cell_tags = tags(cell)
        if cell.cell_type == "markdown" and "hint" not in cell_tags:
            matches = list(EXERCISE.finditer(cell.source))
            for match in matches:
                paragraph = cell.source[match.start():].split("\n\n")[0]
                found.append(Exercise(int(match.group(1)), " ".join(paragraph.split()), index))
            current = found[-1] if matches else None
        elif current is None:
            continue
        elif "solution" in cell_tags:
            current.solutions.append(index)
        elif "hint" in cell_tags:
            current.hints.append(index)
        elif cell.cell_type == "code":
            current.learner.append(index)
    return found


def student_notebook(nb):
    """``nb`` without its solution cells and with the exercise cells' outputs cleared."""
    nb = copy.deepcopy(nb)
    learner = {i for ex in exercises(nb) for i in ex.learner}
    for i in learner:
        nb.cells[i].outputs = []
        nb.cells[i].execution_count = None
    nb.cells = [cell for cell in nb.cells if "solution" not in tags(cell)]
    return nb


# ------------------------------------------------------------------- the checkers' slips
#
# The slips come from the tables the checkers read (``backprop.exercises.slips_of``): for a checker,
# ``messages(checker)`` gives one entry per slip, the message with its fields as ‹field› and, on a
# second line, what the wrong answer computes. ``compare`` carries the engine's own rules
# (``backprop.exercises.GENERIC``), so ``messages`` of it lists the generic answers.


def checker_functions() -> dict[str, dict[str, object]]:
    """{module name: {function name: function}} for every module of ``backprop.exercises``
    (imported, not parsed: the checkers and their slip tables are the ones that run)."""
    import importlib
    import pkgutil

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    package = importlib.import_module("backprop.exercises")
    modules = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"backprop.exercises.{info.name}")
        modules[info.name] = {name: value for name, value in vars(module).items()
                              if callable(value) and getattr(value, "__module__", None) == module.__name__}
    return modules


def find_checker(name: str, chapter: str, modules) -> tuple[str, object] | None:
    """The checker ``name``, looked for in the chapter's module (``chNN_*``) first."""
    ordered = sorted(modules, key=lambda stem: not stem.startswith(f"ch{chapter}_"))
    for stem in ordered:
        if name in modules[stem]:
            return stem, modules[stem][name]
    return None


def messages(function) -> list[str]:
    """The guide's entry for every slip of ``function``'s tables (``backprop.exercises.slips_of``),
    in table order: the message as the checker words it, its fields as ‹field›, then on its own
    line what the wrong answer computes and which answer the table is about. Empty for a function
    that declares no slips."""
    from backprop.exercises import slips_of

    entries = []
    for table in slips_of(function):
        for slip in table:
            entries.append(f"{slip.template().strip()}\n    when the answer is `{slip.computes}` ({table.answer})")
    return entries


# ------------------------------------------------------------------------ the teaching guide


@dataclass
class ChapterNotes:
    time: str
    live: list[str]
    notes: str


def read_guide_source(path: Path = GUIDE_SOURCE) -> dict[str, ChapterNotes]:
    """The hand-written part: ``## NN`` sections with ``time:`` and ``live:`` lines, then notes."""
    sections = re.split(r"^## (\S+)\s*$", path.read_text(), flags=re.M)[1:]
    notes = {}
    for key, body in zip(sections[::2], sections[1::2], strict=False):
        time = re.search(r"^time:\s*(.+)$", body, re.M)
        live = re.search(r"^live:\s*(.*)$", body, re.M)
        if not time or not live:
            raise SystemExit(f"{path}: section '## {key}' needs a 'time:' and a 'live:' line")
        text = re.sub(r"^(time|live):.*\n?", "", body, flags=re.M).strip()
        live_ids = [c.strip() for c in live.group(1).split(",") if c.strip()]
        notes[key] = ChapterNotes(time.group(1).strip(), live_ids, text)
    return notes


def chapter_key(path: Path) -> str:
    return path.name.split("-", 1)[0]


def title(nb) -> str:
    for cell in nb.cells:
        match = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    return "(untitled)"


def first_line(source: str) -> str:
    lines = [line for line in source.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else ""


def stored_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream").strip()


def teaching_guide(chapters: list[Path], notes: dict[str, ChapterNotes]) -> str:
    modules = checker_functions()
    lines = ["# Teaching guide", "",
             ("Generated by `make editions` from the chapters, `editions/teaching-guide.md` (times, live "
              "cells, notes) and the checkers in `backprop/exercises` (the slips and what the checker "
              "answers to each). A message written with ‹…› shows the checker's own expression there, "
              "filled in with the learner's numbers when it runs."), ""]
    total = 0
    for path in chapters:
        key = chapter_key(path)
        if key not in notes:
            raise SystemExit(f"{GUIDE_SOURCE.relative_to(ROOT)} has no section '## {key}' for {path.name}: "
                             "add its time, live cells and notes")
        nb = nbformat.read(path, as_version=4)
        ids = {cell.get("id"): i for i, cell in enumerate(nb.cells)}
        chapter = notes[key]
        minutes = re.match(r"(\d+)", chapter.time)
        total += int(minutes.group(1)) if minutes else 0
        lines += [f"## {title(nb)}", "", f"Notebook `{path.name}`. **Time:** {chapter.time}.", "",
                  "**Run live** (the rest can be read from the projected notebook):", ""]
        for cell_id in chapter.live:
            if cell_id not in ids:
                raise SystemExit(f"{GUIDE_SOURCE.relative_to(ROOT)}, '## {key}': no cell with id "
                                 f"'{cell_id}' in {path.name}")
            index = ids[cell_id]
            lines.append(f"- cell `{cell_id}` (cell {index + 1} of {len(nb.cells)}): "
                         f"`{first_line(nb.cells[index].source)}`")
        lines += ["", chapter.notes, "", "### Exercises and what the checkers answer", ""]
        for ex in exercises(nb):
            lines.append(f"{ex.statement}")
            lines.append("")
            if ex.solutions:
                solution_id = nb.cells[ex.solutions[0]].get("id")
                lines.append(f"- worked solution: cell `{solution_id}` (removed from the student edition)")
            names = list(dict.fromkeys(n for i in ex.learner for n in CHECKER_CALL.findall(nb.cells[i].source)))
            untouched = [stored_text(nb.cells[i]) for i in ex.learner if stored_text(nb.cells[i])]
            if untouched:
                lines.append(f"- the cell as handed out: {untouched[-1].splitlines()[-1]}")
            for name in names:
                found = find_checker(name, key, modules)
                if found is None:
                    raise SystemExit(f"{path.name}: checker {name} not found in backprop/exercises")
                stem, function = found
                lines.append(f"- checker `backprop.exercises.{stem}.{name}`; the slips it names:")
                lines += ([f"  - ✗ {message}" for message in messages(function)]
                          or ["  - (none beyond the generic ones below)"])
            if not names and not ex.learner:
                lines.append("- no checker: a question to discuss")
            lines.append("")
    engine = checker_functions()["_feedback"]  # compare and the private steps it goes through
    generic = [m for name in ("compare", "_verdict", "_typed", "_wrong_shape") if name in engine
               for m in messages(engine[name])]
    lines += ["## Generic answers of every array checker", "",
              "`backprop.exercises.compare`, which the array checkers call, also recognises:", ""]
    lines += [f"- ✗ {message}" for message in generic]
    lines += ["", f"Total time of the chapters: {total} minutes.", ""]
    return "\n".join(lines)


STUDENT_README = """# Backpropagation, line by line: student edition

These notebooks are the course's chapters with the worked solutions taken out. Open them in
order; each ends with exercises that you answer in the notebook and check offline.

## Install

You need Python ≥ 3.10 and the course's helper package `backprop`, which the notebooks import.
From the course repository (a clone or a download of it):

```
python -m pip install .          # in the repository's folder: backprop and its dependencies
python -m pip install jupyterlab # or use JupyterHub, Colab, VS Code: any Jupyter works
jupyter lab
```

Your instructor may hand you a wheel instead (`python -m pip install backprop-*.whl`). On a hosted
service (JupyterHub, Colab) run the same `pip install` in a cell, with `%pip install ...`, giving
the repository's folder, address or the wheel, then open these notebooks.

## Check an answer

Each exercise has a cell like

```python
my_dscores = None  # replace None with your expression
print(ex.check_dscores(my_dscores, probs, y))
```

Replace `None` with your answer and run the cell. The checker prints `✓` and what is right, or
`✗` and what is wrong: a wrong shape, a missing transpose, a factor of N, a forgotten mask...
Before you answer it says

```
{no_answer}
```

Fix your answer and run the cell again. Hints are folded under the exercise: open one when
stuck. Nothing needs a network.
"""


def build(out: Path) -> None:
    chapters = [p for p in chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
    extras = [p for p in chapter_files(ROOT / "notebooks") if p.suffix != ".ipynb"]
    notes = read_guide_source()
    guide = teaching_guide(chapters, notes)
    sys.path.insert(0, str(ROOT))
    from backprop.exercises import no_answer
    for edition in ("student", "instructor"):
        target = out / edition
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for extra in extras:
            dest = target / extra.relative_to(ROOT / "notebooks")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(extra, dest)
    for path in chapters:
        shutil.copy2(path, out / "instructor" / path.name)
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), out / "student" / path.name)
    (out / "instructor" / "TEACHING-GUIDE.md").write_text(guide)
    (out / "student" / "README.md").write_text(STUDENT_README.replace("{no_answer}", str(no_answer("dscores"))))
    print(f"{len(chapters)} chapters -> {out / 'student'} and {out / 'instructor'}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    build(parser.parse_args(argv).out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
