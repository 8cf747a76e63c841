"""Sphinx configuration of the course website (``make docs`` -> docs/_build/html).

The chapters are the notebooks in ../notebooks, rendered from their stored outputs (nothing is
executed); ``_ext/backprop_site.py`` copies them into ``chapters/`` before each build. The site
needs no network, neither to build nor to read: MathJax 3 is served from ``_static/mathjax``.
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS / "_ext"), str(DOCS.parent)]

project = "Backpropagation, line by line"
author = "the backprop course authors"
copyright = "the backprop course authors; code MIT, course text CC BY 4.0"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "backprop_site",
]
exclude_patterns = ["_build", "_static", "_ext", "**/.ipynb_checkpoints"]

# Notebooks: render the outputs stored in the .ipynb files; $...$, $$...$$ and \begin{align}.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# In this course a code cell tagged hide-input is an exercise's worked solution: folded away.
nb_code_prompt_show = "Show the solution"
nb_code_prompt_hide = "Hide the solution"

# API reference from the numpydoc docstrings; :math: and .. math:: in them go to MathJax too.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# Offline: MathJax from the site itself (path relative to _static), not from a CDN.
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
# The course's own style and script: wide equations and tables scroll with a visible cue, folded
# solutions fold their output, search excerpts where the browser allows them (backprop.js).
html_css_files = ["backprop.css"]
html_js_files = [("backprop.js", {"defer": "defer"})]
html_last_updated_fmt = None
# Search results with an excerpt of each page, fetched from the page itself; a browser refuses
# that for a site opened from disk (file://), so there backprop.js turns the excerpts off.
html_show_search_summary = True
# Without a default, the theme's script logs a console error on a reader's first visit.
html_context = {"default_mode": "light"}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}
