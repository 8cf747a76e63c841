r"""Matplotlib's JavaScript HTML export of an animation, made offline and reproducible.

:func:`to_html_animation` records the frames with ``FuncAnimation`` and matplotlib's
``HTMLWriter`` (the format of ``FuncAnimation.to_jshtml``: the frames embedded as base64 PNG
images, the player in inline JavaScript), then

* replaces the player's Font Awesome icons, whose style sheet the export loads from a CDN, by
  plain Unicode symbols: the HTML names no other host;
* stores each frame as a palette PNG (at most :data:`PALETTE` colours, no ``Software`` entry with
  matplotlib's version), several times smaller;
* names the elements by a hash of the frames instead of a random ``uuid4``: the same frames give
  the same bytes, run after run;
* starts the image on the first frame and gives it an ``alt`` text, so that a reader with no
  JavaScript (or a printed page) sees the first frame.

matplotlib is needed: this module is imported by :mod:`backprop.animation`, which the package
loads on first use.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tempfile
from pathlib import Path

from matplotlib import animation as mpl_animation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ._validation import check_scalar

DPI = 80

# The player's buttons: Font Awesome class -> a symbol every common font has.
_ICONS = {"fa fa-minus": "\u2212", "fa fa-fast-backward": "\u21e4", "fa fa-step-backward": "\u2039",
          "fa fa-play fa-flip-horizontal": "\u25c0", "fa fa-pause": "\u275a\u275a",
          "fa fa-play": "\u25b6", "fa fa-step-forward": "\u203a", "fa fa-fast-forward": "\u21e5",
          "fa fa-plus": "+"}
_FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,([^"]*)"')
PALETTE = 128   # colours per frame: a palette PNG is about 5 times smaller than matplotlib's RGBA one
_CDN_LINK = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">\s*')


class HTMLAnimation:
    """An animation as self-contained HTML; Jupyter displays it (``_repr_html_``).

    Attributes
    ----------
    html : str
        The player and its frames: no external file, no network.
    frames : tuple of bytes
        The PNG image of each frame.
    notes : tuple of str
        One line per frame saying what it shows (the R line, or the iteration and the loss).
    width, height : int
        Size of a frame in pixels.
    """

    def __init__(self, html: str, frames: tuple[bytes, ...], notes: tuple[str, ...], width: int, height: int):
        self.html, self.frames, self.notes = html, frames, notes
        self.width, self.height = width, height

    @property
    def n_frames(self) -> int:
        return len(self.frames)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<HTMLAnimation: {self.n_frames} frames of {self.width} x {self.height} px>"

    def save(self, path) -> Path:
        """Write a standalone HTML page holding the animation; returns its path."""
        path = Path(path)
        path.write_text(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
                        f"{self.html}\n</body></html>\n", encoding="utf-8")
        return path


def to_html_animation(fig: Figure, draw_frame, n_frames: int, *, notes, alt: str,
                      interval: int = 1000) -> HTMLAnimation:
    """Record ``draw_frame(k)`` for ``k = 0 .. n_frames-1`` on ``fig`` as an :class:`HTMLAnimation`.

    ``interval`` is the time between frames when playing, in milliseconds; the player starts
    paused on the first frame and plays once ("Once" selected).
    """
    check_scalar(n_frames, "n_frames", minimum=1, integer=True)
    check_scalar(interval, "interval", minimum=1, integer=True)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty string: the text a reader sees instead of the animation")
    FigureCanvasAgg(fig)
    # matplotlib's MovieWriter protocol, as FuncAnimation.save drives it, minus the redraw of the
    # screen canvas between frames (each frame is drawn once, by savefig).
    writer = mpl_animation.HTMLWriter(fps=1000 / interval, embed_frames=True, default_mode="once")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "animation.html")
        with writer.saving(fig, str(out), dpi=DPI):
            for k in range(n_frames):
                draw_frame(k)
                # No "Software: Matplotlib version ..." chunk in the PNGs: the bytes do not depend on it.
                writer.grab_frame(metadata={"Software": None})
        html = out.read_text(encoding="utf-8")
    found = _FRAME.findall(html)
    if [int(i) for i, _ in found] != list(range(n_frames)):
        raise RuntimeError(f"matplotlib's HTML export changed: expected {n_frames} embedded frames")
    frames = tuple(_palette_png(base64.b64decode(data.replace("\\\n", ""))) for _, data in found)
    html = _FRAME.sub(lambda m: f'frames[{m.group(1)}] = "data:image/png;base64,'
                      f'{base64.b64encode(frames[int(m.group(1))]).decode("ascii")}"', html)
    width, height = (int(round(v * DPI)) for v in fig.get_size_inches())
    return HTMLAnimation(_make_offline(html, frames, alt), frames, tuple(notes), width, height)


def _palette_png(png: bytes) -> bytes:
    """``png`` with at most :data:`PALETTE` colours (no dithering): same look, a fraction of the bytes."""
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB").quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE,
                                              dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _make_offline(html: str, frames: tuple[bytes, ...], alt: str) -> str:
    """Matplotlib's export with no CDN, a reproducible id, a first frame and an alt text."""
    html = _CDN_LINK.sub("", html)
    for icon, symbol in _ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', f'<span aria-hidden="true">{symbol}</span>')
    if "<i class=" in html or re.search(r"\bhttps?://", html):
        raise RuntimeError("matplotlib's HTML export changed: it still refers to an icon font or a URL")
    ids = set(re.findall(r'id="_anim_img([0-9a-f]{32})"', html))
    if len(ids) != 1:
        raise RuntimeError("matplotlib's HTML export changed: no single animation id found")
    (old_id,) = ids
    digest = hashlib.sha256(b"".join(hashlib.sha256(f).digest() for f in frames) + alt.encode())
    html = html.replace(old_id, "bp" + digest.hexdigest()[:16])
    first = "data:image/png;base64," + base64.b64encode(frames[0]).decode("ascii")
    safe_alt = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return re.sub(r'<img id="(_anim_imgbp[0-9a-f]+)">', lambda m: f'<img id="{m.group(1)}" alt="{safe_alt}" '
                  f'src="{first}" style="max-width: 100%; height: auto;">', html, count=1)
