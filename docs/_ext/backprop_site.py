"""Sphinx glue for the course website.

* ``sync_notebooks``: the chapters live in ``notebooks/`` at the top of the repository, outside
  the Sphinx source directory ``docs/``; copy them (and images beside them) into ``docs/chapters/``
  (git-ignored) before Sphinx looks for sources. Plain copies work on every clone and platform,
  unlike a committed symlink.
* ``backprop-api`` directive: the API reference, generated from the package itself so that it
  cannot fall behind: one section per module, the module docstring, then every public name
  documented, in source order, under the path a reader types (``backprop.train``, not
  ``backprop.training.train``).
* ``caption_figures``: a notebook figure gets as alt text the caption line written under it (the
  course's convention); a figure without one is reported as a warning, which ``-W`` turns into an
  error.
* hints: a markdown cell tagged ``hint`` (an exercise's hint, see CONTRIBUTING.md) is folded behind
  its own "Show a hint" toggle, a ``<details class="bp-hint">``, separate from the solution's
  "Show the solution" (MyST-NB's ``hide-input``). MyST-NB passes markdown cells through without
  their metadata, so its markdown-cell renderer is wrapped (``install_hint_cells``).
* plain-text titles: a heading may hold math (``# 04 · Softmax + cross-entropy gradient: $P - T$``),
  which the page typesets; where no typesetting happens (the browser's tab and print header,
  ``<title>``; the search index's page and section titles) the math is written in Unicode
  (``plain_math``: ``A^\\top\\delta_S`` -> ``Aᵀδ_S``), never as TeX.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

CHAPTER = re.compile(r"^\d\d[a-z]?-[\w-]+\.ipynb$")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}
# Reading order of the API reference; modules not listed follow in alphabetical order.
MODULE_ORDER = ["layers", "model", "params", "training", "gradcheck", "data", "plotting",
                "rcompat", "sklearn_parity", "exercises"]


def chapter_files(notebooks: Path) -> list[Path]:
    """The chapter notebooks (``NN-slug.ipynb``, ``NNb-slug.ipynb``) and the images beside them."""
    chapters = [p for p in notebooks.glob("*.ipynb") if CHAPTER.match(p.name)]
    images = [p for p in notebooks.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES
              and not any(part.startswith(".") for part in p.relative_to(notebooks).parts)]
    return sorted(chapters + images)


def sync_notebooks(notebooks: Path, target: Path) -> None:
    """Make ``target`` hold exactly the chapter files of ``notebooks``.

    Unchanged files are left alone (their modification time too), so Sphinx rebuilds only the
    chapters that changed; files whose source is gone are removed.
    """
    wanted = {p.relative_to(notebooks): p for p in chapter_files(notebooks)}
    if target.exists():
        for old in sorted(target.rglob("*"), reverse=True):
            rel = old.relative_to(target)
            if old.is_file() and rel not in wanted:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
    for rel, src in wanted.items():
        dst = target / rel
        if dst.exists() and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def _module_key(name: str) -> tuple[int, str]:
    short = name.split(".")[1]
    return (MODULE_ORDER.index(short) if short in MODULE_ORDER else len(MODULE_ORDER), name)


def api_rst(package_name: str) -> str:
    """reStructuredText that documents every public module and name of ``package_name``."""
    package = importlib.import_module(package_name)
    modules = [m.name for m in pkgutil.walk_packages(package.__path__, package_name + ".")
               if not any(part.startswith("_") for part in m.name.split("."))]
    lines = []
    for name in sorted(modules, key=_module_key):
        reexported = sorted((n for n in package.__all__
                             if getattr(getattr(package, n), "__module__", None) == name),
                            key=lambda n: inspect.getsourcelines(getattr(package, n))[1])
        lines += [f"``{name}``", "-" * (len(name) + 4), "", f".. automodule:: {name}"]
        if reexported:
            lines += ["", f".. currentmodule:: {package_name}", ""]
            for n in reexported:
                kind = "class" if inspect.isclass(getattr(package, n)) else "function"
                lines += [f".. auto{kind}:: {n}", "   :members:" if kind == "class" else "", ""]
        else:
            lines += ["   :members:", ""]
    return "\n".join(lines)


class BackpropApi(SphinxDirective):
    """``.. backprop-api:: PACKAGE``: the API reference of PACKAGE, one section per module."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return self.parse_text_to_nodes(api_rst(self.arguments[0]), allow_section_headings=True)


class bp_hint(nodes.General, nodes.Element):
    """A hint cell's content, folded behind its own toggle on the website."""


HINT_TOGGLE = "Show a hint"


def _visit_hint_html(self, node):
    self.body.append(f'<details class="bp-hint"><summary>{HINT_TOGGLE}</summary>'
                     '<div class="bp-hint-body">')


def _depart_hint_html(self, node):
    self.body.append("</div></details>")


def _skip(self, node):
    pass


def install_hint_cells() -> None:
    """Render a markdown cell tagged ``hint`` inside a :class:`bp_hint` node (idempotent)."""
    from myst_nb.core.render import MditRenderMixin

    original = MditRenderMixin.render_nb_cell_markdown
    if getattr(original, "backprop_hint", False):
        return

    def render_nb_cell_markdown(self, token):
        if "hint" not in token.meta.get("metadata", {}).get("tags", []):
            return original(self, token)
        node = bp_hint(classes=["bp-hint"])
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    render_nb_cell_markdown.backprop_hint = True
    MditRenderMixin.render_nb_cell_markdown = render_nb_cell_markdown


def skip_tuple_fields(app, what, name, obj, skip, options):
    """Skip the ``Alias for field number N`` entries of NamedTuple fields.

    The class docstring already describes each field (its Attributes or Parameters section).
    """
    return True if type(obj).__name__ == "_tuplegetter" else None


def caption_figures(app, doctree: nodes.document) -> None:
    """Give each notebook figure the text of the paragraph under its cell as alt text."""
    for image in list(doctree.findall(nodes.image)):
        if image.get("alt"):
            continue
        cell = image.parent
        while cell is not None and cell.get("nb_element") != "cell_code":
            cell = cell.parent
        if cell is None:
            continue
        following = cell.next_node(descend=False, siblings=True)
        if isinstance(following, nodes.paragraph):
            image["alt"] = following.astext()
        else:
            notebook = Path(app.env.docname).name + ".ipynb"
            logger.warning("notebooks/%s, cell %s: figure without a caption; write a markdown "
                           "line under the cell that says what the figure shows (it becomes "
                           "the alt text)", notebook, cell.get("cell_index"), location=cell)


# TeX of the course's headings, as plain text: symbols, then sub- and superscripts.
TEX_SYMBOLS = {
    r"\top": "ᵀ", r"\delta": "δ", r"\Delta": "Δ", r"\lambda": "λ", r"\eta": "η", r"\theta": "θ",
    r"\sigma": "σ", r"\Sigma": "Σ", r"\sum": "Σ", r"\partial": "∂", r"\approx": "≈", r"\odot": "⊙",
    r"\times": "×", r"\cdot": "·", r"\le": "≤", r"\ge": "≥", r"\neq": "≠", r"\to": "→",
    r"\infty": "∞", r"\log": "log", r"\exp": "exp", r"\max": "max", r"\ell": "ℓ", r"\nabla": "∇",
    r"\mathbf": "", r"\mathrm": "", r"\operatorname": "", r"\text": "", r"\left": "", r"\right": "",
}
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
SUPERSCRIPTS = dict(zip("0123456789+-=()inT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ", strict=True))


def plain_math(tex: str) -> str:
    """A heading's TeX as Unicode text: ``A^\\top\\delta_S`` -> ``Aᵀδ_S``, ``10^{-5}`` -> ``10⁻⁵``.

    A sub- or superscript is written with Unicode's small letters when every character has one
    (``W_2`` -> ``W₂``, ``\\sum_i`` -> ``Σᵢ``); otherwise it stays readable as ``_S``/``^x``.
    """
    text = re.sub(r"\\[,;:! ]", " ", tex)
    text = re.sub(r"\\[A-Za-z]+", lambda m: TEX_SYMBOLS.get(m.group(0), m.group(0)[1:]), text)

    def script(match: re.Match) -> str:
        body = match.group(2) if match.group(2) is not None else match.group(3)
        table = SUBSCRIPTS if match.group(1) == "_" else SUPERSCRIPTS
        if body == "ᵀ" and match.group(1) == "^":
            return "ᵀ"
        if all(c in table for c in body):
            return "".join(table[c] for c in body)
        return match.group(1) + body

    text = re.sub(r"([_^])(?:\{([^{}]*)\}|(\S))", script, text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def plain_title(node: nodes.Node) -> str:
    """The text of a title node with its math as Unicode (:func:`plain_math`)."""
    parts = []
    for child in node.findall(nodes.Text):
        math = child.parent if isinstance(child.parent, nodes.math) else None
        parts.append(plain_math(child.astext()) if math is not None else child.astext())
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def plain_page_title(app, pagename, templatename, context, doctree) -> None:
    """``<title>`` in plain text when the page's title holds math."""
    node = app.env.longtitles.get(pagename)
    if node is not None and any(node.findall(nodes.math)):
        context["title"] = escape(plain_title(node))


def install_plain_search_titles() -> None:
    """The search index's page and section titles as plain text (idempotent)."""
    from sphinx.search import IndexBuilder

    original = IndexBuilder.feed
    if getattr(original, "backprop_plain", False):
        return

    def feed(self, docname, filename, title, doctree):
        original(self, docname, filename, title, doctree)
        plain = {t.astext(): plain_title(t) for t in doctree.findall(nodes.title)}
        self._titles[docname] = plain.get(title, title)
        if docname in self._all_titles:
            self._all_titles[docname] = [(plain.get(text, text), anchor)
                                         for text, anchor in self._all_titles[docname]]

    feed.backprop_plain = True
    IndexBuilder.feed = feed


def setup(app):
    # MathJax on every page, not only on pages with math in their body: chapter titles with math
    # appear in the navigation of every page.
    app.set_html_assets_policy("always")
    app.connect("config-inited", lambda app, config: sync_notebooks(
        Path(app.confdir).parent / "notebooks", Path(app.srcdir) / "chapters"))
    app.add_directive("backprop-api", BackpropApi)
    install_hint_cells()
    app.add_node(bp_hint, html=(_visit_hint_html, _depart_hint_html), latex=(_skip, _skip),
                 text=(_skip, _skip), man=(_skip, _skip), texinfo=(_skip, _skip))
    app.connect("autodoc-skip-member", skip_tuple_fields)
    app.connect("doctree-read", caption_figures)
    app.connect("html-page-context", plain_page_title)
    install_plain_search_titles()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
