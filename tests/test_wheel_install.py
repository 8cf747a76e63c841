"""The course as a pip user gets it: the wheel, installed outside the repository, runs every notebook.

What a learner on JupyterHub or Colab does, checked end to end:

1. copy the files git tracks (no untracked or ignored file: no ``.venv``, no ``build/``) into a
   temporary folder and build the wheel there (``pip wheel --no-deps``, isolated build);
2. create a fresh virtual environment and install the wheel into it, with its declared runtime
   dependencies and only what executes notebooks (``nbclient``, ``ipykernel``, ``nbformat``),
   resolved by pip from the wheel's metadata;
3. copy ``notebooks/`` to another temporary folder and execute a notebook there, in that
   environment's kernel, with ``PYTHONPATH`` cleared: ``backprop`` can only come from the wheel.

``make test`` runs one chapter that way (02: the R reference run and iris, both package data, a
figure and the exercises), and imports every module of the installed package (the lazily loaded
ones too: matplotlib and scikit-learn must be among the declared dependencies) and reads every data
file it ships; the other chapters already run in ``make test``, under nbval, and what can differ
outside the repository is what those two tests check. The slow tier (``make test-slow``) runs
every chapter from the wheel.

pip's cache is used, so after the first run this needs no network for the wheels it has seen.
"""

from __future__ import annotations

import importlib.metadata
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
#: The chapter run from the wheel in ``make test``: it reads both data files (iris, the R run).
ONE_CHAPTER = ROOT / "notebooks" / "02-from-r-to-python.ipynb"
#: Imports every module of the installed package and reads every data file it ships; prints one
#: JSON line: where each module came from, and the data files' contents.
IMPORT_EVERYTHING = r"""
import importlib, importlib.metadata, importlib.util, json, sys
from importlib import resources
import backprop as bp
modules = sorted(f.as_posix()[:-3].replace("/", ".").removesuffix(".__init__")
                 for f in importlib.metadata.files("backprop") if f.suffix == ".py" and f.parts[0] == "backprop")
files = {name: importlib.import_module(name).__file__ for name in modules if not name.endswith("__main__")}
lazy = {name: getattr(bp, name).__name__ for name in bp._LAZY_MODULES}
data = {p.name: p.read_text(encoding="utf-8") for p in resources.files("backprop").joinpath("_resources").iterdir()
        if p.is_file()}
X, y, _, classes = bp.load_iris_data()
ref = bp.rcompat.load_r_reference()
undeclared = [name for name in ("pytest", "hypothesis", "sphinx") if importlib.util.find_spec(name)]
print(json.dumps({"files": files, "lazy": lazy, "data": data, "iris": [list(X.shape), len(set(y.tolist())), classes],
                  "r_losses": len(ref.losses), "undeclared": undeclared}))
"""
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
def wheel(tmp_path_factory) -> Path:
    """The wheel, built in isolation from a copy of the files git tracks."""
    base = tmp_path_factory.mktemp("wheel")
    source, wheels = base / "source", base / "wheels"
    for rel in tracked_files(ROOT):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, source / rel)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, source],
         env=_clean_env(base / "no-venv"), timeout=600)
    (built,) = wheels.glob("backprop-*.whl")
    return built


def _fresh_venv_with_the_wheel(wheel: Path, venv_dir: Path, *pip_args: str) -> tuple[Path, dict]:
    # No pip inside: this interpreter's pip installs into it (--python), without compiling every
    # installed module to bytecode first (the kernel compiles what it imports).
    venv.EnvBuilder(with_pip=False).create(venv_dir)
    python, env = venv_dir / "bin" / "python", _clean_env(venv_dir)
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", *pip_args, wheel],
         env=env, timeout=900)
    return python, env


def _closure(requirements: list[str]) -> set[str]:
    """The distributions ``requirements`` need, transitively, as their metadata declare them."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    seen, todo = set(), list(requirements)
    while todo:
        req = Requirement(todo.pop())
        if req.marker and not req.marker.evaluate(dict(default_environment(), extra="")):
            continue
        if canonicalize_name(req.name) not in seen:
            seen.add(canonicalize_name(req.name))
            todo += importlib.metadata.distribution(req.name).requires or []
    return seen


@pytest.fixture(scope="module")
def linked(wheel, tmp_path_factory):
    """(python, env) of a fresh venv holding the wheel (installed by pip, without dependencies) and,
    linked from this environment, exactly the distributions its declared requirements and the
    notebook runner need: every one of their files, nothing else. Seconds, where installing the
    same dependencies takes 20-30 s; ``installed`` (the slow tier) lets pip resolve them."""
    venv_dir = tmp_path_factory.mktemp("linked") / "venv"
    python, env = _fresh_venv_with_the_wheel(wheel, venv_dir, "--no-deps")
    code = "import importlib.metadata as m, json, sysconfig; " \
           "print(json.dumps([m.requires('backprop') or [], sysconfig.get_paths()['purelib']]))"
    declared, target = json.loads(_run([python, "-c", code], env=env).stdout)
    target = Path(target)
    names = _closure(declared + NOTEBOOK_RUNNER) - {"backprop"}
    for name in sorted(names):
        dist = importlib.metadata.distribution(name)
        site = Path(dist.locate_file(""))
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}  # .dist-info too
        for top in tops:
            if (site / top).exists() and not (target / top).exists():
                (target / top).symlink_to(site / top)
    _run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], env=env)
    return python, env


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """(python, env) of a fresh venv where pip installed the wheel with its runtime dependencies and
    only a notebook runner, as a learner does."""
    python, env = _fresh_venv_with_the_wheel(wheel, tmp_path_factory.mktemp("installed") / "venv",
                                             *NOTEBOOK_RUNNER)
    _run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], env=env)
    return python, env


def test_the_wheel_holds_the_package_and_not_the_repository(linked, tmp_path):
    python, env = linked
    code = "import importlib.metadata as m; print('\\n'.join(str(f) for f in m.files('backprop')))"
    files = _run([python, "-c", code], env=env, cwd=tmp_path).stdout.split()
    assert any(f == "backprop/__init__.py" for f in files)
    assert not [f for f in files if f.startswith(("tests/", "notebooks/", "docs/"))]


def test_every_module_and_every_data_file_loads_from_the_installed_wheel(linked, tmp_path):
    python, env = linked
    got = json.loads(_run([python, "-c", IMPORT_EVERYTHING], env=env, cwd=tmp_path, timeout=300).stdout)
    in_repository = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for p in (ROOT / "backprop").rglob("*.py")} - {"backprop.grade.__main__"}
    assert set(got["files"]) == in_repository
    venv_dir = python.parent.parent.resolve()
    outside = {name: f for name, f in got["files"].items() if not Path(f).resolve().is_relative_to(venv_dir)}
    assert outside == {}, f"modules not imported from the wheel: {outside}"
    assert got["lazy"] == {name: f"backprop.{name}" for name in got["lazy"]} and len(got["lazy"]) >= 4
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "backprop" / "_resources").iterdir()
               if p.is_file()}
    assert got["data"] == shipped and len(shipped) >= 2
    assert got["iris"] == [[150, 4], 3, ["setosa", "versicolor", "virginica"]]
    assert got["r_losses"] >= 2000
    assert got["undeclared"] == []   # only what the wheel declares (and the notebook runner) is there


def _run_outside(installed, folder: Path, notebook: Path, *extra_cells: str) -> subprocess.CompletedProcess:
    """Execute ``notebook`` (with ``extra_cells`` appended) from a copy of ``notebooks/`` in ``folder``."""
    python, env = installed
    # the whole folder, as a learner downloads it (images or files beside the chapters included)
    shutil.copytree(ROOT / "notebooks", folder, dirs_exist_ok=True)
    assert not folder.resolve().is_relative_to(ROOT)
    path = folder / notebook.name
    if extra_cells:
        nb = json.loads(path.read_text())
        nb["cells"] += [{"cell_type": "code", "execution_count": None, "id": f"extra-{i}", "metadata": {},
                         "outputs": [], "source": source} for i, source in enumerate(extra_cells)]
        path.write_text(json.dumps(nb))
    script = RUN_NOTEBOOK + "\nnbformat.write(nb, path)\n"
    result = subprocess.run([str(python), "-c", script, str(path), str(folder)],
                            capture_output=True, text=True, env=env, cwd=folder, timeout=900, check=False)
    assert result.returncode == 0, (f"{notebook.name} failed outside the repository:\n{result.stdout}\n"
                                    f"{result.stderr[-2000:]}")
    return result


def test_a_chapter_runs_outside_the_repository_with_backprop_from_the_wheel(linked, tmp_path):
    folder = tmp_path / "notebooks"
    _run_outside(linked, folder, ONE_CHAPTER, WHERE_IS_BACKPROP)
    last = json.loads((folder / ONE_CHAPTER.name).read_text())["cells"][-1]
    text = last["outputs"][0]["text"]
    module_file, prefix = (text if isinstance(text, str) else "".join(text)).split()
    venv_dir = linked[0].parent.parent
    assert Path(prefix).resolve() == venv_dir.resolve()
    assert Path(module_file).resolve().is_relative_to(venv_dir.resolve())
    assert "site-packages" in Path(module_file).parts


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_runs_from_a_folder_outside_the_repository(installed, tmp_path_factory, notebook):
    _run_outside(installed, tmp_path_factory.mktemp("notebooks"), notebook)


def test_there_are_notebooks_to_run():
    assert len(NOTEBOOKS) >= 11 and ONE_CHAPTER in NOTEBOOKS
