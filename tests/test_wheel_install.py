"""The course as a pip user gets it: the wheel, installed outside the repository, runs every notebook.

What a learner on JupyterHub or Colab does, checked end to end:

1. copy the files git tracks (no untracked or ignored file: no ``.venv``, no ``build/``) into a
   temporary folder and build the wheel there (``pip wheel --no-deps``, isolated build);
2. create a fresh virtual environment and install the wheel into it, with its declared runtime
   dependencies and only what executes notebooks (``nbclient``, ``ipykernel``, ``nbformat``);
3. copy ``notebooks/`` to another temporary folder and execute every notebook there, in that
   environment's kernel, with ``PYTHONPATH`` cleared: ``backprop`` can only come from the wheel.

pip's cache is used, so after the first run this needs no network for the wheels it has seen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTEBOOK_RUNNER = ["nbclient", "ipykernel", "nbformat"]
# Executes one notebook with the environment's own kernel; prints the error of the first
# failing cell and exits 1 when a cell fails.
RUN_NOTEBOOK = r"""
import sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
try:
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": sys.argv[2]}}).execute()
except CellExecutionError as error:
    print(str(error)[-3000:])
    sys.exit(1)
"""
# The kernel must import backprop from the wheel installed in the environment.
WHERE_IS_BACKPROP = "import backprop, sys; print(backprop.__file__); print(sys.prefix)"


def _clean_env(venv_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "JUPYTER_PATH"}}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0",
               PATH=f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               # the environment's own kernelspec before any in the user's or the system's folders
               JUPYTER_PREFER_ENV_PATH="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, (f"{' '.join(map(str, cmd))} failed:\n{result.stdout[-3000:]}\n"
                                    f"{result.stderr[-3000:]}")
    return result


def tracked_files(root: Path) -> list[Path]:
    """The files git tracks in ``root`` (as they are in the working tree), relative paths."""
    git = shutil.which("git")
    assert git, "git is needed to copy only the tracked files of the repository"
    out = _run([git, "-C", root, "ls-files", "-z", "--cached"]).stdout
    return [Path(p) for p in out.split("\0") if p and (root / p).is_file()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv holding only the wheel and its runtime deps + a notebook runner, env)."""
    base = tmp_path_factory.mktemp("wheel")
    source, wheels, venv_dir = base / "source", base / "wheels", base / "venv"
    for rel in tracked_files(ROOT):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, source / rel)
    env = _clean_env(venv_dir)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, source],
         env=env, timeout=600)
    (wheel,) = wheels.glob("backprop-*.whl")
    venv.EnvBuilder(with_pip=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", wheel, *NOTEBOOK_RUNNER], env=env, timeout=900)
    _run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], env=env)
    return python, env


def test_the_wheel_holds_the_package_and_not_the_repository(installed, tmp_path):
    python, env = installed
    code = "import importlib.metadata as m; print('\\n'.join(str(f) for f in m.files('backprop')))"
    files = _run([python, "-c", code], env=env, cwd=tmp_path).stdout.split()
    assert any(f == "backprop/__init__.py" for f in files)
    assert not [f for f in files if f.startswith(("tests/", "notebooks/", "docs/"))]


def test_the_kernel_imports_backprop_from_the_installed_wheel(installed, tmp_path):
    python, env = installed
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "where", "metadata": {},
                     "outputs": [], "source": WHERE_IS_BACKPROP}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "where.ipynb"
    path.write_text(json.dumps(nb))
    script = RUN_NOTEBOOK + "\nnbformat.write(nb, path)\n"
    _run([python, "-c", script, path, tmp_path], env=env, cwd=tmp_path, timeout=300)
    text = json.loads(path.read_text())["cells"][0]["outputs"][0]["text"]
    module_file, prefix = (text if isinstance(text, str) else "".join(text)).split()
    venv_dir = python.parent.parent
    assert Path(prefix).resolve() == venv_dir.resolve()
    assert Path(module_file).resolve().is_relative_to(venv_dir.resolve())
    assert "site-packages" in Path(module_file).parts


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_runs_from_a_folder_outside_the_repository(installed, tmp_path_factory, notebook):
    python, env = installed
    folder = tmp_path_factory.mktemp("notebooks")
    # the whole folder, as a learner downloads it (images or files beside the chapters included)
    shutil.copytree(ROOT / "notebooks", folder, dirs_exist_ok=True)
    assert not folder.resolve().is_relative_to(ROOT)
    result = subprocess.run([str(python), "-c", RUN_NOTEBOOK, str(folder / notebook.name), str(folder)],
                            capture_output=True, text=True, env=env, cwd=folder, timeout=900, check=False)
    assert result.returncode == 0, (f"{notebook.name} failed outside the repository:\n{result.stdout}\n"
                                    f"{result.stderr[-2000:]}")


def test_there_are_notebooks_to_run():
    assert len(NOTEBOOKS) >= 11
