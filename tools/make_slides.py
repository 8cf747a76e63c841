"""One reveal.js deck per chapter, from the notebooks themselves (``make slides``).

Usage: python tools/make_slides.py [--out build/slides]

The slides are the cells chosen by hand in each notebook's cell metadata, the convention RISE
(``jupyterlab-rise``) also reads, so a deck and a live RISE presentation show the same slides:

* ``metadata.slideshow.slide_type``: ``slide`` starts a slide, ``subslide`` a slide below the
  current one, ``fragment`` adds the cell on the next click, ``-`` adds it to the current slide,
  ``notes`` makes it speaker notes, ``skip`` leaves it out (``tools/apply_slide_plan.py`` sets it);
* ``metadata.slideshow.show`` (this course's, ignored by RISE): what of the cell the deck shows,
  a list of ``input``, ``output``, ``figure`` (image outputs), ``text`` (printed outputs) for a
  code cell, and of ``heading``, ``paragraph``, ``list``, ``table``, ``code`` (fenced blocks: the
  R lines), ``math`` (display equations), ``quote``, ``figure`` for a markdown cell (a heading
  none of whose section is shown is left out: a summary's "Exercises"). Without it, all of the
  cell.

Every deck starts with a title slide made from the chapter's title cell (its title and "You will
learn" list) and the time from the teaching guide, then the R lines the title cell quotes. The
speaker notes (key S) come from the teaching guide's source ``editions/teaching-guide.md``: the
chapter's notes on the title slide, its ``slide <cell-id>:`` notes on the slide holding that
cell, and "run live" on the slides of its live cells. A slide whose content is taller or wider
than 1280 x 720 is scaled down to fit, its figures first; one with room to spare is enlarged, its
figures first (``tools/slides/deck.js``). reveal.js
(``tools/slides/reveal.js``) and MathJax (``docs/_static/mathjax``) are copied beside the decks,
so ``build/slides`` works from a USB stick with no network. A chapter without slide metadata gets
no deck; the index says so.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools")]
import make_editions  # noqa: E402  (the chapters, the guide's notes, cells named by heading)

STATIC = {ROOT / "tools" / "slides": "deck", ROOT / "docs" / "_static" / "mathjax": "mathjax"}
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "notes", "skip"}
MARKDOWN_PARTS = {"heading", "paragraph", "list", "table", "code", "math", "quote", "figure"}
CODE_PARTS = {"input", "output", "figure", "text"}


@dataclass
class Slide:
    """One slide: the cells it shows (index, whether a fragment) and its speaker notes."""

    cells: list[tuple[int, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    below: bool = False                 # a subslide: below the previous slide


def slide_type(cell) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def plan(nb) -> list[Slide]:
    """The slides of ``nb`` as its metadata chooses them (empty when it has none)."""
    if not any(slide_type(cell) for cell in nb.cells):
        return []
    slides: list[Slide] = []
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell) or "-"
        if kind not in SLIDE_TYPES:
            raise SystemExit(f"cell {cell.get('id')}: slide_type {kind!r} is not one of {sorted(SLIDE_TYPES)}")
        if kind == "skip":
            continue
        if kind in ("slide", "subslide") or not slides:
            slides.append(Slide(below=kind == "subslide" and bool(slides)))
        if kind == "notes":
            slides[-1].notes.append(markdown_html(cell.source))
        else:
            slides[-1].cells.append((index, kind == "fragment"))
    return slides


# ------------------------------------------------------------------------------- rendering


def markdown_html(text: str) -> str:
    """Markdown as HTML, its math left for MathJax and a link to a chapter made a link to its deck."""
    rendered = MarkdownWithMath(renderer=IPythonRenderer(escape=False, exclude_anchor_links=True, embed_images=True,
                                                         path=str(ROOT / "notebooks"))).render(text)
    return re.sub(r'href="(\d\d[a-z]?-[\w-]+)\.ipynb(#[^"]*)?"', r'href="\1.html"', rendered)


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """``text`` cut into its top-level blocks, each with its kind (one of :data:`MARKDOWN_PARTS`):
    blocks end at a blank line, a heading is a block of its own, and a fenced code block or a
    ``$$`` display runs to its closing line whatever it holds."""
    blocks: list[str] = []
    current: list[str] = []
    closing = None

    def flush():
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        fence = re.match(r"^ {0,3}(```|~~~)", line)
        if closing:
            current.append(line)
            if stripped.endswith("$$") if closing == "$$" else stripped.startswith(closing):
                closing = None
                flush()
        elif fence or (stripped.startswith("$$") and not (len(stripped) > 2 and stripped.endswith("$$"))):
            flush()
            current.append(line)
            closing = fence.group(1) if fence else "$$"
        elif not stripped:
            flush()
        elif make_editions.headings(line):
            flush()
            blocks.append(line)
        else:
            current.append(line)
    flush()
    return [(_kind(block.lstrip()), block) for block in blocks]


def _kind(block: str) -> str:
    if block.startswith("#"):
        return "heading"
    if block.startswith(("```", "~~~")):
        return "code"
    if block.startswith(("$$", "\\begin{")):
        return "math"
    if block.startswith("|"):
        return "table"
    if re.match(r"^([-*+]|\d+\.) ", block):
        return "list"
    if block.startswith(">"):
        return "quote"
    if block.startswith(("![", "*Figure")):
        return "figure"
    return "paragraph"


def shown_parts(cell) -> set[str]:
    parts = MARKDOWN_PARTS if cell.cell_type == "markdown" else CODE_PARTS
    show = cell.get("metadata", {}).get("slideshow", {}).get("show")
    if show is None:
        return set(parts) - {"figure", "text"} if cell.cell_type == "code" else set(parts)
    unknown = set(show) - parts
    if unknown:
        raise SystemExit(f"cell {cell.get('id')}: slideshow.show {sorted(unknown)} not among {sorted(parts)}")
    return set(show)


def _without_empty_headings(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``blocks`` without the headings none of whose section is shown: a heading followed by one of
    the same or a higher level, or, after something shown, by nothing (a summary's "Exercises")."""
    def level(text: str) -> int:
        return len(text.lstrip()) - len(text.lstrip().lstrip("#"))

    kept = []
    for i, (kind, text) in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if kind == "heading" and (following is None and kept or following is not None
                                  and following[0] == "heading" and level(following[1]) <= level(text)):
            continue
        kept.append((kind, text))
    return kept


def output_html(output, parts: set[str]) -> str:
    """One output as HTML: printed text, an image, or the HTML a cell displays (a question)."""
    if output.output_type == "stream":
        return f'<pre>{html.escape(output.text)}</pre>' if parts & {"output", "text"} else ""
    data = output.get("data", {})
    if "image/png" in data and parts & {"output", "figure"}:
        return f'<img src="data:image/png;base64,{data["image/png"].strip()}" alt="figure">'
    if "text/html" in data and "output" in parts:
        return data["text/html"] if isinstance(data["text/html"], str) else "".join(data["text/html"])
    if "text/plain" in data and parts & {"output", "text"} and "image/png" not in data:
        return f'<pre>{html.escape(data["text/plain"])}</pre>'
    return ""


def cell_html(cell) -> str:
    parts = shown_parts(cell)
    if cell.cell_type == "markdown":
        blocks = [(kind, text) for kind, text in markdown_blocks(cell.source) if kind in parts]
        return markdown_html("\n\n".join(text for kind, text in _without_empty_headings(blocks)))
    pieces = []
    if "input" in parts:
        code = highlight(cell.source, PythonLexer(), HtmlFormatter(nowrap=True))
        pieces.append(f'<div class="input"><pre><code class="highlight">{code}</code></pre></div>')
    outputs = "".join(output_html(o, parts) for o in cell.get("outputs", []))
    if outputs:
        pieces.append(f'<div class="output">{outputs}</div>')
    return "".join(pieces)


def title_slide(nb, minutes: str) -> str:
    """The deck's first slide: the chapter's title, its time, and what the reader will learn."""
    blocks = markdown_blocks(nb.cells[0].source)
    title = next((text for kind, text in blocks if kind == "heading"), f"# {make_editions.title(nb)}")
    learn = []
    for (kind, text), following in zip(blocks, blocks[1:] + [("", "")], strict=True):
        if kind == "paragraph" and "You will learn" in text and following[0] == "list":
            learn = [text, following[1]]
    body = "\n\n".join([title, f'<p class="time">{html.escape(minutes)}</p>', *learn])
    return f'<div class="title-slide">{markdown_html(body)}</div>'


def r_lines_slide(nb) -> str | None:
    """A slide of the R lines the title cell quotes (its fenced code blocks), or None."""
    blocks = [text for kind, text in markdown_blocks(nb.cells[0].source) if kind == "code"]
    if not blocks:
        return None
    lines = sum(len(b.splitlines()) - 2 for b in blocks)
    return markdown_html("\n\n".join([f"## The R line{'s' * (lines > 1)}", *blocks]))


def deck_html(path: Path, nb, chapter: make_editions.ChapterNotes) -> str:
    """The reveal.js page of the chapter at ``path``."""
    slides = plan(nb)
    holding = {index: slide for slide in slides for index, _ in slide.cells}
    ids = {cell.get("id"): i for i, cell in enumerate(nb.cells)}
    where = f"'## {make_editions.chapter_key(path)}'"
    for cell_id, text in chapter.slides.items():
        index = make_editions.cell_index(nb, cell_id, where)
        if index not in holding:
            raise SystemExit(f"{make_editions._source()}, {where}: slide notes for '{cell_id}', which is on no slide")
        holding[index].notes.append(markdown_html(make_editions.with_cell_references(text, nb, where)))
    for cell_id in chapter.live:
        index = ids.get(cell_id)
        if index in holding:
            holding[index].notes.append(markdown_html(f"**Run live:** {make_editions.describe(nb, index)}"))
    opening = markdown_html(make_editions.with_cell_references(chapter.notes, nb, where))
    sections = [_section(title_slide(nb, chapter.time), [opening])]
    r_lines = r_lines_slide(nb)
    if r_lines:
        sections.append(_section(r_lines, []))
    stack: list[str] = []
    for slide in slides:
        body = "".join(f'<div class="cell {nb.cells[i].cell_type}{" fragment" if fragment else ""}" '
                       f'data-cell-id="{html.escape(nb.cells[i].get("id", ""))}">{cell_html(nb.cells[i])}</div>'
                       for i, fragment in slide.cells)
        section = _section(body, slide.notes)
        if slide.below and stack:
            stack.append(section)
        else:
            if stack:
                sections.append(_stack(stack))
            stack = [section]
    if stack:
        sections.append(_stack(stack))
    return DECK.format(title=html.escape(_plain(make_editions.title(nb))), sections="\n".join(sections),
                       pygments=HtmlFormatter().get_style_defs(".highlight"))


def _section(body: str, notes: list[str]) -> str:
    # the speaker view shows the notes' HTML without MathJax's styles: their TeX stays as written
    aside = f'<aside class="notes tex2jax_ignore">{"".join(notes)}</aside>' if notes else ""
    return f'<section><div class="fit">{body}</div>{aside}</section>'


def _stack(sections: list[str]) -> str:
    return sections[0] if len(sections) == 1 else f"<section>{''.join(sections)}</section>"


def _plain(title: str) -> str:
    """A title for the browser's tab: the TeX of ``$...$`` without its dollars."""
    return re.sub(r"\$([^$]*)\$", r"\1", title)


DECK = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="_static/deck/reveal.js/reveal.css">
<link rel="stylesheet" href="_static/deck/deck.css">
<style>{pygments}</style>
<script>
window.MathJax = {{
  tex: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
        processEscapes: true}},
  options: {{ignoreHtmlClass: "tex2jax_ignore|input|output"}}
}};
</script>
<script src="_static/mathjax/tex-chtml.js"></script>
<script src="_static/deck/reveal.js/reveal.js"></script>
<script src="_static/deck/reveal.js/notes.js"></script>
<script src="_static/deck/deck.js"></script>
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
</body>
</html>
"""

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backpropagation, line by line: the slides</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #1d1d1f; }}
li {{ margin: 0.3em 0; }} .missing {{ color: #777; }}
kbd {{ border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; }}
</style>
</head>
<body>
<h1>Backpropagation, line by line: the slides</h1>
<p>One deck per chapter, made from the chapter's notebook; every deck opens from disk, with no
network. Keys: <kbd>→</kbd> next, <kbd>Esc</kbd> overview, <kbd>F</kbd> full screen,
<kbd>S</kbd> speaker notes (from the teaching guide) in a second window.</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def build(out: Path, chapters: list[Path] | None = None) -> list[Path]:
    """Write the decks of ``chapters`` (default: every chapter), the index and the static files
    into ``out``; return the decks written."""
    chapters = chapters or [p for p in make_editions.chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
    notes = make_editions.read_guide_source()
    if out.exists():
        shutil.rmtree(out)
    for source, name in STATIC.items():
        shutil.copytree(source, out / "_static" / name)
    written, items = [], []
    for path in chapters:
        nb = nbformat.read(path, as_version=4)
        title = html.escape(_plain(make_editions.title(nb)))
        key = make_editions.chapter_key(path)
        if not plan(nb):
            items.append(f'<li class="missing">{title}: no slides yet (no slide metadata in {path.name})</li>')
            continue
        if key not in notes:
            raise SystemExit(f"{make_editions._source()} has no section '## {key}' for {path.name}")
        deck = out / f"{path.stem}.html"
        deck.write_text(deck_html(path, nb, notes[key]), encoding="utf-8")
        written.append(deck)
        count = len(plan(nb)) + 1 + (r_lines_slide(nb) is not None)
        items.append(f'<li><a href="{deck.name}">{title}</a> ({count} slides, {notes[key].time})</li>')
    (out / "index.html").write_text(INDEX.format(items="\n".join(items)), encoding="utf-8")
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    parser.add_argument("notebooks", nargs="*", type=Path, help="chapters (default: all)")
    args = parser.parse_args(argv)
    decks = build(args.out, [p.resolve() for p in args.notebooks] or None)
    print(f"{len(decks)} decks -> {args.out / 'index.html'}")
    missing = [p.name for p in make_editions.chapter_files(ROOT / "notebooks")
               if p.suffix == ".ipynb" and not args.notebooks and p.stem not in {d.stem for d in decks}]
    if missing:
        print(f"no slide metadata yet (tools/apply_slide_plan.py): {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
