"""The course as one PDF (``make pdf`` -> docs/_build/pdf/backprop-course.pdf), with no LaTeX.

Sphinx's ``singlehtml`` builder writes the whole website as one page in reading order (home
page, chapters, notation, API), from the notebooks' stored outputs; headless Chromium (Debian's
``/usr/bin/chromium``, the browser the website tests drive through Playwright) opens it from
disk, waits until MathJax has typeset every formula, and prints it once, with a page-number
footer and every chapter starting on a new page. One print of one page, rather than one print
per page merged afterwards, keeps the page numbers continuous and the PDF's links internal.

Usage: python tools/make_pdf.py [--out docs/_build/pdf/backprop-course.pdf]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_OUT = ROOT / "docs" / "_build" / "pdf" / "backprop-course.pdf"

# Print layout: no navigation, each document of the book (singlehtml marks each with an anchor
# span "document-<name>") on a new page, figures not split across pages, long code lines wrapped
# (on paper nothing scrolls).
PRINT_CSS = """
@page { size: A4; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-content,
.header-article, .prev-next-area, .bd-header-article, .skip-link, #pst-back-to-top { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-page-width { max-width: 100% !important; width: 100% !important; }
span[id^="document-"] { display: block; break-before: page; }
span[id^="document-index"] { break-before: auto; }
img, figure, .cell_output { break-inside: avoid; }
pre { white-space: pre-wrap !important; }
"""
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


def print_pdf(page_file: Path, pdf: Path) -> None:
    """Print ``page_file`` with headless Chromium once MathJax has typeset it."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit("Chromium is missing: run `make site-deps` (apt-get install chromium)")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                       else route.abort())  # offline: only the page's own files
            page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=120_000)
            page.evaluate("MathJax.startup.promise")
            errors = page.locator("mjx-merror").count()
            if errors:
                raise SystemExit(f"MathJax could not typeset {errors} formula(s)")
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=FOOTER,
                     margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
        finally:
            browser.close()


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
