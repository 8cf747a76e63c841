"""The course on another CPU: every stored output and assertion survives other last bits (issue 17).

Another CPU makes OpenBLAS pick another kernel, which sums each dot product in another order; the
last bits differ, and long training runs amplify them into printed digits. CI runs on the machine
that wrote the outputs and cannot see that, so the slow tests here emulate another CPU: they re-run
every notebook, compared with its stored outputs by nbval with the project's sanitize config, and
the tests of long runs, with ``BACKPROP_PERTURB_ARITHMETIC=einsum`` (``backprop/_arithmetic.py``:
the package's products summed by ``numpy.einsum``'s own loop). ``OPENBLAS_CORETYPE`` is neither
set nor changed. The fast tests check the switch itself. Policy: ``CONTRIBUTING.md``,
"Floating-point policy".

    pytest -m slow tests/test_perturbed_arithmetic.py      # the guard (a few minutes)
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop import _arithmetic, layers, spiral

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Test files whose results come from long training runs, or compare two programs that sum in
#: different orders (the helper and R, the helper and its plain-numpy reference, scikit-learn).
LONG_RUN_TESTS = ["test_linear.py", "test_rcompat.py", "test_training.py", "test_sklearn_parity.py",
                  "test_divergence.py", "test_model.py", "test_layers.py", "test_exercises_ch09.py",
                  "test_questions_ch08.py", "test_questions_ch09.py", "test_questions_ch10.py",
                  "test_questions_ch14.py", "test_questions_ch15.py"]


# ------------------------------------------------------------------------- the switch itself

def test_the_package_computes_its_products_with_the_switchs_functions():
    assert _arithmetic.MODE == os.environ.get(_arithmetic.ENVIRONMENT_VARIABLE, "")
    assert layers.dot is _arithmetic.dot and layers.vdot is _arithmetic.vdot and spiral.dot is _arithmetic.dot
    assert _arithmetic.products("") == (np.dot, np.vdot)      # off: numpy's own functions, no wrapper


@pytest.mark.parametrize("shapes", [((300, 2), (2, 100)), ((100, 300), (300, 3)), ((300,), (300, 100)),
                                    ((300, 100), (100,)), ((300,), (300,))])
def test_einsum_sums_the_same_products_in_another_order(shapes):
    """The same numbers to rounding, but not the same bits: otherwise the guard would perturb nothing."""
    dot, _ = _arithmetic.products("einsum")
    rng = np.random.default_rng(17)
    a, b = (rng.standard_normal(shape) for shape in shapes)
    expected = np.dot(a, b)
    got = dot(a, b)
    assert got.shape == expected.shape
    scale = np.dot(np.abs(a), np.abs(b))        # a sum of n products is within n eps sum|a_i b_i| of exact
    assert np.all(np.abs(got - expected) <= 300 * np.finfo(float).eps * scale)
    if a.ndim == 2 and b.ndim == 2 and a.shape[1] >= 100:   # a sum of 2 terms may round alike (numpy 1.26)
        assert np.any(got != expected)
    if expected.ndim:                            # out= as the layers pass it
        out = np.empty_like(expected)
        assert dot(a, b, out=out) is out and np.array_equal(out, got)


def test_einsum_transposed_operands_and_vdot():
    dot, vdot = _arithmetic.products("einsum")
    rng = np.random.default_rng(3)
    h, delta, W = rng.standard_normal((75, 10)), rng.standard_normal((75, 3)), rng.standard_normal((10, 3))
    np.testing.assert_allclose(dot(h.T, delta), h.T @ delta, rtol=1e-13, atol=1e-13)   # weight_gradient
    np.testing.assert_allclose(dot(delta, W.T), delta @ W.T, rtol=1e-13, atol=1e-13)   # input_gradient
    assert vdot(W, W) == pytest.approx(np.vdot(W, W), rel=1e-14)


def test_an_unknown_mode_is_refused_with_the_variables_name():
    with pytest.raises(ValueError, match=r"^BACKPROP_PERTURB_ARITHMETIC must be unset, empty or 'einsum'"):
        _arithmetic.products("fma")


# ------------------------------------------------------------------------ the guard (slow)

def _perturbed_env() -> dict:
    """The tests' deterministic environment with the switch on (OPENBLAS_CORETYPE left as it is)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONHASHSEED="0", **{_arithmetic.ENVIRONMENT_VARIABLE: "einsum"})
    env.pop("MPLBACKEND", None)
    return env


def _pytest_under_the_switch(*args: str) -> None:
    """Run pytest in a fresh interpreter with the switch on; fail with its report if it fails."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q",
                             "--color=no", *args], cwd=ROOT, env=_perturbed_env(), capture_output=True,
                            text=True, timeout=1200)
    if result.returncode != 0:
        report = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)   # nbval colours its diffs
        pytest.fail(f"fails with BACKPROP_PERTURB_ARITHMETIC=einsum (as on another CPU):\n{report}",
                    pytrace=False)


@pytest.mark.slow
def test_the_switch_reaches_a_fresh_interpreter():
    """The guard is only worth its time if the notebooks' kernels really compute with the switch on."""
    code = ("import numpy as np, backprop as bp\n"
            "a, b = np.random.default_rng(0).standard_normal((2, 300, 300))\n"
            "print(bp._arithmetic.MODE, bool((bp.layers.dot(a, b) != a @ b).any()))\n")
    out = subprocess.run([sys.executable, "-c", code], env=_perturbed_env(), capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["einsum", "True"]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_matches_its_stored_outputs_under_perturbed_arithmetic(notebook):
    _pytest_under_the_switch("--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
                             str(notebook.relative_to(ROOT)))


@pytest.mark.slow
def test_long_run_tests_pass_under_perturbed_arithmetic():
    _pytest_under_the_switch(*(f"tests/{name}" for name in LONG_RUN_TESTS))   # slow ones too: they are long runs
