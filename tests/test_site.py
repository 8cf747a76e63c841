"""The course website, built from the notebooks and read in a real browser with no network.

Builds the site once (``sphinx-build -W``, into a temporary folder), serves it on 127.0.0.1, and
opens the pages in headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright) with
every request that is not for the site itself refused and recorded. One browser context serves
the whole module, and each page is visited once, every check of it made in that visit:
``test_page`` reads every page from the local server (math, images, navigation, a plain-text
title, folded solutions with their output, every display equation and table within its column at
1280 px and, at 390 px, whatever is wider scrolling in its own box with a visible cue);
``test_page_from_disk`` reads from ``file://`` the pages where file:// behaves differently (the
home page, one chapter, the animations' chapter and the search).

Clicking every solution, hint, question and animation control of every chapter is the slow tier
(``@pytest.mark.slow``); the fast tier clicks them on one chapter each.

Run on its own with ``.venv/bin/pytest tests/test_site.py``; ``make site-deps`` installs Chromium.
A screenshot of the first chapter is saved as ``test-artifacts/chapter.png``.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from backprop_site import chapter_files  # noqa: E402  (the site's own list of chapters)

CHROMIUM = Path("/usr/bin/chromium")
BUILD_TIMEOUT = 300  # seconds: a hung build fails instead of blocking (a limit, not a measurement)
CHAPTERS = [p for p in chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]
PAGES = ["index", "notation", "api"] + [f"chapters/{p.stem}" for p in CHAPTERS]
ORIGINS = ["http", "file"]
# Text that only survives into the page when math was not typeset.
RAW_MATH = re.compile(r"\$\$|\\begin\{|\\end\{|\\\(|\\\[|\$[^$\n]+\$")


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The website built from the repository as it is, warnings being errors."""
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html")],
        capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert build.returncode == 0, f"sphinx-build failed:\n{build.stdout}\n{build.stderr}"
    return out / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    """Base URL of ``site`` served over HTTP on 127.0.0.1 (a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright: Debian's Chromium, headless, nothing that phones home."""
    assert CHROMIUM.exists(), "Chromium is missing: run `make site-deps` (apt-get install chromium)"
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps",
                 # Belt and braces: no host name resolves but the local server's address.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    }


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Browsing:
    """A page whose every request, console error and uncaught exception is recorded."""

    def __init__(self, page, site: Path, server: str):
        self.page, self.site, self.server = page, site, server
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.context.route("**/*", self._route)

    def reset(self):
        """Forget what earlier tests recorded (the page serves the whole module)."""
        self.requests.clear()
        self.refused.clear()
        self.errors.clear()
        self.page.set_viewport_size(DESKTOP)

    def _local(self, url: str) -> bool:
        return url.startswith((self.server, "file://", "data:", "blob:"))

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort("blockedbyclient")

    def base(self, origin: str) -> str:
        """The site's root URL from the local server (``http``) or from disk (``file``)."""
        return self.server if origin == "http" else self.site.as_uri() + "/"

    def url(self, page_name: str, origin: str, query: str = "") -> str:
        return f"{self.base(origin)}{page_name}.html{query}"

    def open(self, page_name: str, origin: str, query: str = ""):
        self.reset()
        self.page.goto(self.url(page_name, origin, query), wait_until="load")
        return self.page

    def assert_stayed_home(self):
        assert self.refused == [], f"requests to other hosts: {self.refused}"
        outside = [u for u in self.requests if not self._local(u)]
        assert outside == [], f"requests to other hosts: {outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture(scope="module")
def module_page(browser):
    """One browser context and one page for the whole module."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def module_browsing(module_page, site, server) -> Browsing:
    return Browsing(module_page, site, server)


@pytest.fixture
def browsing(module_browsing) -> Browsing:
    module_browsing.reset()
    yield module_browsing
    module_browsing.page.set_viewport_size(DESKTOP)


# ---------------------------------------------------------------------------- in-page checks

# Waits for MathJax (if the page loads it) and reports what a reader would see.
MATH_REPORT = """async () => {
  const math = [...document.querySelectorAll('.math')];
  if (window.MathJax?.startup?.promise === undefined) return {loaded: false, math: math.length};
  await MathJax.startup.promise;
  await document.fonts.ready;
  const visible = [...document.querySelectorAll('mjx-container')]
      .filter(c => c.checkVisibility());
  return {
    loaded: true,
    math: math.length,
    untypeset: math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent),
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
    visible: visible.length,
    empty: visible.filter(c => {
      const r = c.getBoundingClientRect(); return !(r.width > 0 && r.height > 0);
    }).map(c => c.textContent),
    fontsLoaded: [...document.fonts].filter(f => f.family.startsWith('MJXTEX')
        && f.status === 'loaded').length,
  };
}"""

# The page's text (article and navigation), without code, rendered math and scripts.
PROSE = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, mjx-container, .math')
      .forEach(e => e.remove());
  return body.textContent;
}"""

IMAGES = """async () => Promise.all([...document.images].map(async img => {
  try { await img.decode(); } catch (e) {}
  return {src: img.getAttribute('src'), alt: img.getAttribute('alt'),
          width: img.naturalWidth, output: img.closest('.cell_output') !== null};
}))"""


def assert_math_typeset(page):
    """Every math element typeset, with MathJax's own fonts, and no TeX left in the prose."""
    report = page.evaluate(MATH_REPORT)
    raw = RAW_MATH.findall(page.evaluate(PROSE))
    assert raw == [], f"raw TeX in the visible text: {raw[:5]}"
    if report["math"] == 0:
        return
    assert report["loaded"], "the page has math but MathJax did not load"
    assert report["untypeset"] == [], f"math left raw: {report['untypeset'][:5]}"
    assert report["errors"] == [], f"MathJax errors: {report['errors'][:5]}"
    assert report["visible"] > 0
    assert report["empty"] == [], f"math rendered with no size: {report['empty'][:5]}"
    assert report["fontsLoaded"] > 0, "MathJax's fonts did not load"


def assert_images_loaded(page):
    for image in page.evaluate(IMAGES):
        assert image["width"] > 0, f"image did not load: {image['src']}"
        if image["output"]:  # a notebook figure: its caption line is its alt text
            alt = (image["alt"] or "").strip()
            assert alt and alt != image["src"] and Path(image["src"]).name not in alt, \
                f"figure without alt text: {image['src']}"


def assert_navigation_resolves(page, site: Path, base: str):
    """Each link of the sidebar leads to a page of the site; the chapters in reading order."""
    hrefs = page.eval_on_selector_all(
        ".bd-sidebar-primary nav a[href]", "links => links.map(a => a.href)")
    assert hrefs
    targets = []
    for href in hrefs:
        assert href.startswith(base), f"navigation leaves the site: {href}"
        target = unquote(urlsplit(href[len(base):]).path)
        assert (site / target).is_file(), f"navigation link to a missing page: {href}"
        targets.append(target)
    chapters = [t.removeprefix("chapters/").removesuffix(".html")
                for t in targets if t.startswith("chapters/")]
    assert chapters == [p.stem for p in CHAPTERS]


# Every visible display equation and table of the article: how wide its content is, the box it is
# drawn in (a table's scroll container; an equation's mjx-container), and whether that box scrolls
# and shows the cue (backprop.js: .bp-overflow fades the hidden edge, .bp-scroll-cue says so).
WIDTHS = """() => {
  const article = document.querySelector('.bd-article');
  const cs = getComputedStyle(article);
  const column = article.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const items = [];
  for (const el of article.querySelectorAll('mjx-container[display="true"], table')) {
    if (!el.checkVisibility()) continue;
    const table = el.tagName === 'TABLE';
    const box = table ? (el.closest('.pst-scrollable-table-container') || el) : el;
    const math = el.querySelector('mjx-math');
    const content = table ? el.getBoundingClientRect().width : math.getBoundingClientRect().width;
    const anchor = table ? box : (box.closest('div.math') || box);
    const cue = [anchor.previousElementSibling, anchor.nextElementSibling]
        .some(e => e && e.classList.contains('bp-scroll-cue') && e.checkVisibility());
    items.push({kind: table ? 'table' : 'equation', text: el.textContent.trim().slice(0, 50),
                content: content, box: box.getBoundingClientRect().width, column: column,
                scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
                         && box.scrollWidth > box.clientWidth + 1,
                faded: box.classList.contains('bp-overflow') && getComputedStyle(box).maskImage !== 'none',
                cue: cue});
  }
  return {items, pageScrollsSideways: document.scrollingElement.scrollWidth > window.innerWidth + 1};
}"""

# After a resize, backprop.js re-measures in a ResizeObserver callback: wait two frames.
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def assert_fits_the_column(page):
    """At the desktop width, no display equation and no table is wider than the text column."""
    wide = [(i["kind"], round(i["content"]), round(i["column"]), i["text"])
            for i in page.evaluate(WIDTHS)["items"] if i["content"] > i["column"] + 1]
    assert wide == [], f"wider than the column at 1280 px (kind, width, column, text): {wide}"


def assert_overflow_scrolls_with_a_cue(page):
    """At phone width, what cannot fit scrolls inside its own box, which shows that it does."""
    page.set_viewport_size(PHONE)
    page.evaluate(SETTLE)
    report = page.evaluate(WIDTHS)
    assert not report["pageScrollsSideways"], "the page itself scrolls sideways at 390 px"
    for i in report["items"]:
        if i["content"] <= i["column"] + 1:
            continue
        what = f"{i['kind']} {i['text']!r} ({round(i['content'])} px in {round(i['column'])})"
        assert i["box"] <= i["column"] + 1, f"{what}: its box is wider than the column"
        assert i["scrolls"], f"{what}: does not scroll in its own box"
        assert i["faded"] and i["cue"], f"{what}: scrolls with no visible cue"
    page.set_viewport_size(DESKTOP)


TEX_IN_TEXT = re.compile(r"\\[A-Za-z]+|\\\(|\$|\^\{|_\{")


def assert_plain_title(page):
    """The browser's title (tab, print header, history) holds no TeX."""
    title = page.title()
    assert title and not TEX_IN_TEXT.search(title), f"TeX in the page title: {title!r}"


def assert_solutions_folded(page, notebook: Path):
    """Each worked solution folded, its code and what it prints; hints folded, questions there."""
    folded = page.evaluate("""() => [...document.querySelectorAll('.cell.tag_hide-input')].map(cell => ({
        open: cell.querySelector('details.above-input').open,
        visible: [...cell.querySelectorAll('.cell_input, .cell_output')].some(e => e.checkVisibility())}))""")
    assert len(folded) == len(solution_sources(notebook)), "a solution is not folded away (tag it hide-input)"
    assert not any(f["open"] or f["visible"] for f in folded), "a solution or its output shows before a click"
    assert page.locator("details.bp-hint").count() == hint_count(notebook), "a hint cell is not folded"
    assert not page.locator("details.bp-hint .bp-hint-body").evaluate_all(
        "bodies => bodies.some(b => b.checkVisibility())"), "a hint shows before a click"
    for qid in question_ids(notebook):
        assert page.locator(f'.bp-question[data-question="{qid}"]').count() == 1, f"question {qid} missing"


# ---------------------------------------------------------------------------- tests


def test_there_are_chapters_to_publish():
    assert CHAPTERS, "no chapter notebooks (notebooks/NN-slug.ipynb) to build the site from"


def _chapter(page_name: str) -> Path | None:
    return next((p for p in CHAPTERS if page_name == f"chapters/{p.stem}"), None)


# The fast tier reads these pages from the server (the first chapter, the notation page's wide
# tables, chapter 06's long equations); the other pages are the slow tier's. The fast tier reads
# three more from disk (test_page_from_disk).
FAST_PAGES = {"notation", f"chapters/{CHAPTERS[0].stem}" if CHAPTERS else "",
              "chapters/06-output-layer-gradients"}


@pytest.mark.parametrize("page_name", [name if name in FAST_PAGES else pytest.param(name, marks=pytest.mark.slow)
                                       for name in PAGES])
def test_page(browsing, site, page_name):
    """One visit of each page from the local server, every check made in it."""
    page = browsing.open(page_name, "http")
    assert_math_typeset(page)
    assert_images_loaded(page)
    assert_navigation_resolves(page, site, browsing.base("http"))
    assert_plain_title(page)
    notebook = _chapter(page_name)
    if notebook is not None:
        assert_solutions_folded(page, notebook)
        if animation_frame_counts(notebook):
            _wait_for_players(page, len(animation_frame_counts(notebook)))
            assert [p["embedded"] for p in page.evaluate(PLAYERS)] == animation_frame_counts(notebook)
    if notebook == CHAPTERS[0]:
        _screenshot(page)
    assert_fits_the_column(page)
    assert_overflow_scrolls_with_a_cue(page)
    browsing.assert_stayed_home()


def _screenshot(page):
    """Saved for a person to look at: test-artifacts/chapter.png."""
    page.set_viewport_size({"width": 1280, "height": 2000})  # full_page would crop the sidebar
    out = ROOT / "test-artifacts" / "chapter.png"
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000
    page.set_viewport_size(DESKTOP)


def _interactive_chapter() -> Path:
    """The first chapter with a solution, a hint and a question: clicked through from disk."""
    return next(p for p in CHAPTERS if solution_sources(p) and hint_count(p) and question_ids(p))


def _animated_chapter() -> Path:
    return next(p for p in CHAPTERS if animation_frame_counts(p))


@pytest.mark.parametrize("which", ["index", "interactive", "animated"])
def test_page_from_disk(browsing, site, which):
    """From file://: the home page, a chapter clicked through, the animations played."""
    page_name = {"index": "index", "interactive": f"chapters/{_interactive_chapter().stem}",
                 "animated": f"chapters/{_animated_chapter().stem}"}[which]
    page = browsing.open(page_name, "file")
    assert_math_typeset(page)
    assert_images_loaded(page)
    assert_navigation_resolves(page, site, browsing.base("file"))
    notebook = _chapter(page_name)
    if notebook == _interactive_chapter():
        check_hints_fold_separately(page, notebook, first_only=True)
        check_questions(page, notebook, first_only=True)
        check_solutions_open(page, notebook, first_only=True)
    if notebook == _animated_chapter():
        check_animations_play(page, notebook)
    assert_fits_the_column(page)
    browsing.assert_stayed_home()


@pytest.mark.parametrize("origin", ORIGINS)
def test_search(browsing, origin):
    """Search finds the chapters, titles in plain text; an excerpt of each page where the browser
    lets the page read the others (not from file://, where backprop.js turns excerpts off)."""
    page = browsing.open("search", origin, "?q=gradients")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    links = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("chapters/" in href for href in links), links
    titles = results.locator("a").all_inner_texts()
    assert not [t for t in titles if TEX_IN_TEXT.search(t)], f"TeX in search results: {titles}"
    chapter = results.filter(has=page.locator('a[href^="chapters/"]')).first
    if origin == "http":
        chapter.locator("p.context").wait_for(timeout=15_000)
        assert len(chapter.locator("p.context").inner_text()) > 40, "no excerpt under the result"
    else:
        page.wait_for_timeout(300)
        assert chapter.locator("p.context").count() == 0
    browsing.assert_stayed_home()


def _is_solution(cell: dict) -> bool:
    meta = cell.get("metadata", {})
    return "hide-input" in meta.get("tags", []) or meta.get("jupyter", {}).get("source_hidden")


def solution_sources(notebook: Path) -> list[str]:
    """The source of each exercise solution: a cell tagged ``hide-input`` or collapsed in Jupyter.

    Both mark a solution (the course's convention asks for both); the website folds away only the
    tagged ones, so a solution that is merely collapsed would show, and the count below differ.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "code" and _is_solution(c)]


def test_some_chapter_has_solutions():
    assert any(solution_sources(p) for p in CHAPTERS), "no cell tagged hide-input in any chapter"


def check_solutions_open(page, notebook: Path, first_only: bool = False):
    """Each solution opens on a click, its code and its output with it."""
    sources = solution_sources(notebook)
    toggles = page.locator("details.hide.above-input")
    assert toggles.count() == len(sources), "a solution is not folded away (tag it hide-input)"
    for i, source in enumerate(sources[:1] if first_only else sources):
        toggle = toggles.nth(i)
        code = toggle.locator(".cell_input")
        first_line = source.strip().splitlines()[0]
        assert not toggle.evaluate("d => d.open")
        assert not code.is_visible(), f"solution {i + 1} is visible before the click"
        toggle.locator("summary").click()
        assert code.is_visible(), f"solution {i + 1} did not open"
        assert first_line in code.inner_text()
        outputs = toggle.locator("xpath=..").locator(":scope > .cell_output")
        assert all(outputs.nth(j).is_visible() for j in range(outputs.count())), \
            f"solution {i + 1}: its output did not open with it"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", [p for p in CHAPTERS if solution_sources(p)],
                         ids=lambda p: p.stem)
def test_solutions_hidden_until_clicked(browsing, notebook):
    page = browsing.open(f"chapters/{notebook.stem}", "http")
    check_solutions_open(page, notebook)
    browsing.assert_stayed_home()


# ---------------------------------------------------------------------------- hints and questions


def _cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def hint_count(notebook: Path) -> int:
    return sum(1 for c in _cells(notebook) if c["cell_type"] == "markdown"
               and "hint" in c.get("metadata", {}).get("tags", []))


def question_ids(notebook: Path) -> list[str]:
    """The ids of the questions a chapter shows (its ``bp.exercises.ask("<id>")`` cells)."""
    return [m for c in _cells(notebook) if c["cell_type"] == "code"
            for m in re.findall(r'exercises\.ask\("([\w-]+)"\)', "".join(c["source"]))]


def test_some_chapter_has_hints_and_questions():
    assert any(hint_count(p) for p in CHAPTERS), "no markdown cell tagged hint in any chapter"
    assert any(question_ids(p) for p in CHAPTERS), "no bp.exercises.ask cell in any chapter"


VISIBLE = "e => e.checkVisibility()"


def check_hints_fold_separately(page, notebook: Path, first_only: bool = False):
    """Each hint behind its own "Show a hint" toggle; opening one opens no other hint or solution."""
    hints = page.locator("details.bp-hint")
    solutions = page.locator("details.hide.above-input")
    assert hints.count() == hint_count(notebook), "a hint cell is not folded (tag it hint)"
    assert solutions.count() == len(solution_sources(notebook))
    assert hints.locator("summary").all_inner_texts() == ["Show a hint"] * hints.count()
    for i in range(1 if first_only else hints.count()):
        hint = hints.nth(i)
        body = hint.locator(".bp-hint-body")
        assert not body.evaluate(VISIBLE), f"hint {i + 1} is visible before the click"
        hint.locator("summary").click()
        assert body.evaluate(VISIBLE), f"hint {i + 1} did not open"
        assert re.match(r"Hint( \d+)?\.", body.inner_text().strip())
        opened = [j for j in range(hints.count()) if hints.nth(j).evaluate("d => d.open")]
        assert opened == list(range(i + 1)), "opening a hint opened another one"
        assert not any(solutions.nth(j).evaluate("d => d.open") for j in range(solutions.count())), \
            "opening a hint opened a solution"
    opened = sum(hints.nth(j).evaluate("d => d.open") for j in range(hints.count()))
    was_open = solutions.first.evaluate("d => d.open")
    if not was_open:
        solutions.first.locator("summary").click()
    assert solutions.first.locator(".cell_input").is_visible()
    assert opened == sum(hints.nth(j).evaluate("d => d.open") for j in range(hints.count())), \
        "opening a solution opened or closed a hint"
    if not was_open:
        solutions.first.locator("summary").click()


def check_questions(page, notebook: Path, first_only: bool = False):
    """Offline, with no kernel: opening an option shows its own explanation and no other."""
    import backprop as bp

    for qid in question_ids(notebook)[:1] if first_only else question_ids(notebook):
        question = bp.exercises.questions.all_questions()[qid]
        box = page.locator(f'.bp-question[data-question="{qid}"]')
        assert box.count() == 1, f"question {qid} is not on the page"
        options = box.locator("details.bp-option")
        assert options.count() == len(question.options)
        explanations = box.locator(".bp-explanation")
        assert not any(explanations.nth(j).evaluate(VISIBLE) for j in range(options.count()))
        for i, option in enumerate(question.options):
            options.nth(i).locator("summary").click()
            shown = [j for j in range(options.count()) if explanations.nth(j).evaluate(VISIBLE)]
            assert shown == [i], f"{qid}: opening option {i} showed explanations {shown}"
            text = explanations.nth(i).inner_text()
            assert option.explanation[:60] in text and text.startswith("✓" if option.correct else "✗")
            options.nth(i).locator("summary").click()          # close it again


@pytest.mark.slow
@pytest.mark.parametrize("notebook", [p for p in CHAPTERS if hint_count(p)], ids=lambda p: p.stem)
def test_hints_fold_separately_from_solutions(browsing, notebook):
    page = browsing.open(f"chapters/{notebook.stem}", "http")
    check_hints_fold_separately(page, notebook)
    browsing.assert_stayed_home()


@pytest.mark.slow
@pytest.mark.parametrize("notebook", [p for p in CHAPTERS if question_ids(p)], ids=lambda p: p.stem)
def test_questions_reveal_the_chosen_explanation_only(browsing, notebook):
    page = browsing.open(f"chapters/{notebook.stem}", "http")
    check_questions(page, notebook)
    browsing.assert_stayed_home()


# ---------------------------------------------------------------------------- animations


def animation_frame_counts(notebook: Path) -> list[int]:
    """The frame count of each animation a chapter stores (matplotlib's JavaScript HTML player)."""
    counts = []
    for cell in _cells(notebook):
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            if 'class="animation"' in html:
                counts.append(int(re.search(r"var frames = new Array\((\d+)\)", html).group(1)))
    return counts


def test_some_chapter_has_animations():
    assert any(animation_frame_counts(p) for p in CHAPTERS), "no animation in any chapter"


# Each player of the page: its frames (counted in its script and in its JavaScript object) and what
# it shows now.
PLAYERS = """() => [...document.querySelectorAll('div.animation')].map(div => {
  const img = div.querySelector('img');
  const id = img.id.replace('_anim_img', '');
  const script = [...document.scripts].find(s => s.textContent.includes('"_anim_img' + id + '"'));
  const anim = window['anim' + id];
  return {id, alt: img.alt, width: img.naturalWidth, src: img.src, slider: div.querySelector('input[type=range]').value,
          max: div.querySelector('input[type=range]').max,
          embedded: (script.textContent.match(/frames\\[\\d+\\] = "data:image\\/png;base64,/g) || []).length,
          frames: anim ? anim.frames.length : -1,
          distinct: anim ? new Set(anim.frames.map(f => f.src)).size : -1,
          pngs: anim ? anim.frames.every(f => f.src.startsWith('data:image/png;base64,')) : false};
})"""


def _player(page, i: int) -> dict:
    return page.evaluate(PLAYERS)[i]


def _frame_src(page, player_id: str, k: int) -> str:
    return page.evaluate(f"() => window['anim{player_id}'].frames[{k}].src")


def _wait_for_players(page, count: int):
    page.wait_for_function(f"() => document.querySelectorAll('div.animation').length === {count}"
                           " && [...document.querySelectorAll('div.animation img')].every("
                           "img => window['anim' + img.id.replace('_anim_img', '')] !== undefined)")


def check_animations_play(page, notebook: Path):
    """Every frame on the page, the buttons and the slider change the frame shown, nothing fetched."""
    expected = animation_frame_counts(notebook)
    _wait_for_players(page, len(expected))
    players = page.evaluate(PLAYERS)
    assert [p["embedded"] for p in players] == expected, "frames missing from the page"
    assert [p["frames"] for p in players] == expected
    for i, (player, n) in enumerate(zip(players, expected, strict=True)):
        assert player["pngs"] and player["distinct"] == n, f"animation {i + 1}: frames not all distinct PNGs"
        assert player["width"] > 0 and player["alt"].strip(), f"animation {i + 1}: no first frame or no alt text"
        assert player["slider"] == "0" and player["max"] == str(n - 1)
        pid, div = player["id"], page.locator("div.animation").nth(i)
        assert player["src"] == _frame_src(page, pid, 0)
        div.get_by_role("button", name="Next frame").click()
        now = _player(page, i)
        assert (now["slider"], now["src"]) == ("1", _frame_src(page, pid, 1)), "Next frame did not step"
        div.get_by_role("button", name="Last frame").click()
        assert _player(page, i)["slider"] == str(n - 1)
        assert _player(page, i)["src"] == _frame_src(page, pid, n - 1)
        div.get_by_role("button", name="Previous frame").click()
        assert _player(page, i)["slider"] == str(n - 2)
        div.locator("input[type=range]").fill("3")                    # dragging the slider
        assert (_player(page, i)["slider"], _player(page, i)["src"]) == ("3", _frame_src(page, pid, 3))
        div.get_by_role("button", name="First frame").click()
        for _ in range(4):
            div.get_by_role("button", name="Increase speed").click()
        div.get_by_role("button", name="Play", exact=True).click()
        page.wait_for_function(f"() => window['anim{pid}'].current_frame >= 2", timeout=15_000)
        div.get_by_role("button", name="Pause").click()
        shown = _player(page, i)
        assert int(shown["slider"]) >= 2 and shown["src"] == _frame_src(page, pid, int(shown["slider"]))
