"""The course as one PDF (``make pdf``, tools/make_pdf.py), printed by headless Chromium.

Built once from the repository as it is, into a temporary folder, and read back twice.

* Its text layer (pypdf): every chapter's title is in it, each at the top of a page (a chapter
  starts a new page), math was typeset (no raw TeX), every notebook figure is in it, every page is
  numbered "n / total", the contents page gives each chapter's page, the outline (bookmarks) holds
  every chapter and its sections, no word lies beyond the text column.
* Its pages as a reader sees them (poppler's ``pdftoppm``, Debian's ``poppler-utils``): no text
  runs into the right edge of the column, and no page ends with an empty code frame (the frame's
  top on one page, its code on the next).

Slow (about 2 minutes: a Sphinx build, two prints and the rendering of every page).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "docs" / "_ext")]
from backprop_site import chapter_files, plain_math  # noqa: E402
from make_pdf import MARGIN  # noqa: E402

pytestmark = pytest.mark.slow

CHAPTERS = [p for p in chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
A4_MM = (210.0, 297.0)
MM = {side: float(value.removesuffix("mm")) for side, value in MARGIN.items()}
COLUMN_RIGHT_PT = (A4_MM[0] - MM["right"]) / 25.4 * 72
RENDER_DPI = 50


def _title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(re.search(r"^# (.+)$", c.source, re.M).group(1) for c in nb.cells
                if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M))


def _words(text: str) -> str:
    """Text without math ($...$, which the PDF holds as typeset glyphs) and without whitespace."""
    # The PDF's ligatures (ﬁ) as the letters they join, its typographic apostrophes as typed.
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", "", re.sub(r"\$[^$]*\$", "", text))


def _plain_title(path: Path) -> str:
    """A chapter's title as the outline writes it: its math in Unicode."""
    return re.sub(r"\$([^$]*)\$", lambda m: plain_math(m.group(1)), _title(path))


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    # In a process of its own, as `make pdf` runs it: Playwright's sync API refuses to start inside
    # the event loop that pytest-playwright's browser fixtures leave running in this worker.
    path = tmp_path_factory.mktemp("pdf") / "course.pdf"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_pdf.py"), "--out", str(path)], check=True, cwd=ROOT)
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path):
    reader = PdfReader(pdf_path)
    return [page.extract_text() for page in reader.pages], sum(len(page.images) for page in reader.pages)


@pytest.fixture(scope="module")
def outline(pdf_path) -> list[tuple[int, str, int]]:
    """Every bookmark: (depth, title, 1-based page)."""
    reader = PdfReader(pdf_path)
    items = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                items.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return items


@pytest.fixture(scope="module")
def rendered(pdf_path, tmp_path_factory) -> list[np.ndarray]:
    """Every page as a grey image, RENDER_DPI dots per inch, as poppler draws it."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install poppler-utils"
    out = tmp_path_factory.mktemp("pages")
    subprocess.run([pdftoppm, "-r", str(RENDER_DPI), "-gray", str(pdf_path), str(out / "p")], check=True)
    return [np.asarray(Image.open(f), dtype=np.int16) for f in sorted(out.glob("p-*.pgm"))]


def _column(image: np.ndarray) -> tuple[np.ndarray, int]:
    """The text column of a rendered page (the printable area less the footer) and its right edge."""
    px = RENDER_DPI / 25.4
    height, width = image.shape
    top, bottom = int(MM["top"] * px), height - int(MM["bottom"] * px)
    return image[top:bottom], int(width - MM["right"] * px)


def test_every_chapter_starts_a_page_with_its_title(pdf):
    texts, _ = pdf
    tops = [_words(text[:300]) for text in texts]
    for path in CHAPTERS:
        title = _words(_title(path))
        assert title, path.name
        assert any(top.startswith(title) for top in tops), f"{path.name}: '{_title(path)}' begins no page"


def test_math_is_typeset(pdf):
    texts, _ = pdf
    whole = "\n".join(texts)
    # TeX is printed as TeX only where a chapter quotes a source verbatim: in a code block of its text
    # (chapter 00 quotes the accepted answer's align block so) or in the code of a printed code cell
    # (a figure title in matplotlib's mathtext); everywhere else it must have been typeset.
    hidden = {"solution", "remove-input", "remove-cell"}                  # code the PDF does not print
    cells = [cell for path in CHAPTERS for cell in nbformat.read(path, as_version=4).cells]
    quoted = "".join([block for cell in cells if cell.cell_type == "markdown"
                      for block in re.findall(r"```.*?```", cell.source, re.S)]
                     + [cell.source for cell in cells
                        if cell.cell_type == "code" and not hidden & set(cell.metadata.get("tags", []))])
    for raw in ("\\frac", "$$", "\\begin{", "\\mathbf", "\\top"):
        assert whole.count(raw) == quoted.count(raw), f"raw TeX {raw!r} in the PDF outside a quoted source"
    assert "⊤" in whole and "∑" in whole  # MathJax's glyphs for \top and \sum


def test_every_notebook_figure_is_in_the_pdf(pdf):
    _, images = pdf
    figures = sum(1 for path in CHAPTERS for cell in nbformat.read(path, as_version=4).cells
                  if cell.cell_type == "code" for output in cell.outputs
                  if "image/png" in output.get("data", {}))
    assert figures >= 10
    assert images >= figures


def test_every_page_is_numbered(pdf):
    texts, _ = pdf
    total = len(texts)
    assert total > len(CHAPTERS)
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().endswith(f"{number} / {total}"), f"page {number}: {text[-40:]!r}"


def test_every_figure_caption_is_in_the_pdf(pdf):
    texts, _ = pdf
    def plain(text):  # markdown's emphasis and code marks are not printed; ligatures (ﬁ) split
        text = unicodedata.normalize("NFKC", text).translate(str.maketrans("’‘“”", "''\"\""))
        return re.sub(r"[`*_'\"]", "", _words(text))

    whole = plain("".join(texts))
    captions = [c.source for path in CHAPTERS for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "markdown" and c.source.startswith("*Figure")]
    assert captions
    for caption in captions:
        start = plain(caption.split("\n")[0])[:40]
        assert start in whole, f"caption not in the PDF: {caption[:80]!r}"


def test_no_word_lies_beyond_the_column(pdf_path):
    """Text the column cuts off is still in the text layer, beyond the column's right edge."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    beyond = []
    for number, page in enumerate(bbox.split("<page ")[1:], start=1):
        words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
        beyond += [(number, word) for x_max, word in words if float(x_max) > COLUMN_RIGHT_PT + 1]
    assert beyond == [], f"words beyond the column (page, word): {beyond[:10]}"


def test_no_text_runs_into_the_right_edge(rendered):
    """On the rendered pages, nothing dark touches the last pixel column of the text column.

    Text cut off by the column ends exactly there, line after line; text that fits ends short of
    it (a glyph that happens to end on that pixel is allowed once or twice a page).
    """
    touching = []
    for number, image in enumerate(rendered, start=1):
        column, right = _column(image)
        dark = int((column[:, right - 1] < 110).sum())
        if dark > 2:
            touching.append((number, dark))
    assert touching == [], f"pages whose text runs into the right edge (page, dark pixels): {touching}"


def _empty_frame_rows(column: np.ndarray, rows: np.ndarray) -> int:
    """How many of ``rows`` (consecutive, from the page's edge inwards) are an empty grey frame.

    A row of a code frame is mostly the frame's light grey; an empty one has no text in it (no
    pixel darker than the grey's antialiased edge).
    """
    count = 0
    for r in rows:
        row = column[r]
        if ((row > 225) & (row < 250)).mean() <= 0.6:
            break
        if row.min() <= 200:
            return 0
        count += 1
    return count


def test_no_page_ends_or_starts_with_an_empty_code_frame(rendered):
    """A code cell is never split from its frame: no grey frame without code at a page's end (its
    code on the next page) or at a page's top (the rest of a frame whose code is on the last)."""
    px = RENDER_DPI / 25.4
    empty = []
    for number, image in enumerate(rendered, start=1):
        column, right = _column(image)
        column = column[:, int(MM["left"] * px) + 2:right - 2]
        content = np.where((column < 250).any(axis=1))[0]
        if not len(content):
            continue
        at_end = _empty_frame_rows(column, content[::-1])
        at_top = _empty_frame_rows(column, content)
        if at_end >= 2 or at_top >= 2:
            empty.append((number, "end" if at_end >= 2 else "top"))
    assert empty == [], f"pages with an empty code frame (page, where): {empty}"


def test_outline_holds_every_chapter_and_its_sections(outline, pdf):
    texts, _ = pdf
    top = [(title, page) for depth, title, page in outline if depth == 0]
    titles = {_words(title) for title, _ in top}
    for path in CHAPTERS:
        assert _words(_plain_title(path)) in titles, f"{path.name}: no bookmark {_plain_title(path)!r}"
    pages = [page for _, page in top]
    assert pages == sorted(pages), "bookmarks out of reading order"
    assert sum(1 for depth, _, _ in outline if depth == 1) >= 3 * len(CHAPTERS), "sections missing"
    assert not any("\\" in title or "$" in title for _, title, _ in outline), "TeX in a bookmark"
    for title, page in top:  # each bookmark leads to the page that begins with its title
        # (the start of the title: the text layer holds typeset math as glyphs, not as text)
        assert _words(title)[:12] in _words(texts[page - 1][:400]), f"bookmark {title!r} -> page {page}"


def test_contents_page_gives_each_chapter_its_page(outline, pdf):
    texts, _ = pdf
    contents = next(i for i, text in enumerate(texts) if text.lstrip().startswith("Contents"))
    lines = [line for text in texts[contents:contents + 3] for line in text.splitlines()]
    chapters = {_words(title): page for depth, title, page in outline if depth == 0}
    for path in CHAPTERS:
        words = _words(_title(path))[:25]
        line = next((line for line in lines if _words(line).startswith(words[:15])), None)
        assert line, f"{path.name} is not in the contents"
        number = re.search(r"(\d+)\s*$", line)
        assert number and int(number.group(1)) == chapters[_words(_plain_title(path))], f"contents: {line!r}"


def test_api_reference_is_a_short_appendix(outline, pdf):
    texts, _ = pdf
    top = [(title, page) for depth, title, page in outline if depth == 0]
    (_, start), = [(t, p) for t, p in top if "backprop" in t and "helper" in t]
    end = min([p for _, p in top if p > start] or [len(texts) + 1])
    appendix = _words("".join(texts[start - 1:end - 1]))
    for module in ("backprop.layers", "backprop.model", "backprop.training", "backprop.plotting"):
        assert module in appendix, f"the API appendix does not list {module}"
    assert end - start <= 3, f"the API appendix takes pages {start}..{end - 1}"
