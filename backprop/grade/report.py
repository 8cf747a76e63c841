"""The grades as a table: printed (notebook × exercise, one symbol each, then the checkers'
messages) and as CSV for a spreadsheet (one row per notebook, one column per exercise)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .run import ERROR, NO_ANSWER_YET, NOT_RUN, RIGHT, WRONG, Graded, Verdict

SYMBOL = {RIGHT: "✓", WRONG: "✗", NO_ANSWER_YET: "·", ERROR: "!", NOT_RUN: "?"}
LEGEND = "✓ right   ✗ wrong   · no answer   ! error (the cell stopped)   ? not run (the notebook stopped)"


def column(chapter: str, number: int) -> str:
    """The name of an exercise's column: ``"04 ex 2"``."""
    return f"{chapter} ex {number}"


def cell_text(verdict: Verdict) -> str:
    """A verdict as one spreadsheet cell: "right", "no answer", or the status and the message."""
    if verdict.status in (RIGHT, NO_ANSWER_YET) or not verdict.message:
        return verdict.status
    return f"{verdict.status}: {verdict.message}"


def text_table(results: Iterable[Graded]) -> str:
    """The grades as text: per chapter a block notebook × exercise, then every message worth reading."""
    results = sorted(results, key=lambda g: (g.chapter, g.name))
    lines: list[str] = []
    shown = [g for g in results if g.verdicts or g.problem]
    for chapter in dict.fromkeys(g.chapter for g in shown):
        block = [g for g in shown if g.chapter == chapter]
        numbers = sorted({n for g in block for n in g.verdicts})
        width = max([len("notebook")] + [len(g.name) for g in block])
        head = "  ".join(f"{n:>2}" for n in numbers)
        lines += [f"Chapter {chapter}, exercise by exercise", f"{'notebook':<{width}}  {head}  right"]
        for g in block:
            marks = "  ".join(f"{SYMBOL[g.verdicts[n].status]:>2}" if n in g.verdicts else "  " for n in numbers)
            right = sum(v.status == RIGHT for v in g.verdicts.values())
            lines.append(f"{g.name:<{width}}  {marks}  {right}/{len(g.verdicts)}")
        lines.append("")
    quiet = [g.name for g in results if not (g.verdicts or g.problem or g.ungraded)]
    if quiet:
        lines += [f"No exercise to grade: {', '.join(quiet)}", ""]
    lines += [LEGEND, ""]
    details = []
    for g in results:
        notes = [f"  exercise {n}: {cell_text(v)}" for n, v in g.verdicts.items()
                 if v.status in (WRONG, ERROR)]
        if g.problem:
            notes.insert(0, f"  the notebook {g.problem}")
        if g.ungraded:
            notes.append(f"  not graded (no checker is called): exercise {', '.join(map(str, g.ungraded))}")
        if notes:
            details += [g.name, *notes]
    if details:
        lines += ["What the checkers said, and what else happened:", *details, ""]
    counts = Counter(v.status for g in results for v in g.verdicts.values())
    problems = sum(bool(g.problem) for g in results)
    lines.append(f"{len(results)} notebook{'s' * (len(results) != 1)}, "
                 f"{sum(counts.values())} exercises: "
                 + ", ".join(f"{counts[s]} {s}" for s in SYMBOL if counts[s])
                 + (f"; {problems} notebook{'s' * (problems != 1)} stopped or unreadable" if problems else ""))
    return "\n".join(lines)


def write_csv(results: Iterable[Graded], path: Path) -> None:
    """One row per notebook: its name, chapter, problem, number right, then one column per exercise."""
    results = sorted(results, key=lambda g: (g.chapter, g.name))
    columns = sorted({(g.chapter, n) for g in results for n in g.verdicts})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["notebook", "chapter", "problem", "right", "exercises", "not graded",
                         *(column(c, n) for c, n in columns)])
        for g in results:
            writer.writerow([g.name, g.chapter, g.problem, sum(v.status == RIGHT for v in g.verdicts.values()),
                             len(g.verdicts), " ".join(map(str, g.ungraded)),
                             *(cell_text(g.verdicts[n]) if c == g.chapter and n in g.verdicts else ""
                               for c, n in columns)])
