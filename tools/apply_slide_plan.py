"""Write a slide plan into the chapters' cell metadata and the teaching guide's speaker notes.

Usage: python tools/apply_slide_plan.py PLAN.md [--check] [--only NN ...]

The course's plan is ``tools/slide-plan.md`` (every chapter but 02, 09 and 14, whose slides were
planned in the notebooks themselves): after a notebook's markdown changes, re-apply it with
``--only NN``; the cells are named by id, so edits of their text do not move the slides.

A plan is markdown. A section ``## NN`` (the chapter's number, as in the file name) lists the
chapter's slides, one cell a line, in any order::

    slide "## 1. One step downhill" show=heading : Ask for the first loss before showing it.
    fragment #ask-ch09-first-loss show=output

that is: the slide type (``slide``, ``subslide``, ``fragment``, ``-``, ``notes``); the cell, by
its id after ``#`` or by a piece of its source that no other cell holds, in double quotes (a
heading reads best; ``\\n`` is a line break, ``\\"`` a quote); optionally ``show=`` what of it
the deck shows (``tools/make_slides.py``); and after `` : `` the speaker notes of its slide.

Every cell of a planned chapter that the plan does not name gets ``skip``, so that RISE and the
decks show the same slides. The speaker notes go into ``editions/teaching-guide.md`` as
``slide <cell-id>:`` lines of the chapter's section, under the id the cell has at that moment
(the plan survives new ids). Only the metadata changes: sources and outputs are written back as
they were.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools")]
import make_editions  # noqa: E402

LINE = re.compile(r'^(slide|subslide|fragment|-|notes)\s+(#[\w.-]+|"(?:[^"\\]|\\.)*")'
                  r'(?:\s+show=([\w,]+))?(?:\s+:\s*(.*))?$')


@dataclass
class Planned:
    slide_type: str
    ref: str                      # "#cell-id" or a quoted piece of the source
    show: list[str] | None
    notes: str


def read_plan(path: Path) -> dict[str, list[Planned]]:
    """{chapter key: its planned cells} from the plan's ``## NN`` sections."""
    plans: dict[str, list[Planned]] = {}
    key = None
    for line in path.read_text().splitlines():
        heading = re.match(r"^## (\S+)\s*$", line)
        if heading:
            key = heading.group(1).split("-")[0]
            plans[key] = []
            continue
        match = LINE.match(line.strip())
        if key is None or not match:
            continue
        kind, ref, show, notes = match.groups()
        plans[key].append(Planned(kind, ref, show.split(",") if show else None, (notes or "").strip()))
    return plans


def find_cell(nb, ref: str, where: str) -> int:
    """The index of the cell ``ref`` names; stops, saying why, when none or several match."""
    if ref.startswith("#"):
        found = [i for i, cell in enumerate(nb.cells) if cell.get("id") == ref[1:]]
    else:
        text = ref[1:-1].replace('\\"', '"').replace("\\n", "\n")
        found = [i for i, cell in enumerate(nb.cells) if text in cell.source]
    if len(found) != 1:
        raise SystemExit(f"{where}: {ref} matches {len(found)} cells; it must name exactly one")
    return found[0]


def apply(nb, planned: list[Planned], where: str) -> dict[str, str]:
    """Set every cell's ``metadata.slideshow``; return {cell id: speaker notes}."""
    chosen: dict[int, Planned] = {}
    for item in planned:
        index = find_cell(nb, item.ref, where)
        if index in chosen:
            raise SystemExit(f"{where}: {item.ref} names a cell planned twice")
        chosen[index] = item
    notes = {}
    for index, cell in enumerate(nb.cells):
        item = chosen.get(index)
        slideshow = {"slide_type": item.slide_type if item else "skip"}
        if item and item.show:
            slideshow["show"] = item.show
        cell.metadata["slideshow"] = slideshow
        if item and item.notes:
            notes[cell["id"]] = item.notes
    return notes


def write_notes(key: str, notes: dict[str, str], guide: Path) -> None:
    """Replace the ``slide`` lines of section ``## key`` of the guide's source by ``notes``."""
    text = guide.read_text()
    section = re.search(rf"^## {re.escape(key)}\s*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if section is None:
        raise SystemExit(f"{guide}: no section '## {key}'")
    body = re.sub(r"^slide\s+[\w.-]+:.*\n?", "", section.group(1), flags=re.M)
    lines = "".join(f"slide {cell_id}: {note}\n" for cell_id, note in notes.items())
    body = re.sub(r"^(live:.*\n)", lambda m: m.group(1) + lines, body, count=1, flags=re.M)
    guide.write_text(text[:section.start(1)] + body + text[section.end(1):])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--check", action="store_true", help="only resolve every cell; write nothing")
    parser.add_argument("--only", nargs="*", default=None, metavar="NN", help="apply to these chapters only")
    args = parser.parse_args(argv)
    plans = read_plan(args.plan)
    chapters = {make_editions.chapter_key(p): p for p in make_editions.chapter_files(ROOT / "notebooks")
                if p.suffix == ".ipynb"}
    failed = []
    for key, planned in plans.items():
        if args.only is not None and key not in args.only:
            continue
        if key not in chapters:
            failed.append(f"{args.plan}: section '## {key}' names no chapter")
            continue
        path = chapters[key]
        nb = nbformat.read(path, as_version=4)
        try:
            notes = apply(nb, planned, f"{args.plan.name}, '## {key}'")
        except SystemExit as problem:          # report every chapter's problems, then stop
            failed.append(str(problem))
            continue
        if not args.check:
            nbformat.write(nb, path)
            write_notes(key, notes, make_editions.GUIDE_SOURCE)
        print(f"{path.name}: {sum(p.slide_type in ('slide', 'subslide') for p in planned)} slides, "
              f"{len(planned)} cells, {len(notes)} speaker notes" + (" (checked)" if args.check else ""))
    if failed:
        print("\n".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
