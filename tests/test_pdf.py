"""The course as one PDF (``make pdf``, tools/make_pdf.py), printed by headless Chromium.

Built once from the repository as it is, into a temporary folder, and read back with pypdf:
every chapter's title is in it, each at the top of a page (a chapter starts a new page), math was
typeset (no raw TeX), every notebook figure is in it, and every page is numbered "n / total".
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "docs" / "_ext")]
from backprop_site import chapter_files  # noqa: E402

CHAPTERS = [p for p in chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]


def _title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(re.search(r"^# (.+)$", c.source, re.M).group(1) for c in nb.cells
                if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M))


def _words(text: str) -> str:
    """Text without math ($...$, which the PDF holds as typeset glyphs) and without whitespace."""
    # The PDF's ligatures (ﬁ) as the letters they join, its typographic apostrophes as typed.
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", "", re.sub(r"\$[^$]*\$", "", text))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    # In a process of its own, as `make pdf` runs it: Playwright's sync API refuses to start inside
    # the event loop that pytest-playwright's browser fixtures leave running in this worker.
    path = tmp_path_factory.mktemp("pdf") / "course.pdf"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_pdf.py"), "--out", str(path)], check=True, cwd=ROOT)
    reader = PdfReader(path)
    return [page.extract_text() for page in reader.pages], sum(len(page.images) for page in reader.pages)


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
    # TeX is printed as TeX only where a chapter quotes a source verbatim in a code block (chapter 00
    # quotes the accepted answer's align block so); everywhere else it must have been typeset.
    quoted = "".join(block for path in CHAPTERS for cell in nbformat.read(path, as_version=4).cells
                     if cell.cell_type == "markdown" for block in re.findall(r"```.*?```", cell.source, re.S))
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
