"""The capstone checker (chapter 12): a right backward pass passes, each slip is named with its
line on the R program's batch and on a random network, and nothing a learner can type crashes it."""

import itertools

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import capstone as cap

from _helpers import numpy_reference

SOLUTION = {
    "dscores_minus_1 = None": "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1",
    "dscores = None  ": "dscores = dscores_minus_1 / N",
    "dW2_data = None": "dW2_data = hidden.T @ dscores",
    "db2 = None": "db2 = dscores.sum(axis=0)",
    "dhidden = None": "dhidden = dscores @ W2.T",
    "dz = None": "dz = dhidden.copy(); dz[hidden <= 0] = 0",
    "dW1_data = None": "dW1_data = X.T @ dz",
    "db1 = None": "db1 = dz.sum(axis=0)",
    "dW2 = None": "dW2 = dW2_data + reg * W2",
    "dW1 = None": "dW1 = dW1_data + reg * W1",
}
_counter = itertools.count()


def make_backward(tmp_path, **edits):
    """The template with the solution's lines, then ``edits`` (old text -> new text), as a function
    loaded from a real file (so that tracebacks show its source lines, as in a notebook)."""
    source = cap.template_source()
    for old, new in SOLUTION.items():
        assert old in source
        source = source.replace(old, new)
    for old, new in edits.items():
        assert old in source, old
        source = source.replace(old, new)
    path = tmp_path / f"learner_{next(_counter)}.py"
    path.write_text("import numpy as np\n\n" + source)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace["my_backward"]


@pytest.fixture(scope="module")
def cases():
    return cap.capstone_cases()


def test_cases_have_what_their_labels_promise(cases):
    r_initial, r_trained, dead, square = cases
    run = bp.rcompat.blog_run(train=False)
    assert all(np.array_equal(a, b) for a, b in zip(r_initial.params, run.initial_params, strict=False))
    assert np.array_equal(r_initial.X, run.split.X_train) and r_initial.reg == bp.rcompat.BLOG.reg
    z_r = r_initial.X @ r_initial.params.W1
    assert np.flatnonzero((z_r <= 0).all(axis=0)).tolist() == [0, 3] and not (z_r == 0).any()
    assert np.count_nonzero(r_trained.params.b1) >= 7 and np.all(r_trained.params.b2 != 0)
    z = dead.X @ dead.params.W1 + dead.params.b1
    assert np.flatnonzero((z <= 0).all(axis=0)).tolist() == [1, 4]          # units 2 and 5
    assert np.argwhere(z == 0).tolist() == [[0, 0], [0, 2]]                  # example 1, units 1 and 3
    assert square.params.W2.shape == (3, 3)


def test_reference_is_the_gradient(cases):
    """The checker's own reference agrees with the tests' independent pass and with finite differences."""
    for case in cases:
        r = cap.reference(case.params, case.X, case.y, case.reg)
        other = numpy_reference(case.params, case.X, case.y)
        for key in ("dscores", "dhidden"):
            assert np.allclose(r[key], other[key], rtol=1e-12, atol=1e-18)
        assert np.allclose(r["dW1"], other["grads"]["W1"] + case.reg * case.params.W1, rtol=1e-12, atol=1e-18)
        loss, grads = bp.loss_and_gradients(case.params, case.X, case.y, reg=case.reg)
        assert np.isclose(r["loss"], loss, rtol=1e-13)
        for name in ("W1", "b1", "W2", "b2"):
            key = {"W1": "dW1", "W2": "dW2", "b1": "db1", "b2": "db2"}[name]
            assert np.allclose(r[key], getattr(grads, name), rtol=1e-10, atol=1e-16)
    case = cases[3]                                     # no kink nearby: finite differences apply
    r = cap.reference(case.params, case.X, case.y, case.reg)

    def loss_of(W2):
        return cap.reference(case.params._replace(W2=W2), case.X, case.y, case.reg)["loss"]

    numeric = np.zeros_like(case.params.W2)
    for idx in np.ndindex(numeric.shape):
        step = np.zeros_like(numeric)
        step[idx] = 1e-6
        numeric[idx] = (loss_of(case.params.W2 + step) - loss_of(case.params.W2 - step)) / 2e-6
    assert np.allclose(r["dW2"], numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("edits", [
    {},
    {"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dhidden * (z > 0)"},
    {"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = np.where(z <= 0, 0, dhidden)"},
    {"dW2_data = hidden.T @ dscores": "dW2_data = np.einsum('nh,nk->hk', hidden, dscores)",
     "db1 = dz.sum(axis=0)": "db1 = np.sum(dz, 0)"},
    {"dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1":
     "dscores_minus_1 = probs - np.eye(W2.shape[1])[y]"},
], ids=["solution", "mask-z", "where-z", "einsum", "one-hot"])
def test_right_implementations_pass(tmp_path, cases, edits):
    feedback = cap.check_backward(make_backward(tmp_path, **edits), cases)
    assert feedback.correct, feedback.message
    assert "All eleven lines are right" in feedback.message


# slip -> edits, line, words the message must contain; then the R-batch case and random case it shows on
SLIPS = {
    "missing 1/N": ({"dscores = dscores_minus_1 / N": "dscores = dscores_minus_1"},
                    "line 3", "1/N is missing", 0, 2),
    "t - y": ({"dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1":
               "dscores_minus_1 = -probs; dscores_minus_1[rows, y] += 1"}, "line 2", "T − P", 0, 3),
    "dW2 transposed": ({"dW2_data = hidden.T @ dscores": "dW2_data = dscores.T @ hidden"},
                       "line 4", "t(dscores) %*% hidden.layer", 0, 3),
    "dhidden without transpose": ({"dhidden = dscores @ W2.T": "dhidden = dscores @ W2"},
                                  "line 6", "transpose", 0, 3),
    "mask from the gradient": ({"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = np.maximum(dhidden, 0)"},
                               "line 7", "gradient's sign", 0, 2),
    "mask inverted": ({"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dhidden * (hidden <= 0)"},
                      "line 7", "inverted", 0, 2),
    "mask hidden < 0": ({"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dhidden.copy(); dz[hidden < 0] = 0"},
                        "line 7", "hidden < 0 gives this too", 0, 2),
    "mask on dscores": ({"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dscores.copy(); dz[hidden <= 0] = 0"},
                        "line 7", "boolean index", 0, 2),
    "unmasked dW1": ({"dW1_data = X.T @ dz": "dW1_data = X.T @ dhidden"}, "line 8", "before the mask", 0, 2),
    "db2 axis=1": ({"db2 = dscores.sum(axis=0)": "db2 = dscores.sum(axis=1)"}, "line 5", "axis=1", 0, 3),
    "db2 kept 2-D": ({"db2 = dscores.sum(axis=0)": "db2 = dscores.sum(axis=0, keepdims=True)"},
                     "line 5", "kept 2-D", 0, 3),
    "db1 axis=1": ({"db1 = dz.sum(axis=0)": "db1 = dz.sum(axis=1)"}, "line 9", "axis=1", 0, 2),
    "db1 summed to a number": ({"db1 = dz.sum(axis=0)": "db1 = np.sum(dz)"}, "line 9", "single number", 0, 2),
    "L2 missing": ({"dW2 = dW2_data + reg * W2": "dW2 = dW2_data"}, "line 10", "L2 term is missing", 0, 2),
    "L2 on b2": ({"db2 = dscores.sum(axis=0)": "db2 = dscores.sum(axis=0) + reg * b2"},
                 "line 5", "on the bias", 1, 2),
    "L2 on b1": ({"db1 = dz.sum(axis=0)": "db1 = dz.sum(axis=0) + reg * b1"}, "line 9", "on the bias", 1, 3),
    "L2 divided by N": ({"dW1 = dW1_data + reg * W1": "dW1 = dW1_data + reg * W1 / N"},
                        "line 11", "divided by N", 0, 2),
    "L2 wrong sign": ({"dW2 = dW2_data + reg * W2": "dW2 = dW2_data - reg * W2"}, "line 10", "wrong sign", 0, 3),
    "probs aliased": ({"dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1":
                       "dscores_minus_1 = probs; dscores_minus_1[rows, y] -= 1"}, "line 1", "probs.copy()", 0, 2),
    "probs changed through another name": (
        {"dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1":
         "d = probs; d[rows, y] -= 1; dscores_minus_1 = d.copy()"}, "line 1", "probs was changed", 0, 3),
    "dz aliased to dhidden": ({"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dhidden; dz[hidden <= 0] = 0"},
                              "line 7", "same array as dhidden", 0, 2),
}


@pytest.mark.parametrize("which", ["R batch", "random network"])
@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_slip_is_named_at_its_line(tmp_path, cases, slip, which):
    edits, line, words, r_case, random_case = SLIPS[slip]
    case = cases[r_case if which == "R batch" else random_case]
    feedback = cap.diagnose_case(make_backward(tmp_path, **edits), case)
    assert not feedback.correct
    assert f"{line}, `" in feedback.message and words in feedback.message, feedback.message
    assert feedback.message.startswith(f"On {case.label}: ")
    # check_backward stops at the first case that shows the slip and reports that one
    overall = cap.check_backward(make_backward(tmp_path, **edits), cases)
    assert not overall.correct and f"{line}, `" in overall.message


def test_square_W2_missing_transpose_runs_silently_and_is_named(tmp_path, cases):
    fn = make_backward(tmp_path, **{"dhidden = dscores @ W2.T": "dhidden = dscores @ W2"})
    on_r = cap.diagnose_case(fn, cases[0]).message
    on_square = cap.diagnose_case(fn, cases[3]).message
    assert "raised ValueError" in on_r and "dhidden = dscores @ W2" in on_r       # H = 10: it cannot run
    assert "raised" not in on_square and "runs without an error" in on_square     # H = K: it runs


def test_mask_z_lt_0_matters_only_where_z_is_exactly_0(tmp_path, cases):
    fn = make_backward(tmp_path, **{"dz = dhidden.copy(); dz[hidden <= 0] = 0": "dz = dhidden * (z >= 0)"})
    for case in (cases[0], cases[1], cases[3]):            # no z is exactly 0 there: same numbers as R
        assert cap.diagnose_case(fn, case).correct
    message = cap.diagnose_case(fn, cases[2]).message
    assert "line 7" in message and "z < 0" in message and "example 1, unit 1 and example 1, unit 3" in message
    assert "line 7" in cap.check_backward(fn, cases).message


def test_the_first_wrong_line_is_reported(tmp_path, cases):
    fn = make_backward(tmp_path, **{"dscores = dscores_minus_1 / N": "dscores = dscores_minus_1",
                                    "dW1_data = X.T @ dz": "dW1_data = X.T @ dhidden"})
    assert "line 3" in cap.diagnose_case(fn, cases[0]).message


def test_a_raise_after_a_wrong_line_blames_the_wrong_line(tmp_path, cases):
    fn = make_backward(tmp_path, **{"dW2_data = hidden.T @ dscores": "dW2_data = dscores.T @ hidden"})
    message = cap.diagnose_case(fn, cases[0]).message
    assert message.index("line 4") < message.index("Then your function raised ValueError")
    assert "dW2 = dW2_data + reg * W2" in message                       # the learner's line that raised


def learner_raises(params, X, y, reg):
    raise RuntimeError("not finished")


def learner_bad_signature(params):
    return {}


@pytest.mark.parametrize("fn, words", [
    (None, "No answer yet"),
    ("my_backward", "Pass your function itself"),
    ({"dW1": 1}, "Pass your function itself"),
    (42, "Pass your function itself"),
    (learner_raises, "your function raised RuntimeError in the line `raise RuntimeError(\"not finished\")`: "
                     "not finished"),
    (learner_bad_signature, "raised TypeError"),
    (lambda params, X, y, reg: None, "returned None"),
    (lambda params, X, y, reg: [1, 2], "must return a dict"),
    (lambda params, X, y, reg: {"probs": 1}, "no entry 'loss'"),
], ids=["None", "string", "dict", "scalar", "raises", "signature", "returns None", "list", "missing key"])
def test_never_crashes_on_what_a_learner_passes(cases, fn, words):
    feedback = cap.check_backward(fn, cases)
    assert not feedback.correct and words in feedback.message, feedback.message


@pytest.mark.parametrize("value, words", [
    (None, "still None"), ("abc", "must be a numpy array"), ([[1, 2]], "has shape"), (np.nan, "has shape"),
    (object(), "must be a numpy array"), ({"a": 1}, "must be a numpy array"),
], ids=["None", "str", "list", "nan-scalar", "object", "dict"])
def test_never_crashes_on_what_a_stage_holds(tmp_path, cases, value, words):
    fn = make_backward(tmp_path)

    def wrapped(*args):
        out = fn(*args)
        out["dhidden"] = value
        return out

    message = cap.check_backward(wrapped, cases).message
    assert "line 6" in message and words in message, message


def test_nan_values_are_named(tmp_path, cases):
    fn = make_backward(tmp_path, **{"dW1 = dW1_data + reg * W1": "dW1 = dW1_data + reg * W1 * np.nan"})
    message = cap.check_backward(fn, cases).message
    assert "line 11" in message and "NaN or inf" in message


def test_inputs_are_not_modified(tmp_path, cases):
    def vandal(params, X, y, reg):
        for p in params:
            p[...] = 0
        X[...] = 0
        return None

    before = [p.copy() for p in cases[0].params] + [cases[0].X.copy()]
    cap.check_backward(vandal, cases)
    assert all(np.array_equal(a, b) for a, b in zip(before, list(cases[0].params) + [cases[0].X], strict=False))


def test_returning_locals_works(tmp_path, cases):
    fn = make_backward(tmp_path, **{'return {"probs"': 'return locals()\n    return {"probs"'})
    assert cap.check_backward(fn, cases).correct
