"""The package's shape, as ``ARCHITECTURE.md`` describes it.

The layers and which may import which are read from the table in ``ARCHITECTURE.md`` (section
"Layers"), so the page cannot drift from the code: every module belongs to one layer, imports
only from its own layer and the layers its row names (function-level imports count too), and the
import graph has no cycle. Also: every module imports, ``_validation`` depends on nothing,
``import backprop`` loads neither scikit-learn nor matplotlib.
"""

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backprop"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _ancestors(name):
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _imports(path, *, everywhere=True):
    """The package modules that ``path`` imports, at module level and (``everywhere``) inside functions.

    ``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``.
    Edges to the module's own parent packages are left out: Python runs them before it anyway.
    """
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    found = set()
    for node in (ast.walk(tree) if everywhere else tree.body):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "backprop":
                found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "backprop"}
    return found - {name} - _ancestors(name)


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _layer_table():
    """``{layer: (module names, layers it may import)}`` from ARCHITECTURE.md's table of layers."""
    text = ARCHITECTURE.read_text()
    section = text[text.index("## Layers"):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in {"layer", ""} or set(cells[0]) <= {"-", " "}:
            continue
        layer, modules, may_import, _ = cells
        names = {"backprop" if m == "__init__" else f"backprop.{m}" for m in re.findall(r"`([\w.]+)`", modules)}
        allowed = set() if may_import in {"—", "-", "nothing"} else {a.strip() for a in may_import.split(",")}
        table[layer] = (names, allowed)
    return table


LAYERS = _layer_table()


def layer_of(module):
    """The layer whose most specific entry names ``module`` or one of its parent packages."""
    best = None
    for layer, (names, _) in LAYERS.items():
        for entry in names:
            if (module == entry or module.startswith(entry + ".")) and (entry != "backprop" or module == "backprop"):
                if best is None or len(entry) > len(best[1]):
                    best = (layer, entry)
    return best[0] if best else None


def test_the_table_of_layers_is_read():
    assert {"foundation", "core", "side models", "reproductions", "figures", "feedback engine", "questions",
            "checkers", "grading", "the package"} <= set(LAYERS)
    for layer, (_, allowed) in LAYERS.items():
        assert allowed <= set(LAYERS), f"{layer} may import an unknown layer: {allowed - set(LAYERS)}"


def test_every_module_belongs_to_a_layer():
    assert {name: layer_of(name) for name in MODULES if layer_of(name) is None} == {}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_from_its_layer_and_the_layers_it_may_import(name):
    layer = layer_of(name)
    assert layer is not None, f"{name} is in no layer of ARCHITECTURE.md"
    allowed = LAYERS[layer][1] | {layer}
    wrong = {dep: layer_of(dep) for dep in sorted(GRAPH[name]) if layer_of(dep) not in allowed}
    assert wrong == {}, f"{name} ({layer}) may import only from {sorted(allowed)}; it imports {wrong}"


def _find_cycle(graph):
    done, stack = set(), []

    def visit(name):
        if name in stack:
            return stack[stack.index(name):] + [name]
        if name in done:
            return None
        stack.append(name)
        for dep in sorted(graph[name]):
            cycle = visit(dep)
            if cycle:
                return cycle
        stack.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        cycle = visit(name)
        if cycle:
            return cycle
    return None


def test_the_import_graph_has_no_cycle():
    """Function-level imports count: a cycle through them is still two modules that need each other."""
    cycle = _find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)
    assert {"backprop.model", "backprop.layers"} <= GRAPH["backprop.training"]  # the graph is not empty
    # the capstone's engine and its slip table (once a cycle) now import one way only
    assert "backprop.exercises._capstone_slips" in GRAPH["backprop.exercises.capstone"]
    assert "backprop.exercises.capstone" not in GRAPH["backprop.exercises._capstone_slips"]


def test_the_cycle_finder_finds_a_cycle():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_module_imports():
    for name in sorted(MODULES):
        importlib.import_module(name)


def test_validation_depends_on_nothing_in_the_package():
    assert GRAPH["backprop._validation"] == set()


def test_training_uses_no_private_name_of_another_module():
    tree = ast.parse(MODULES["backprop.training"].read_text())
    private = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for a in node.names if a.name.startswith("_")]
    assert private == []


def test_import_backprop_loads_neither_scikit_learn_nor_matplotlib():
    code = ("import sys, backprop as bp; heavy = sorted(m for m in ('sklearn', 'matplotlib', 'scipy') "
            "if m in sys.modules); print(heavy); bp.sklearn_parity.sklearn_steps; bp.plotting.new_axes; "
            "print(sorted(m for m in ('sklearn', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent, env={"PYTHONPATH": str(PACKAGE.parent), "MPLBACKEND": "Agg"})
    assert out.stdout.split("\n")[:2] == ["[]", "['matplotlib', 'sklearn']"]


def test_the_package_imports_nothing_of_the_repository_outside_it():
    """tools/, docs/_ext and tests/ may import backprop, never the other way round."""
    outside = {p.stem for folder in ("tools", "docs/_ext", "tests", "benchmarks") for p in (ROOT / folder).glob("*.py")}
    outside |= {"tools", "docs", "tests", "benchmarks"}
    found = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                tops = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = {(node.module or "").split(".")[0]}
            else:
                continue
            if tops & outside:
                found[name] = sorted(tops & outside)
    assert found == {}


# --------------------------------------------------------------------------- argument order

#: The training loops: data first, then the starting parameters (ARCHITECTURE.md, "Argument order").
TRAINING_LOOPS = {"training.train", "linear.train", "reference.train", "sklearn_parity.sklearn_steps",
                  "animation.animate_training"}


def _public_functions(prefixes_left_out=("backprop.exercises", "backprop.grade")):
    import inspect
    for name in sorted(MODULES):
        if name.startswith(prefixes_left_out) or any(part.startswith("_") for part in name.split(".")):
            continue
        module = importlib.import_module(name)
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if not fname.startswith("_") and fn.__module__ == name:
                positional = [p.name for p in inspect.signature(fn).parameters.values()
                              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                yield f"{name.removeprefix('backprop.')}.{fname}", positional


def test_the_training_loops_are_named_in_architecture_md():
    text = ARCHITECTURE.read_text()
    section = text[text.index("## Argument order"):text.index("## Where a new chapter")]
    assert all(f"`{name}`" in section for name in TRAINING_LOOPS), TRAINING_LOOPS
    found = {name for name, _ in _public_functions()}
    assert TRAINING_LOOPS <= found


def test_every_public_function_takes_the_network_first_and_a_training_loop_the_data_first():
    wrong = {}
    for name, args in _public_functions():
        if name in TRAINING_LOOPS:
            if args[:3] != ["X", "y", "params"]:
                wrong[name] = args
            continue
        network = next((a for a in ("params", "weights") if a in args), None)
        if network and "X" in args and not args.index(network) < args.index("X"):
            wrong[name] = args
        if "X" in args and "y" in args and not args.index("X") < args.index("y"):
            wrong[name] = args
    assert wrong == {}, f"not in the order of ARCHITECTURE.md: {wrong}"
    assert sum(1 for _ in _public_functions()) > 50


def test_every_checker_takes_the_learners_answer_first():
    import inspect
    import pkgutil

    import backprop.exercises
    firsts = {}
    for info in pkgutil.iter_modules(backprop.exercises.__path__):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"backprop.exercises.{info.name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fname.startswith("check_") and fn.__module__ == module.__name__:
                firsts[f"{info.name}.{fname}"] = next(iter(inspect.signature(fn).parameters))
    assert len(firsts) > 30
    assert {name: first for name, first in firsts.items() if first not in {"answer", "fn"}} == {}


# --------------------------------------------------------------------------- one version number

def test_the_version_is_written_once_in_backprop_init():
    import backprop
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "backprop.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", backprop.__version__)
    assert (PACKAGE / "__init__.py").read_text().count(backprop.__version__) == 1
