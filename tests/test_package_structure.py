"""The package's shape: no import cycle, a dependency-free _validation, a light import."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "backprop"


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """The package modules that ``path`` imports at module level (``from . import x`` included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:  # module level only: lazy imports are not edges
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[:len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("backprop"):
            candidates = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names if a.name.startswith("backprop")]
        else:
            continue
        found |= {c for c in candidates if c in MODULES and c != name}
    return found


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_the_import_graph_has_no_cycle():
    done, stack = set(), []

    def visit(name):
        if name in stack:
            raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(name):] + [name]))
        if name in done:
            return
        stack.append(name)
        for dep in sorted(GRAPH[name]):
            if dep != name.rpartition(".")[0]:  # a submodule importing its own package's __init__
                visit(dep)
        stack.pop()
        done.add(name)

    for name in sorted(GRAPH):
        visit(name)
    assert {"backprop.model", "backprop.layers"} <= GRAPH["backprop.training"]  # the graph is not empty


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
