"""Checks nbval does not make: notebooks were executed in order, cleanly, and prove something."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
SKIP_MARKERS = re.compile(r"NBVAL_SKIP|NBVAL_IGNORE_OUTPUT|NBVAL_RAISES_EXCEPTION", re.IGNORECASE)
SKIP_TAGS = {"nbval-skip", "nbval-ignore-output", "skip-execution"}


def _code_cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def _source(cell):
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order(path):
    counts = [c["execution_count"] for c in _code_cells(path)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: run `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_or_skips(path):
    for cell in _code_cells(path):
        tags = set(cell.get("metadata", {}).get("tags", []))
        assert not SKIP_MARKERS.search(_source(cell)), f"skip marker in {_source(cell)[:60]!r}"
        assert not tags & SKIP_TAGS, f"skip tag {tags & SKIP_TAGS}"
        has_error = any(o["output_type"] == "error" for o in cell["outputs"])
        assert has_error == ("raises-exception" in tags), f"error output vs tag mismatch in {_source(cell)[:60]!r}"
        assert "execution" not in cell.get("metadata", {}), "timestamps stored: run `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_reproducible_text(path):
    """No memory addresses (e.g. a stray ``[<matplotlib.lines.Line2D at 0x...>]``): they change every run."""
    for cell in _code_cells(path):
        for output in cell["outputs"]:
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"memory address in output of {_source(cell)[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_uses_helper_and_asserts(path):
    sources = [_source(c) for c in _code_cells(path)]
    assert any(re.search(r"^\s*(import backprop|from backprop)", s, re.M) for s in sources)
    assert any(re.search(r"^\s*assert\b", s, re.M) for s in sources), "no assertion-based check"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_are_hidden(path):
    for cell in _code_cells(path):
        if "hide-input" in cell.get("metadata", {}).get("tags", []):
            assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
                "a hide-input cell must also be collapsed in JupyterLab (metadata.jupyter.source_hidden)")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _collapsed(cell):
    return cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is True


EXERCISE = re.compile(r"^\*\*Exercise (\d+)[^*]*\*\*", re.M)
HINT = re.compile(r"^\*\*Hint( \d+)?\.\*\*")


def _exercises(path):
    """Each exercise's cells: from its "**Exercise n.**" cell to the next exercise or heading."""
    groups, current = [], None
    for cell in _cells(path):
        source = _source(cell)
        if cell["cell_type"] == "markdown" and (EXERCISE.search(source) or source.startswith("#")):
            current = [cell] if EXERCISE.search(source) else None
            if current is not None:
                groups.append(current)
        elif current is not None:
            current.append(cell)
    return groups


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solution_cells_are_folded_code(path):
    for cell in _cells(path):
        if "solution" in _tags(cell):
            assert cell["cell_type"] == "code", f"a solution must be a code cell: {_source(cell)[:60]!r}"
            assert "hide-input" in _tags(cell), f"a solution must be tagged hide-input: {_source(cell)[:60]!r}"
            assert _collapsed(cell), f"a solution must be collapsed (source_hidden): {_source(cell)[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_hint_cells_are_folded_markdown(path):
    for cell in _cells(path):
        if "hint" in _tags(cell):
            assert cell["cell_type"] == "markdown", f"a hint must be a markdown cell: {_source(cell)[:60]!r}"
            assert _collapsed(cell), f"a hint must be collapsed (source_hidden): {_source(cell)[:60]!r}"
            assert HINT.match(_source(cell)), f"a hint starts with **Hint.** or **Hint n.**: {_source(cell)[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_solution_after_its_hints(path):
    has_hints = any("hint" in _tags(c) for c in _cells(path))
    for group in _exercises(path):
        title = EXERCISE.search(_source(group[0])).group(0)
        kinds = ["solution" if "solution" in _tags(c) else "hint" if "hint" in _tags(c) else "other"
                 for c in group[1:]]
        assert kinds.count("solution") == 1, f"{title} needs exactly one solution cell, has {kinds.count('solution')}"
        hints = [i for i, k in enumerate(kinds) if k == "hint"]
        assert all(i < kinds.index("solution") for i in hints), f"{title}: hints come before the solution"
        if has_hints:   # a chapter that has hints gives every exercise one or two
            assert 1 <= len(hints) <= 2, f"{title} has {len(hints)} hints; give one or two"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_found_where_a_checker_is_imported(path):
    """Guards the test above: a chapter that imports its checkers has exercises it can see."""
    checkers = r"(ch\d\d\w*|capstone|derivations)"
    imports = any(re.search(rf"backprop\.exercises import {checkers}|bp\.exercises\.{checkers}", _source(c))
                  for c in _code_cells(path))
    assert bool(_exercises(path)) == imports


_NUMBERED_ENV = re.compile(r"\\begin\{(equation|align|gather|multline|eqnarray)\}")
_FENCE = re.compile(r"```.*?```", re.DOTALL)
# The accepted answer's own align block (its equation (4)), quoted verbatim inside $$ (typeset unnumbered).
_SEED = Path(__file__).resolve().parent.parent / "docs" / "seed" / "question-and-answer.txt"
_SEED_ALIGNS = ["$$" + a + "$$" for a in re.findall(r"\\begin\{align\}.*?\\end\{align\}",
                                                   _SEED.read_text(encoding="utf-8"), re.DOTALL)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_course_equations_are_not_numbered(path):
    """Only the accepted answer's equations carry numbers, (1)-(4): the course's own displays use the
    starred environments (a numbered ``align`` gets "(1)" on the website). Quotes in code blocks, and
    the answer's align block quoted verbatim inside ``$$``, are exempt."""
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            text = _FENCE.sub("", _source(cell))
            for quote in _SEED_ALIGNS:
                text = text.replace(quote, "")
            assert not _NUMBERED_ENV.search(text), f"{path.name} cell {cell.get('id')}: use align* / equation*"
