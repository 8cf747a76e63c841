"""The test tiers hold together: what CI runs, what each make target selects, and the lists in
``tests/conftest.py`` that decide it (README.md, "Tests")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import conftest

ROOT = Path(__file__).resolve().parent.parent


def _recipe(target: str) -> str:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert match, f"no target {target} in the Makefile"
    return match.group(1)


def test_ci_runs_the_fast_tier_then_the_slow_tier_then_the_oldest_versions():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in lines
    assert [line for line in lines if line.startswith("make")] == [
        "make test", "make test-slow", "make matrix NOX_SESSIONS=oldest"]


def test_each_make_target_selects_its_tier():
    variables = (ROOT / "Makefile").read_text()
    assert re.search(r"^PYTEST\s*:=.*-n 2 --dist loadscope --no-loadscope-reorder", variables, re.M)
    assert '-m "not slow"' in _recipe("test") and "$(NBVAL)" in _recipe("test") and "notebooks" in _recipe("test")
    assert "-m slow" in _recipe("test-slow")
    assert '-m "not slow and not artefact"' in _recipe("unit") and "NBVAL" not in _recipe("unit")


def test_the_lists_of_conftest_name_files_that_exist():
    tests = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    for name in (*conftest.ARTEFACT_MODULES, *conftest.SLOW_MODULES):
        assert name in tests, f"tests/conftest.py names {name}, which is not in tests/"
    for path in conftest.LONGEST_FIRST:
        assert (ROOT / path).is_file(), f"tests/conftest.py LONGEST_FIRST names {path}, which does not exist"


def test_a_run_in_which_no_test_passed_fails(tmp_path):
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_only_skips.py").write_text("import pytest\n\n\ndef test_skipped():\n    pytest.skip('no')\n")
    (tmp_path / "test_one_passes.py").write_text("def test_passes():\n    pass\n")

    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")   # nbval alone takes 2 s to import

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--rootdir",
                               str(tmp_path), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                              check=False)

    skipped = run("test_only_skips.py")
    assert skipped.returncode == 5 and "no test passed" in skipped.stdout, skipped.stdout
    assert run("test_only_skips.py", "test_one_passes.py").returncode == 0
