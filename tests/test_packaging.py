"""pyproject.toml and environment.yml list the same dependencies; the README's commands are the CI's."""

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (the dev extra installs it there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _requirement(line):
    """(name, version specifier) of a requirement; an environment marker (``; python_version...``)
    is dropped, since conda has none: the conda environment lists such a package unconditionally."""
    name, spec = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", line.split(";")[0]).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _conda_dependencies():
    deps, in_deps = set(), False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
        elif in_deps and re.match(r"^  - [^#]", line) and not line.strip().endswith(":"):
            deps.add(_requirement(line.strip()[2:]))
        elif in_deps and re.match(r"^\S", line):
            in_deps = False
    return deps


def test_environment_yml_matches_pyproject():
    project = _pyproject()
    wanted = {_requirement(r) for r in project["dependencies"]}
    for extra in ("dev", "docs"):
        wanted |= {_requirement(r) for r in project["optional-dependencies"][extra]}
    wanted |= {("python", project["requires-python"]), ("pip", "")}
    assert _conda_dependencies() == wanted


def test_environment_yml_installs_the_package_and_uses_conda_forge():
    text = (ROOT / "environment.yml").read_text()
    assert "- conda-forge" in text and re.search(r"- pip:\n\s+- -e \.", text)


def test_readme_gives_the_two_commands_first_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^\s*(make \w+)\s*$", readme, re.M)
    assert commands[:2] == ["make docs", "make test"]
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_licences_are_present_and_named_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert "MIT" in (ROOT / "LICENSE").read_text() and "CC BY 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "MIT" in readme and "CC BY 4.0" in readme
