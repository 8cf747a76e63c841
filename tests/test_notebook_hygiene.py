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
