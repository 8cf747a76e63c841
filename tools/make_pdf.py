"""The course as one PDF (``make pdf`` -> docs/_build/pdf/backprop-course.pdf), with no LaTeX.

Sphinx's ``singlehtml`` builder writes the whole website as one page in reading order (home
page, chapters, notation, API), from the notebooks' stored outputs; headless Chromium (Debian's
``/usr/bin/chromium``, the browser the website tests drive through Playwright) opens it from
disk, waits until MathJax has typeset every formula, turns the page into a book and prints it.
One print of one page, rather than one print per page merged afterwards, keeps the page numbers
continuous and the PDF's links internal.

What printing changes (``BOOK_JS``, ``PRINT_CSS``):

* every document of the book (singlehtml marks each with an anchor span ``document-<name>``)
  starts a new page, its title an ``<h1>`` and its sections ``<h2>``, ``<h3>``: Chromium makes
  the PDF's outline (bookmarks) from those headings;
* a contents page after the home page lists every chapter with its page number. Chromium cannot
  number pages in the page itself (no CSS ``target-counter``), so the book is printed twice: the
  first print's outline says on which page each chapter starts, the numbers are written into the
  contents (whose size does not change) and the second print is the PDF;
* the text column is the printable width (A4 less the margins), nothing wider: the theme's
  margins and paddings are removed, code is set a little smaller than prose and wraps, tables
  and equations too wide for the column are scaled down to fit;
* a code cell is kept in one piece with its frame where it fits on a page; a heading stays with
  what follows;
* the API reference (88 pages of docstrings, on the website and in ``help()``) becomes a short
  appendix: each of the package's modules and the first sentence of its docstring;
* an animation prints as a strip of three of its frames (first, middle, last) with a caption;
  a worked solution prints as a note that it is folded away on the website and in the notebook,
  a hint prints open.

Usage: python tools/make_pdf.py [--out docs/_build/pdf/backprop-course.pdf]
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# pypdf reads Chromium's PDFs fine but warns that their trailer undercounts the objects.
logging.getLogger("pypdf").setLevel(logging.ERROR)
CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_OUT = ROOT / "docs" / "_build" / "pdf" / "backprop-course.pdf"

# A4 less the margins below: 182 mm = 688 CSS pixels of text column.
MARGIN = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
COLUMN_PX = round((210 - 14 - 14) / 25.4 * 96)
KEY_FRAMES = 3

PRINT_CSS = """
@page { size: A4; }
html, body { width: auto !important; min-width: 0 !important; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-content,
.header-article, .prev-next-area, .bd-header-article, .skip-link, #pst-back-to-top,
#jb-print-docs-body, .headerlink, .bp-scroll-cue { display: none !important; }
/* An invisible link to each heading makes the heading a named destination of the PDF, from
   which the contents' page numbers and the outline are read. */
.bd-main .bd-content .bd-article h1 { display: block !important; }
a.bp-dest { display: inline-block; width: 1px; height: 1px; }
.bp-overflow { -webkit-mask-image: none !important; mask-image: none !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container,
.bd-article, .bd-main .bd-content .bd-article-container .bd-article {
  max-width: none !important; width: auto !important; min-width: 0 !important;
  margin: 0 !important; padding: 0 !important; }
/* Each document on a new page, its headings with what follows them. */
span[id^="document-"] { display: block; break-before: page; }
span[id^="document-index"] { break-before: auto; }
#bp-contents { break-before: page; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; }
/* Code: a little smaller than prose, wrapped, a cell in one piece with its frame where it fits;
   a long one breaks between lines, never leaving its frame's edge alone on a page. */
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; font-size: 11px !important;
      line-height: 1.35 !important; orphans: 4; widows: 4; text-wrap: pretty; }
div.highlight, .cell_input, .output, .cell_output, .cell, img, figure, table, tr,
mjx-container[display="true"], .bp-key-frames figure, .bp-question { break-inside: avoid; }
.cell_input, .cell_output { margin-top: 0.3em !important; }
/* Nothing wider than the column: a table or an equation too wide is scaled down to fit
   (.bp-fit, set by BOOK_JS), never cut. */
.pst-scrollable-table-container, mjx-container { overflow: visible !important; }
table { max-width: 100%; }
img { max-width: 100% !important; height: auto !important; }
.bp-fit { transform-origin: left top; }
/* Folds: a hint open, a worked solution as a note, the animation's player replaced. */
details.bp-hint > summary { display: none; }
details.bp-hint .bp-hint-body { display: block !important; }
.cell.tag_hide-input > details.above-input, .cell.tag_hide-input > .cell_output { display: none !important; }
.bp-solution-note { font-style: italic; color: #444; margin: 0.3em 0 0.8em; }
.bp-key-frames { margin: 0.5em 0 1em; }
.bp-key-frames figure { margin: 0 0 0.4em; }
.bp-key-frames img { width: 100%; border: 1px solid #ccc; }
.bp-key-frames figcaption, .bp-key-frames > p { font-size: 0.85em; color: #333; }
/* The contents page. */
#bp-contents ol { list-style: none; padding: 0; margin: 1em 0; }
#bp-contents li { display: flex; align-items: baseline; margin: 0.35em 0; }
#bp-contents .bp-toc-title { flex: 0 1 auto; }
#bp-contents .bp-toc-dots { flex: 1 1 auto; border-bottom: 1px dotted #888; margin: 0 0.4em; }
#bp-contents .bp-toc-page { flex: 0 0 auto; min-width: 2.2em; text-align: right; padding-right: 2px;
                            font-variant-numeric: tabular-nums; }
.bp-api-summary dt { margin-top: 0.5em; break-after: avoid; }
.bp-api-summary dd { margin-left: 1.5em; }
"""

# Turns the single page into a book (see the module docstring); returns the titles of the
# documents, in order, as the outline will list them.
BOOK_JS = """(keyFrames) => {
  const article = document.querySelector('.bd-article') || document.body;
  const anchors = [...document.querySelectorAll('span[id^="document-"]')];
  // 1. Headings: a document's title is <h1>, its sections <h2>, ... (singlehtml nests them).
  const relevel = (root, top) => {
    root.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach(h => {
      const level = Math.min(6, Math.max(1, +h.tagName[1] - top + 1));
      if (level === +h.tagName[1]) return;
      const n = document.createElement('h' + level);
      for (const a of h.attributes) n.setAttribute(a.name, a.value);
      while (h.firstChild) n.appendChild(h.firstChild);
      h.replaceWith(n);
    });
  };
  for (const span of anchors) {
    const section = span.nextElementSibling;
    const h = section && section.querySelector('h1, h2, h3, h4, h5, h6');
    if (h) relevel(section, +h.tagName[1]);
  }
  // 2. The API reference as a one-page appendix.
  const apiAnchor = document.getElementById('document-api');
  if (apiAnchor) {
    const api = apiAnchor.nextElementSibling;
    const title = api.querySelector('h1');
    const dl = document.createElement('dl');
    dl.className = 'bp-api-summary';
    api.querySelectorAll('section[id^="module-backprop"]').forEach(sec => {
      const h = sec.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
      const p = sec.querySelector(':scope > p');
      // The package's own modules (not the per-chapter checkers' submodules), first sentence.
      const name = h && h.querySelector('code') ? h.querySelector('code').textContent.trim() : '';
      if (!p || sec === api || !/^backprop\\.[a-z_]+$/.test(name)) return;
      const dt = document.createElement('dt'); dt.innerHTML = h.innerHTML;
      const dd = document.createElement('dd');
      dd.textContent = p.textContent.replace(/\\s+/g, ' ').trim().split(/(?<=\\.)\\s/)[0];
      dl.append(dt, dd);
    });
    const intro = document.createElement('p');
    intro.innerHTML = 'The helper package\\'s modules, each with the first sentence of its '
      + 'docstring. The full reference, every function with its equation, shapes and R line, is '
      + 'the website\\'s page <em>API reference</em> (<code>api.html</code>), generated from the '
      + 'same docstrings, and in Python: <code>help(bp.train)</code>.';
    title.innerHTML = 'Appendix: the <code>backprop</code> helper, module by module';
    [...api.childNodes].forEach(n => { if (n !== title) n.remove(); });
    api.append(intro, dl);
  }
  // 3. Animations: a strip of key frames (first, middle, last) with a caption.
  document.querySelectorAll('div.animation').forEach(div => {
    const img = div.querySelector('img');
    const anim = window['anim' + img.id.replace('_anim_img', '')];
    const frames = anim ? anim.frames.map(f => f.src) : [img.src];
    const n = frames.length;
    const picks = [...new Set(Array.from({length: Math.min(keyFrames, n)},
                   (_, i) => Math.round(i * (n - 1) / Math.max(1, Math.min(keyFrames, n) - 1))))];
    const strip = document.createElement('div');
    strip.className = 'bp-key-frames';
    const note = document.createElement('p');
    note.textContent = `An animation of ${n} frames; the printed course shows frames `
      + picks.map(k => k + 1).join(', ').replace(/, (\\d+)$/, ' and $1')
      + ' (on the website and in the notebook it plays).';
    strip.append(note);
    for (const k of picks) {
      const fig = document.createElement('figure');
      const im = document.createElement('img');
      im.src = frames[k]; im.alt = `${img.alt}: frame ${k + 1} of ${n}`;
      const cap = document.createElement('figcaption');
      cap.textContent = `Frame ${k + 1} of ${n}.`;
      fig.append(im, cap);
      strip.append(fig);
    }
    div.replaceWith(strip);
  });
  document.querySelectorAll('.anim-state, .anim-buttons, .anim-slider').forEach(e => e.remove());
  // 4. Worked solutions: a note where the fold is.
  document.querySelectorAll('.cell.tag_hide-input').forEach(cell => {
    const p = document.createElement('p');
    p.className = 'bp-solution-note';
    p.textContent = 'Worked solution: folded away on the website and in the notebook.';
    cell.prepend(p);
  });
  document.querySelectorAll('details.bp-hint').forEach(d => { d.open = true; });
  // 5. The contents page, after the home page: every document but the home page.
  const docs = anchors.filter(s => s.id !== 'document-index');
  const toc = document.createElement('section');
  toc.id = 'bp-contents';
  const h = document.createElement('h1');
  h.textContent = 'Contents';
  const ol = document.createElement('ol');
  docs.forEach((span, i) => {
    const title = span.nextElementSibling.querySelector('h1');
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.className = 'bp-toc-title';
    a.href = '#' + (span.nextElementSibling.id || span.id);
    a.innerHTML = title.innerHTML;
    a.querySelectorAll('.headerlink').forEach(x => x.remove());
    const dots = document.createElement('span'); dots.className = 'bp-toc-dots';
    const page = document.createElement('span'); page.className = 'bp-toc-page';
    page.textContent = '000';
    li.append(a, dots, page);
    ol.append(li);
  });
  toc.append(h, ol);
  const first = docs[0];
  first.parentNode.insertBefore(toc, first);
  // 6. Every heading of levels 1-3 a named destination; its text, with the TeX of its math.
  const tex = new Map([...MathJax.startup.document.math].map(m => [m.typesetRoot, m.math]));
  const text = (node) => [...node.childNodes].map(c => {
    if (c.nodeType === Node.TEXT_NODE) return [['text', c.textContent]];
    if (c.tagName === 'MJX-CONTAINER') return [['tex', tex.get(c) || '']];
    if (c.nodeType !== Node.ELEMENT_NODE || c.classList.contains('headerlink')) return [];
    return text(c);
  }).flat();
  return [...article.querySelectorAll('h1, h2, h3')].filter(h => h.checkVisibility())
    .map((h, i) => {
      h.id = `bp-h-${i}`;
      const a = document.createElement('a');
      a.className = 'bp-dest'; a.href = '#' + h.id;
      const parts = text(h);
      h.prepend(a);
      return {level: +h.tagName[1], id: h.id, parts};
    });
}"""

# Anything wider than the column after the print layout: scaled down to fit (tables, equations),
# and reported (the test checks the rendered pages too).
FIT_JS = """(column) => {
  const fitted = [];
  const boxes = document.querySelectorAll(
    '.bd-article table, .bd-article mjx-container[display="true"] > mjx-math');
  for (const el of boxes) {
    const w = el.scrollWidth, limit = Math.min(column, el.parentElement.clientWidth || column);
    if (w > limit + 1) {
      const s = limit / w;
      el.classList.add('bp-fit');
      el.style.transform = `scale(${s})`;
      el.style.marginBottom = `${-(1 - s) * el.getBoundingClientRect().height}px`;
      fitted.push([el.tagName, Math.round(w), el.textContent.slice(0, 40)]);
    }
  }
  const wide = [...document.querySelectorAll('.bd-article *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > column + 1 && e.checkVisibility() && !e.closest('mjx-assistive-mml');
  }).map(e => [e.tagName, e.className, Math.round(e.getBoundingClientRect().right), e.textContent.slice(0, 40)]);
  return {fitted, wide};
}"""

FOOTER = ('<div style="font-size: 8px; width: 100%; text-align: center; color: #444;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def build_singlehtml(out: Path) -> Path:
    """The website as one HTML page (warnings are errors, as for the website)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q", "-b", "singlehtml",
         "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "singlehtml")],
        capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise SystemExit(f"sphinx-build -b singlehtml failed:\n{result.stdout}\n{result.stderr}")
    return out / "singlehtml" / "index.html"


def heading_title(parts: list[list[str]]) -> str:
    """A heading's text for the outline, its math as Unicode (``plain_math`` of the website)."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from backprop_site import plain_math

    text = "".join(plain_math(value) if kind == "tex" else value for kind, value in parts)
    return " ".join(text.split())


def destination_pages(pdf: Path) -> dict[str, int]:
    """Each named destination of ``pdf`` (an element id) and its 1-based page."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def chapter_pages(headings: list[dict], pdf: Path, expected: int) -> list[int]:
    """The first page of each document after the contents (the ``<h1>`` headings after it)."""
    pages = destination_pages(pdf)
    firsts = [h for h in headings if h["level"] == 1][2:]   # the home page, the contents, then these
    if len(firsts) != expected:
        raise SystemExit(f"{len(firsts)} documents after the contents, {expected} in the contents")
    missing = [h["id"] for h in firsts if h["id"] not in pages]
    if missing:
        raise SystemExit(f"no page found for the headings {missing}")
    return [pages[h["id"]] for h in firsts]


def add_outline(pdf: Path, headings: list[dict]) -> None:
    """Bookmarks: every document, its sections and their subsections, each at its page."""
    from pypdf import PdfReader, PdfWriter

    pages = destination_pages(pdf)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    parents: dict[int, object] = {}
    for h in headings:
        if h["id"] not in pages:
            raise SystemExit(f"heading without a page: {heading_title(h['parts'])!r}")
        parent = parents.get(h["level"] - 1) if h["level"] > 1 else None
        item = writer.add_outline_item(heading_title(h["parts"]), pages[h["id"]] - 1, parent=parent)
        parents[h["level"]] = item
        for deeper in [k for k in parents if k > h["level"]]:
            del parents[deeper]
    writer.page_mode = "/UseOutlines"
    with open(pdf, "wb") as f:
        writer.write(f)


def _print(page, pdf: Path) -> None:
    page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=True,
             header_template="<span></span>", footer_template=FOOTER, margin=MARGIN)


def print_pdf(page_file: Path, pdf: Path) -> None:
    """Print ``page_file`` as a book with headless Chromium once MathJax has typeset it."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit("Chromium is missing: run `make site-deps` (apt-get install chromium)")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            # The viewport is the text column, so that the layout measured here is the printed one.
            page = browser.new_page(viewport={"width": COLUMN_PX, "height": 1000})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                       else route.abort())  # offline: only the page's own files
            page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=120_000)
            page.evaluate("MathJax.startup.promise")
            errors = page.locator("mjx-merror").count()
            if errors:
                raise SystemExit(f"MathJax could not typeset {errors} formula(s)")
            page.emulate_media(media="print")
            page.add_style_tag(content=PRINT_CSS)
            headings = page.evaluate(BOOK_JS, KEY_FRAMES)
            page.evaluate("document.fonts.ready")
            layout = page.evaluate(FIT_JS, COLUMN_PX)
            for tag, width, text in layout["fitted"]:
                print(f"scaled to the column: {tag} of {width} px, {text!r}", file=sys.stderr)
            if layout["wide"]:
                raise SystemExit(f"wider than the printed column ({COLUMN_PX} px): {layout['wide'][:5]}")
            # First print: where each document starts; then the contents get their page numbers
            # (the same width as the placeholders) and the second print is the book.
            _print(page, pdf)
            entries = page.locator("#bp-contents .bp-toc-page").count()
            pages = chapter_pages(headings, pdf, entries)
            page.evaluate("""(pages) => document.querySelectorAll('#bp-contents .bp-toc-page')
                             .forEach((e, i) => { e.textContent = String(pages[i]); })""", pages)
            _print(page, pdf)
            if chapter_pages(headings, pdf, entries) != pages:
                raise SystemExit("the page numbers moved between the two prints")
        finally:
            browser.close()
    add_outline(pdf, headings)


def make_pdf(pdf: Path = DEFAULT_OUT, work: Path | None = None) -> Path:
    work = work or pdf.parent
    print_pdf(build_singlehtml(work), pdf)
    return pdf


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    pdf = make_pdf(parser.parse_args(argv).out)
    print(f"PDF: {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
