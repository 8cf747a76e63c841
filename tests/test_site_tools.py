"""The website's build helpers (docs/_ext/backprop_site.py), without building or browsing."""

from __future__ import annotations

import os
import pkgutil
import re
import sys
from pathlib import Path

import backprop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from backprop_site import api_rst, sync_notebooks  # noqa: E402


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_sync_copies_chapters_and_their_images_only(tmp_path):
    src, dst = tmp_path / "notebooks", tmp_path / "docs" / "chapters"
    for name in ["01-overview.ipynb", "01b-extra.ipynb", "11-last-one.ipynb", "figures/net.png",
                 "scratch.ipynb", "README.md", ".ipynb_checkpoints/01-overview-checkpoint.ipynb",
                 "data/iris.csv"]:
        _write(src / name, name)
    sync_notebooks(src, dst)
    assert _files(dst) == {"01-overview.ipynb", "01b-extra.ipynb", "11-last-one.ipynb",
                           "figures/net.png"}
    assert (dst / "figures/net.png").read_text() == "figures/net.png"


def test_sync_removes_what_is_gone_and_keeps_what_is_unchanged(tmp_path):
    src, dst = tmp_path / "notebooks", tmp_path / "chapters"
    kept = _write(src / "01-a.ipynb", "a")
    changed = _write(src / "02-b.ipynb", "b")
    gone = _write(src / "03-c.ipynb", "c")
    _write(src / "img/x.png", "x")
    sync_notebooks(src, dst)
    old = 1_000_000_000
    os.utime(dst / "01-a.ipynb", (old, old))  # as if copied long ago: must not be recopied

    changed.write_text("b, edited")
    gone.unlink()
    (src / "img/x.png").unlink()
    sync_notebooks(src, dst)

    assert _files(dst) == {"01-a.ipynb", "02-b.ipynb"}
    assert not (dst / "img").exists()
    assert (dst / "02-b.ipynb").read_text() == "b, edited"
    assert (dst / "01-a.ipynb").stat().st_mtime == old
    assert kept.read_text() == "a"


def test_api_reference_documents_every_public_name_once_under_its_public_path():
    text = api_rst("backprop")
    documented = re.findall(r"^\.\. auto(?:function|class):: (\w+)$", text, flags=re.M)
    assert sorted(documented) == sorted(backprop.__all__)
    modules = re.findall(r"^\.\. automodule:: ([\w.]+)$", text, flags=re.M)
    public = {m.name for m in pkgutil.walk_packages(backprop.__path__, "backprop.")
              if "._" not in m.name}
    assert set(modules) == public and len(modules) == len(public)
    assert modules.index("backprop.layers") < modules.index("backprop.training")
