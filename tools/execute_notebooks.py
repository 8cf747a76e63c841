"""Execute notebooks in place, reproducibly: fresh kernel, one BLAS thread, no timestamps.

Usage: python tools/execute_notebooks.py [notebook.ipynb ...]   (default: every notebooks/*.ipynb)

Running it twice leaves the notebooks byte-identical.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DETERMINISTIC_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                     "PYTHONHASHSEED": "0"}


def execute(path: Path) -> None:
    """Run every cell of ``path`` in a fresh kernel and save it with its new outputs."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    nbformat.write(nb, path)


def merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs into one: how the kernel splits a cell's printing
    into messages depends on timing, and the stored file must not."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def main(argv: list[str]) -> int:
    os.environ.update(DETERMINISTIC_ENV)
    os.environ.pop("MPLBACKEND", None)
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
