"""``python -m backprop.grade PATH... [--csv FILE]``: grade notebooks or folders of them."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .report import text_table, write_csv
from .run import grade_notebook


def notebooks(paths: list[Path]) -> list[tuple[Path, str]]:
    """Every notebook named in ``paths`` or under a folder named there, with the name the table
    shows: its path relative to the folder given, or with several paths, to the folder that holds
    them all (``student/04-....ipynb``, ``alice/04-....ipynb``)."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [nb for nb in sorted(path.rglob("*.ipynb"))
                      if not any(part.startswith(".") for part in nb.relative_to(path).parts)]  # checkpoints
        else:
            found.append(path)
    if len(paths) == 1:
        base = paths[0] if paths[0].is_dir() else paths[0].parent
    else:
        base = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    return [(nb, str(nb.resolve().relative_to(base.resolve()))) for nb in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backprop.grade",
        description="Run each notebook in a fresh kernel and every exercise's checker on its answer; "
                    "print a table notebook × exercise.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="notebooks, or folders of them")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="also write the table as CSV")
    parser.add_argument("--cell-timeout", type=int, default=120, metavar="S",
                        help="seconds a cell may run before it is interrupted (default 120)")
    parser.add_argument("--timeout", type=int, default=600, metavar="S",
                        help="seconds a whole notebook may run (default 600)")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(map(str, missing))}")
    if args.cell_timeout <= 0 or args.timeout <= 0:
        parser.error("--cell-timeout and --timeout must be positive numbers of seconds")
    found = notebooks(args.paths)
    if not found:
        parser.error(f"no notebook (*.ipynb) in {', '.join(map(str, args.paths))}")
    try:
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError:
        parser.exit(2, "backprop.grade runs notebooks with Jupyter: python -m pip install jupyterlab "
                       "(or nbclient ipykernel)\n")
    results = []
    for number, (path, name) in enumerate(found, start=1):
        print(f"[{number}/{len(found)}] {name}", end=" ", file=sys.stderr, flush=True)
        graded = grade_notebook(path, name=name, cell_timeout=args.cell_timeout, notebook_timeout=args.timeout)
        print(f"{graded.seconds:.0f} s" + (f" ({graded.problem})" if graded.problem else ""), file=sys.stderr)
        results.append(graded)
    print(text_table(results))
    if args.csv:
        write_csv(results, args.csv)
        print(f"written: {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
