"""The slide decks (``make slides``, tools/make_slides.py) and the slide plans (tools/apply_slide_plan.py).

The decks are built from the notebooks into a temporary folder and opened from disk in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright as in ``test_site.py``), with every
request that is not for a file refused and recorded: a deck must load with no network, its math
must be typeset, and no slide may be cut off at 1280 × 720, not even with a question's options all
opened (a slide too large is scaled down, but not below :data:`MIN_SCALE`, where it stops being
legible). The fast tier opens one deck; the
slow tier opens every deck and saves a screenshot of each slide under ``test-artifacts/slides``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import apply_slide_plan  # noqa: E402
import make_slides  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
MIN_SCALE = 0.7          # a slide shrunk further than this is too small to read on a projector
CHAPTERS = [p for p in make_slides.make_editions.chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
PLANNED = [p for p in CHAPTERS if make_slides.plan(nbformat.read(p, as_version=4))]
CHEAP = "02-from-r-to-python.ipynb"      # the fast tier's deck: a table, equations, questions, a figure
ARTIFACTS = ROOT / "test-artifacts" / "slides"

# What a slide holds that is cut off or scrolls, its scale, and its math: measured in the page.
MEASURE = """() => {
  const frame = document.querySelector('.reveal .slides').getBoundingClientRect();
  const slide = Reveal.getCurrentSlide();
  const cut = [];
  for (const el of slide.querySelectorAll('.fit *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('mjx-assistive-mml')) continue;   // nothing to see
    if (r.left < frame.left - 1 || r.top < frame.top - 1 || r.right > frame.right + 1 || r.bottom > frame.bottom + 1)
      cut.push(el.tagName + ': ' + (el.textContent || '').trim().slice(0, 50));
    if (el.tagName === 'PRE' && el.scrollWidth > el.clientWidth + 1)      // a line running off its box
      cut.push('line too long: ' + (el.textContent || '').trim().slice(0, 50));
    const overflow = getComputedStyle(el).overflowX + getComputedStyle(el).overflowY;
    if (/auto|scroll|hidden/.test(overflow) && !el.closest('mjx-container')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
      cut.push('scrolls: ' + el.tagName + ': ' + (el.textContent || '').trim().slice(0, 50));
  }
  const math = [...slide.querySelectorAll('.fit mjx-container')].map(m => m.getBoundingClientRect());
  const text = [];
  const walk = document.createTreeWalker(slide.querySelector('.fit'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode())
    if (!n.parentElement.closest('pre, code, mjx-container, .output')) text.push(n.textContent);
  return {scale: parseFloat(slide.dataset.fitScale), cut: cut, math: math.length,
          emptyMath: math.filter(r => r.width === 0 || r.height === 0).length, text: text.join(' ')};
}"""
OPEN_OPTIONS = "[...Reveal.getCurrentSlide().querySelectorAll('details')].map(d => d.open = true).length"
RAW_MATH = re.compile(r"\$\$|\\begin\{|\\end\{|\$[^$\n]+\$")


# ---------------------------------------------------------------------- the plan and the deck


def _notebook(*cells):
    made = []
    for kind, src, slideshow in cells:
        cell = new_markdown_cell(src) if kind == "md" else new_code_cell(src)
        if slideshow:
            cell.metadata["slideshow"] = slideshow
        made.append(cell)
    return new_notebook(cells=made)


def test_the_metadata_makes_the_slides_as_rise_reads_it():
    nb = _notebook(("md", "# 99 · Title", {"slide_type": "skip"}),
                   ("md", "## One", {"slide_type": "slide"}),
                   ("code", "x = 1", {"slide_type": "fragment"}),
                   ("code", "y = 2", None),                                   # no metadata: "-"
                   ("md", "say this", {"slide_type": "notes"}),
                   ("md", "## Below", {"slide_type": "subslide"}),
                   ("md", "## Two", {"slide_type": "slide"}))
    slides = make_slides.plan(nb)
    assert [s.cells for s in slides] == [[(1, False), (2, True), (3, False)], [(5, False)], [(6, False)]]
    assert [s.below for s in slides] == [False, True, False]
    assert "say this" in slides[0].notes[0]
    assert make_slides.plan(_notebook(("md", "# no metadata", None))) == []


def test_a_markdown_cell_is_cut_into_the_blocks_a_slide_can_show():
    text = ("## 2. The loop\n\nR's lines are\n\n```r\nW1 <- W1 - lr * dW1\n\n# a comment\n```\n\n"
            "$$\nL = -\\frac1N \\sum_i \\log P_{i,y_i}\n$$\n\n\\begin{align}\na &= b\n\\end{align}\n\n"
            "| R | numpy |\n| --- | --- |\n\n- one\n- two\n\n*Figure: a curve.*")
    kinds = [kind for kind, _ in make_slides.markdown_blocks(text)]
    assert kinds == ["heading", "paragraph", "code", "math", "math", "table", "list", "figure"]
    cell = new_markdown_cell(text, metadata={"slideshow": {"slide_type": "slide", "show": ["heading", "math"]}})
    html = make_slides.cell_html(cell)
    assert "2. The loop" in html and "\\frac1N" in html and "R's lines" not in html and "W1 &lt;-" not in html


def test_a_heading_whose_section_is_not_shown_is_left_out():
    text = (
        "## Course map\n\n| a | b |\n| --- | --- |\n\n"
        "## Summary\n\n- one\n- two\n\n"
        "## Exercises\n\n**Exercise 1.** Do."
    )
    cell = new_markdown_cell(text, metadata={"slideshow": {"slide_type": "slide", "show": ["heading", "list"]}})
    html = make_slides.cell_html(cell)
    assert "Summary" in html and "one" in html
    assert "Course map" not in html and "Exercises" not in html and "Do." not in html
    heading_only = {"slideshow": {"slide_type": "slide", "show": ["heading"]}}
    alone = new_markdown_cell("## 1. Title\n\nText.", metadata=heading_only)
    assert "1. Title" in make_slides.cell_html(alone)


def test_a_show_list_that_names_no_part_stops_the_build():
    cell = new_code_cell("x", metadata={"slideshow": {"slide_type": "slide", "show": ["figures"]}})
    with pytest.raises(SystemExit, match="figures"):
        make_slides.cell_html(cell)


def test_a_plan_sets_every_cell_and_writes_the_speaker_notes(tmp_path):
    nb = _notebook(("md", "# 99 · T", None), ("md", "## 1. Step", None), ("code", "loss = 1\nprint(loss)", None),
                   ("code", 'ask("q")', None))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    plan = tmp_path / "plan.md"
    plan.write_text('## 99\nslide "## 1. Step" show=heading : Ask first.\nfragment "print(loss)" show=output\n'
                    'slide #c3 show=output : The "vote".\n')
    notes = apply_slide_plan.apply(nb, apply_slide_plan.read_plan(plan)["99"], "plan")
    assert [c.metadata["slideshow"] for c in nb.cells] == [
        {"slide_type": "skip"}, {"slide_type": "slide", "show": ["heading"]},
        {"slide_type": "fragment", "show": ["output"]}, {"slide_type": "slide", "show": ["output"]}]
    assert notes == {"c1": "Ask first.", "c3": 'The "vote".'}
    guide = tmp_path / "guide.md"
    guide.write_text("## 99\ntime: 50 minutes\nlive: c2\nslide c9: old\nNotes.\n\n## 100\ntime: 5\nlive:\n")
    apply_slide_plan.write_notes("99", notes, guide)
    assert guide.read_text() == ("## 99\ntime: 50 minutes\nlive: c2\nslide c1: Ask first.\nslide c3: The \"vote\".\n"
                                 "Notes.\n\n## 100\ntime: 5\nlive:\n")
    twice = tmp_path / "twice.md"
    twice.write_text('## 99\nslide "## 1. Step"\nslide #c1\n')
    with pytest.raises(SystemExit, match="planned twice"):
        apply_slide_plan.apply(nb, apply_slide_plan.read_plan(twice)["99"], "plan")
    vague = tmp_path / "vague.md"
    vague.write_text('## 99\nslide "#"\n')
    with pytest.raises(SystemExit, match="matches 2 cells"):
        apply_slide_plan.apply(nb, apply_slide_plan.read_plan(vague)["99"], "plan")


def test_the_planned_chapters_include_the_three_of_this_issue():
    assert {"02-from-r-to-python.ipynb", "09-gradient-descent-and-training.ipynb",
            "14-cs231n-spiral.ipynb"} <= {p.name for p in PLANNED}


# ------------------------------------------------------------------------ the decks in Chromium


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    written = make_slides.build(out)
    assert [d.stem for d in written] == [p.stem for p in PLANNED]
    return out


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright: Debian's Chromium, headless, nothing that phones home."""
    assert CHROMIUM.exists(), "Chromium is missing: run `make site-deps` (apt-get install chromium)"
    return {"executable_path": str(CHROMIUM), "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--host-resolver-rules=MAP * ~NOTFOUND"]}


def _present(page, deck: Path, screenshots: Path | None = None) -> list[str]:
    """Open ``deck`` from disk and check every slide; return the problems found."""
    refused, errors = [], []
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                       else (refused.append(route.request.url), route.abort("blockedbyclient")))
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(deck.as_uri(), wait_until="load")
    page.wait_for_function("window.deckReady === true", timeout=60_000)
    problems = [f"request to another host: {url}" for url in refused] + errors
    if page.evaluate("document.querySelectorAll('mjx-merror, [data-mjx-error]').length"):
        problems.append("a MathJax error")
    slides = page.evaluate("Reveal.getSlides().map(s => [Reveal.getIndices(s).h, Reveal.getIndices(s).v || 0])")
    notes = page.evaluate("Reveal.getSlides()[0].querySelector('aside.notes')?.textContent || ''")
    if len(notes) < 40:
        problems.append("the title slide has no speaker notes from the teaching guide")
    for number, (h, v) in enumerate(slides, start=1):
        page.evaluate(f"Reveal.slide({h}, {v}, 1000)")          # every fragment shown
        found = page.evaluate(MEASURE)
        where = f"{deck.stem}, slide {number}"
        problems += [f"{where}: cut off: {c}" for c in found["cut"]]
        if found["scale"] < MIN_SCALE:
            problems.append(f"{where}: scaled to {found['scale']} to fit, below {MIN_SCALE}")
        if found["emptyMath"]:
            problems.append(f"{where}: {found['emptyMath']} typeset formulas have no size")
        if RAW_MATH.search(found["text"]):
            problems.append(f"{where}: TeX left untypeset: {RAW_MATH.search(found['text']).group()}")
        if screenshots:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / f"{deck.stem}-{number:02d}.png"))
        if page.evaluate(OPEN_OPTIONS):                          # a question: every option opened
            problems += [f"{where}, its options open: cut off: {c}" for c in page.evaluate(MEASURE)["cut"]]
    if len(slides) < 5:
        problems.append(f"{deck.stem}: only {len(slides)} slides")
    return problems


def test_the_index_lists_every_chapter_and_each_deck_it_has(decks):
    index = (decks / "index.html").read_text()
    assert index.count("<li") == len(CHAPTERS)
    for path in PLANNED:
        assert f'href="{path.stem}.html"' in index and (decks / f"{path.stem}.html").exists()
    assert (decks / "_static" / "mathjax" / "tex-chtml.js").exists()
    assert (decks / "_static" / "deck" / "reveal.js" / "reveal.js").exists()


def test_one_deck_loads_offline_with_its_math_typeset_and_nothing_cut_off(decks, page):
    assert _present(page, decks / CHEAP.replace(".ipynb", ".html")) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.stem for p in PLANNED])
def test_every_deck_loads_offline_with_its_math_typeset_and_nothing_cut_off(decks, page, name):
    assert _present(page, decks / f"{name}.html", screenshots=ARTIFACTS) == []


def test_the_speaker_view_shows_the_teaching_guides_notes_offline(decks, page):
    refused = []
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:", "about:", "blob:")) else (refused.append(route.request.url), route.abort()))
    page.goto((decks / CHEAP.replace(".ipynb", ".html")).as_uri(), wait_until="load")
    page.wait_for_function("window.deckReady === true", timeout=60_000)
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    notes = make_slides.make_editions.read_guide_source()["02"].notes.split()[:6]
    speaker.wait_for_function(f"document.body.innerText.includes({' '.join(notes)!r})", timeout=30_000)
    assert refused == []
