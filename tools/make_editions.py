"""Student and instructor editions of the course, from the one source (``make editions``).

Usage: python tools/make_editions.py [--out build]

* ``build/student/``: every chapter notebook with its ``solution``-tagged cells removed and the
  outputs of the exercise cells (the cells a learner fills in) cleared, plus ``README.md``: how to
  install the package and how to check an answer. A chapter whose later cells printed what a worked
  solution made (chapter 12 uses the learner's backward pass once it passes) is re-run without its
  solutions, so that every output it stores is the student edition's own.
* ``build/instructor/``: the full notebooks plus ``TEACHING-GUIDE.md``: per chapter the time it
  takes, the cells to run live and notes (hand-written, from ``editions/teaching-guide.md``),
  then every exercise with its checker, the answer it gives to an untouched cell (the stored
  output) and the slips it recognises with what it answers to each, read from the slip tables
  the checkers themselves read (``backprop.exercises.slips_of``), so that the guide cannot drift
  from them.

The chapters are found by the website's own rule (``docs/_ext/backprop_site.chapter_files``), so a
new chapter joins both editions by being added to ``notebooks/``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "docs" / "_ext"), str(ROOT / "tools")]
from backprop_site import chapter_files  # noqa: E402  (the website's list of chapters)
from execute_notebooks import DETERMINISTIC_ENV, execute  # noqa: E402

from backprop.grade.notebook import Exercise, exercises, heading_above, headings, tags  # noqa: E402, F401

GUIDE_SOURCE = ROOT / "editions" / "teaching-guide.md"
EXERCISES = ROOT / "backprop" / "exercises"
CHECKER_CALL = re.compile(r"\b(check_\w+)\(")


def student_notebook(nb):
    """``nb`` without its solution cells and with the exercise cells' outputs cleared."""
    nb = copy.deepcopy(nb)
    clear_learner_outputs(nb)
    nb.cells = [cell for cell in nb.cells if "solution" not in tags(cell)]
    return nb


def clear_learner_outputs(nb) -> None:
    for i in {i for ex in exercises(nb) for i in ex.learner}:
        nb.cells[i].outputs = []
        nb.cells[i].execution_count = None


def _scope_names(code: str) -> tuple[set[str], set[str]]:
    """(the global names ``code`` binds, every name it reads); nothing for code that does not parse."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # IPython magics
        return set(), set()
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound: set[str] = set()

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)                     # its body binds local names only
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif not isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for child in ast.iter_child_nodes(node):
                visit(child)

    visit(tree)
    return bound, read


def solution_dependent(nb) -> list[int]:
    """The code cells outside the exercises whose stored output may come from a worked solution.

    A name a solution cell binds is tainted, and so is every name bound by a later cell that reads
    a tainted one; a cell (not the learner's, not a solution) that reads a tainted name printed
    what the solution made, which the student edition, without that solution, does not print.
    A solution that changes an object in place (``a[0] = 1``) is not followed.
    """
    found = exercises(nb)
    solutions = {i for ex in found for i in ex.solutions}
    learner = {i for ex in found for i in ex.learner}
    tainted: set[str] = set()
    stale = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bound, read = _scope_names(cell.source)
        if i in solutions or read & tainted:
            tainted |= bound
            if i not in solutions and i not in learner:
                stale.append(i)
    return stale


@contextlib.contextmanager
def deterministic_environment():
    """Run what is inside with one BLAS thread and a fixed hash seed (the kernels it starts too)."""
    saved = {key: os.environ.get(key) for key in DETERMINISTIC_ENV}
    os.environ.update(DETERMINISTIC_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)


def write_student_notebook(nb, path: Path) -> None:
    """Write ``nb``'s student edition to ``path``; re-run it there (fresh kernel, one BLAS thread)
    when some of its stored outputs came from the solutions it no longer holds."""
    student = student_notebook(nb)
    nbformat.write(student, path)
    if not solution_dependent(nb):
        return
    with deterministic_environment():
        execute(path)
    student = nbformat.read(path, as_version=4)
    clear_learner_outputs(student)                  # the exercise cells stay empty, as handed out
    nbformat.write(student, path)


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
    """A chapter's hand-written part of the guide (``## NN`` in ``editions/teaching-guide.md``)."""

    time: str
    live: list[str]                     # ids of the cells to run live
    notes: str                          # markdown; [[cell-id]] names a cell
    slides: dict[str, str]              # cell id -> speaker notes of the slide holding that cell


@dataclass
class Sequence:
    """A way through the course: classes, each a list of chapter keys, and what is left as homework."""

    name: str
    classes: list[list[str]]
    homework: list[str]


COURSE = "course"                       # the section of the guide's source that is no chapter
CELL_REFERENCE = re.compile(r"\[\[([\w.-]+)\]\]")
CLASS_MINUTES = 50


def read_guide_source(path: Path | None = None) -> dict[str, ChapterNotes]:
    """The chapters' hand-written parts: ``## NN`` sections with a ``time:`` and a ``live:`` line,
    ``slide <cell-id>: <speaker notes>`` lines, and notes (the rest)."""
    path = path or GUIDE_SOURCE
    notes = {}
    for key, body in _sections(path).items():
        if key == COURSE:
            continue
        time = re.search(r"^time:\s*(.+)$", body, re.M)
        live = re.search(r"^live:\s*(.*)$", body, re.M)
        if not time or not live:
            raise SystemExit(f"{path}: section '## {key}' needs a 'time:' and a 'live:' line")
        slides = dict(re.findall(r"^slide\s+([\w.-]+):\s*(.+)$", body, re.M))
        text = re.sub(r"^(time|live):.*\n?|^slide\s+[\w.-]+:.*\n?", "", body, flags=re.M).strip()
        live_ids = [c.strip() for c in live.group(1).split(",") if c.strip()]
        notes[key] = ChapterNotes(time.group(1).strip(), live_ids, text, slides)
    return notes


def read_course_page(path: Path | None = None) -> tuple[str, str, list[Sequence]]:
    """The course-level page (``## course``): its markdown before the first ``sequence`` line, the
    markdown after it (about the sequences), and the sequences, each written
    ``sequence <name>: NN NN / NN / ... ; homework NN, NN`` (``/`` between classes)."""
    path = path or GUIDE_SOURCE
    body = _sections(path).get(COURSE)
    if body is None:
        raise SystemExit(f"{path}: no section '## {COURSE}' (the course-level page)")
    line = re.compile(r"^sequence\s+(.+?):\s*(.+)$", re.M)
    sequences = []
    for name, plan in line.findall(body):
        taught, _, homework = plan.partition(";")
        sequences.append(Sequence(name.strip(), [c.split() for c in taught.split("/")],
                                  [k.strip() for k in homework.replace("homework", "", 1).split(",") if k.strip()]))
    first = line.search(body)
    before, after = (body[:first.start()], body[first.start():]) if first else (body, "")
    return before.strip(), line.sub("", after).strip(), sequences


def _source() -> str:
    """The guide's source as error messages name it."""
    return str(GUIDE_SOURCE.relative_to(ROOT) if GUIDE_SOURCE.is_relative_to(ROOT) else GUIDE_SOURCE)


def _sections(path: Path) -> dict[str, str]:
    parts = re.split(r"^## (\S+)\s*$", path.read_text(), flags=re.M)[1:]
    return dict(zip(parts[::2], parts[1::2], strict=True))


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


def cell_index(nb, cell_id: str, where: str) -> int:
    """The index of the cell ``cell_id``; stops the build, naming ``where``, if there is none."""
    for index, cell in enumerate(nb.cells):
        if cell.get("id") == cell_id:
            return index
    raise SystemExit(f"{_source()}, {where}: no cell with id '{cell_id}'")


def describe(nb, index: int, *, heading_first: bool = False) -> str:
    """A cell as a reader finds it in JupyterLab, in either edition: the heading it sits under
    and its first line (ids and positions are not shown there, and positions shift)."""
    heading = heading_above(nb, index)
    cell = nb.cells[index]
    line = first_line(cell.source)
    if cell.cell_type == "markdown" and headings(cell.source):
        return f"«{headings(cell.source)[0]}»"            # a section's own heading says where it is
    if cell.cell_type == "code":
        code = re.sub(r"\s+#[^'\"]*$", "", line)       # without its comment
        what = f"`{code or line}`"
    else:
        what = f"«{line}»"
    if not heading:
        return what
    return f"under «{heading}»: {what}" if heading_first else f"{what} under «{heading}»"


def with_cell_references(text: str, nb, where: str) -> str:
    """``text`` with each ``[[cell-id]]`` written as :func:`describe` writes that cell."""
    return CELL_REFERENCE.sub(lambda m: describe(nb, cell_index(nb, m.group(1), where)), text)


def chapter_plan(nb, key: str, chapter: ChapterNotes) -> list[str]:
    """The cells to run live, the notes, and the speaker notes slide by slide."""
    where = f"'## {key}'"
    lines = ["**Run live** (the rest can be read from the projected notebook or the slides):", ""]
    lines += [f"- {describe(nb, cell_index(nb, cell_id, where), heading_first=True)}" for cell_id in chapter.live]
    lines += ["", with_cell_references(chapter.notes, nb, where), ""]
    if chapter.slides:
        lines += ["**Slide by slide** (the speaker notes of the chapter's deck, `make slides`):", ""]
        lines += [f"- {describe(nb, cell_index(nb, cell_id, where), heading_first=True)}: "
                  f"{with_cell_references(text, nb, where)}" for cell_id, text in chapter.slides.items()]
        lines.append("")
    return lines


# ------------------------------------------------------------------- the questions' answer key

ASK = re.compile(r"""\bask\(\s*["']([\w-]+)["']\s*\)""")


def asked(nb) -> list[tuple[str, int]]:
    """(question id, cell index) of every question the chapter asks, in order."""
    return [(qid, i) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for qid in ASK.findall(cell.source)]


def answer_key_entry(question, where: str) -> list[str]:
    """One question: its prompt, the right option, and for each wrong one what it reveals."""
    from backprop.exercises.questions import LETTERS
    lines = [f"**`{question.id}`** ({where}): {question.prompt}", ""]
    for letter, option in zip(LETTERS, question.options, strict=False):
        if option.correct:
            lines.append(f"- ✓ **{letter}) {option.text}** Right. {option.explanation}")
        else:
            lines.append(f"- ✗ {letter}) {option.text} *Reveals:* {option.explanation}")
    return lines + [""]


def answer_key(nb, path: Path) -> list[str]:
    """The answer key of the questions ``nb`` asks (their ids are checked against the package)."""
    from backprop.exercises.questions import all_questions
    questions = all_questions()
    found = asked(nb)
    if not found:
        return []
    lines = ["### Questions for the class: the answer key", "",
             "Let the class vote before opening the options; each wrong option is a misconception, "
             "and its explanation is what to say to those who chose it.", ""]
    for qid, index in found:
        if qid not in questions:
            raise SystemExit(f"{path.name} asks question '{qid}', which backprop/exercises/questions does not define")
        heading = heading_above(nb, index)
        lines += answer_key_entry(questions[qid], f"asked under «{heading}»" if heading else "asked")
    return lines


def unasked_questions(chapters: list[Path]) -> list[str]:
    """The answer key of the questions no chapter asks (none, while every question is used)."""
    from backprop.exercises.questions import all_questions
    used = {qid for path in chapters for qid, _ in asked(nbformat.read(path, as_version=4))}
    rest = [q for qid, q in all_questions().items() if qid not in used]
    if not rest:
        return []
    lines = ["## Questions no chapter asks", ""]
    for question in rest:
        lines += answer_key_entry(question, f"chapter {question.chapter}'s module, not shown in a notebook")
    return lines


# ----------------------------------------------------------------------- the course-level page


def course_page(chapters: list[Path], notes: dict[str, ChapterNotes]) -> list[str]:
    """Prerequisites and set-up (hand-written), then each sequence as a table of classes."""
    text, about_sequences, sequences = read_course_page()
    titles = {chapter_key(p): title(nbformat.read(p, as_version=4)) for p in chapters}
    minutes = {key: int(re.match(r"\d+", n.time).group()) for key, n in notes.items()}
    lines = ["## Teaching the course", "", text, "", "### Sequences", "", about_sequences, ""]
    for seq in sequences:
        unknown = [k for c in seq.classes for k in c if k not in titles] + [k for k in seq.homework if k not in titles]
        if unknown:
            raise SystemExit(f"{_source()}: sequence '{seq.name}' names no chapter {unknown}")
        lines += [f"**{seq.name}** ({len(seq.classes)} class{'es' * (len(seq.classes) > 1)} of "
                  f"{CLASS_MINUTES} minutes)", "", "| class | chapters | minutes |", "| --- | --- | --- |"]
        for number, keys in enumerate(seq.classes, start=1):
            spent = sum(minutes[k] for k in keys)
            if spent > CLASS_MINUTES:
                raise SystemExit(f"{_source()}: sequence '{seq.name}', class {number} "
                                 f"takes {spent} minutes, more than {CLASS_MINUTES}")
            lines.append(f"| {number} | {'; '.join(titles[k] for k in keys)} | {spent} |")
        if seq.homework:
            lines += ["", "Between the classes, to read and do alone (the checkers give feedback offline): "
                      + "; ".join(titles[k] for k in seq.homework) + "."]
        lines.append("")
    return lines


def teaching_guide(chapters: list[Path], notes: dict[str, ChapterNotes]) -> str:
    modules = checker_functions()
    lines = ["# Teaching guide", "",
             ("Generated by `make editions` from the chapters, `editions/teaching-guide.md` (times, live "
              "cells, notes), the questions in `backprop/exercises/questions` (the answer key) and the "
              "checkers in `backprop/exercises` (the slips and what the checker answers to each). A "
              "message written with ‹…› shows the checker's own expression there, filled in with the "
              "learner's numbers when it runs."), ""]
    lines += course_page(chapters, notes)
    total = 0
    for path in chapters:
        key = chapter_key(path)
        if key not in notes:
            raise SystemExit(f"{_source()} has no section '## {key}' for {path.name}: "
                             "add its time, live cells and notes")
        nb = nbformat.read(path, as_version=4)
        chapter = notes[key]
        minutes = re.match(r"(\d+)", chapter.time)
        total += int(minutes.group(1)) if minutes else 0
        lines += [f"## {title(nb)}", "", f"Notebook `{path.name}`. **Time:** {chapter.time}.", ""]
        lines += chapter_plan(nb, key, chapter)
        lines += answer_key(nb, path)
        if exercises(nb):
            lines += ["### Exercises and what the checkers answer", ""]
        for ex in exercises(nb):
            lines.append(f"{ex.statement}")
            lines.append("")
            if ex.solutions:
                lines.append("- worked solution: folded below the hints (removed from the student edition)")
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
    lines += unasked_questions(chapters)
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
        write_student_notebook(nbformat.read(path, as_version=4), out / "student" / path.name)
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
