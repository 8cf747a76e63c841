"""Chapter 12's questions: every claim of every explanation, computed on the checker's own networks."""

import numpy as np
import pytest

from backprop.exercises import capstone as cap
from backprop.exercises.questions import all_questions

from _helpers import rel_err


@pytest.fixture(scope="module")
def cases():
    return cap.capstone_cases()


def with_changes(**change):
    """A right pass in which each named intermediate is replaced by ``change[key](reference dict, params, X)``,
    and every later one recomputed from it as the R lines do."""
    def fn(params, X, y, reg):
        W1, b1, W2, b2 = params
        r = dict(cap.reference(params, X, y, reg))
        order = ["dscores", "dW2_data", "db2", "dhidden", "dz", "dW1_data", "db1", "dW2", "dW1"]
        rules = {
            "dscores": lambda: r["dscores_minus_1"] / X.shape[0], "dW2_data": lambda: r["hidden"].T @ r["dscores"],
            "db2": lambda: r["dscores"].sum(axis=0), "dhidden": lambda: r["dscores"] @ W2.T,
            "dz": lambda: np.where(r["hidden"] <= 0, 0.0, r["dhidden"]), "dW1_data": lambda: X.T @ r["dz"],
            "db1": lambda: r["dz"].sum(axis=0), "dW2": lambda: r["dW2_data"] + reg * W2,
            "dW1": lambda: r["dW1_data"] + reg * W1}
        for key in order:
            r[key] = change[key](r, params, X) if key in change else rules[key]()
        return r
    return fn


def test_the_right_options():
    right = {qid: next(o.text for o in q.options if o.correct) for qid, q in all_questions().items()
             if qid.startswith("ch12-")}
    assert set(right) == {"ch12-all-times-n", "ch12-silent-transpose", "ch12-mask-where-z-is-zero",
                          "ch12-l2-on-a-bias"}


def test_all_times_n_claims(cases):
    case = cases[0]._replace(reg=0.0)
    p, X, y = case.params, case.X, case.y
    N = X.shape[0]
    assert N == 75
    ref = cap.reference(p, X, y, 0.0)
    undivided = with_changes(dscores=lambda r, p, X: r["dscores_minus_1"])(p, X, y, 0.0)
    for key in ("db2", "dW2", "db1", "dW1"):                           # (b): every gradient 75 times
        assert rel_err(undivided[key], N * ref[key]) < 1e-12, key
    assert "line 3" in cap.diagnose_case(with_changes(dscores=lambda r, p, X: r["dscores_minus_1"]), case).message
    # (b), reg > 0: the L2 terms are not scaled, so the factor is 75 for the data parts only
    reg = cases[0].reg
    ref_reg = cap.reference(p, X, y, reg)
    undivided_reg = with_changes(dscores=lambda r, p, X: r["dscores_minus_1"])(p, X, y, reg)
    assert np.allclose(undivided_reg["dW1"] - reg * p.W1, N * (ref_reg["dW1"] - reg * p.W1), rtol=1e-12, atol=0)
    assert not np.allclose(undivided_reg["dW1"], N * ref_reg["dW1"], rtol=1e-6, atol=0)
    # (a): a slip in line 4 leaves db2, dhidden, dW1, db1 right
    line4 = with_changes(dW2_data=lambda r, p, X: 75 * r["dW2_data"])(p, X, y, 0.0)
    assert all(np.array_equal(line4[k], ref[k]) for k in ("db2", "dhidden", "dW1", "db1"))
    # (c): a flipped sign multiplies by −1: relative error exactly 1
    flipped = with_changes(dscores=lambda r, p, X: -r["dscores"])(p, X, y, 0.0)
    for key in ("db2", "dW2", "db1", "dW1"):
        assert np.allclose(flipped[key], -ref[key], rtol=1e-12, atol=0)
        assert np.isclose(rel_err(flipped[key], ref[key]), 1)
    # (d): colMeans divides by N again: 75 times too small, dW2 and dW1 untouched
    means = with_changes(db2=lambda r, p, X: r["dscores"].mean(axis=0), db1=lambda r, p, X: r["dz"].mean(axis=0))(
        p, X, y, 0.0)
    assert np.allclose(means["db2"] * N, ref["db2"], rtol=1e-12, atol=0)
    assert np.allclose(means["db1"] * N, ref["db1"], rtol=1e-12, atol=0)
    assert np.array_equal(means["dW2"], ref["dW2"]) and np.array_equal(means["dW1"], ref["dW1"])


def test_silent_transpose_claims(cases):
    r_case, square = cases[0], cases[3]
    assert r_case.params.W2.shape == (10, 3) and square.params.W2.shape == (3, 3)
    no_t = with_changes(dhidden=lambda r, p, X: r["dscores"] @ p.W2)
    with pytest.raises(ValueError):                                     # (d): raises on the R batch ...
        no_t(r_case.params, r_case.X, r_case.y, r_case.reg)
    out = no_t(square.params, square.X, square.y, square.reg)           # ... runs on the square one
    ref = cap.reference(square.params, square.X, square.y, square.reg)
    assert all(np.array_equal(out[k], ref[k]) for k in ("dscores", "dW2", "db2"))
    assert all(rel_err(out[k], ref[k]) > 1e-2 for k in ("dhidden", "dz", "dW1", "db1"))
    assert "line 6" in cap.diagnose_case(no_t, square).message
    # (a): dscores.T @ hidden runs on both, [K × H]; on the square network its values are wrong
    for case in (r_case, square):
        r = cap.reference(case.params, case.X, case.y, case.reg)
        transposed = r["dscores"].T @ r["hidden"]
        assert transposed.shape == case.params.W2.shape[::-1]
    assert rel_err(ref["dscores"].T @ ref["hidden"], ref["dW2_data"]) > 1e-2
    # (b): a mask from dhidden runs on both networks and leaves dhidden right
    for case in (r_case, square):
        r = cap.reference(case.params, case.X, case.y, case.reg)
        masked = np.where(r["dhidden"] <= 0, 0.0, r["dhidden"])
        assert masked.shape == r["dhidden"].shape
    # (c): dz.T @ X conforms on both networks, is dW1 transposed, and leaves db1 right
    for case in (r_case, square):
        r = cap.reference(case.params, case.X, case.y, case.reg)
        assert np.allclose(r["dz"].T @ case.X, r["dW1_data"].T, rtol=1e-13, atol=0)


def test_mask_where_z_is_zero_claims(cases):
    r_case, zeros = cases[0], cases[2]
    rz, r0 = cap.reference(zeros.params, zeros.X, zeros.y, zeros.reg), cap.reference(
        r_case.params, r_case.X, r_case.y, r_case.reg)
    assert [tuple(e) for e in np.argwhere(rz["z"] == 0)] == [(0, 0), (0, 2)]   # example 1, units 1 and 3
    assert not (r0["z"] == 0).any()
    # (a) hidden < 0 masks nothing: wrong at every off entry, 21 and 280
    assert not (rz["hidden"] < 0).any() and not (r0["hidden"] < 0).any()
    assert (rz["hidden"] <= 0).sum() == 21 and (r0["hidden"] <= 0).sum() == 280
    for r in (rz, r0):
        assert (r["dhidden"][r["hidden"] <= 0] != 0).all()
        assert (np.where(r["hidden"] < 0, 0.0, r["dhidden"]) != r["dz"]).sum() == (r["hidden"] <= 0).sum()
    # (b) z < 0: wrong at exactly those two entries, right on the R batch
    wrong = np.argwhere(np.where(rz["z"] < 0, 0.0, rz["dhidden"]) != rz["dz"])
    assert [tuple(e) for e in wrong] == [(0, 0), (0, 2)]
    assert np.array_equal(np.where(r0["z"] < 0, 0.0, r0["dhidden"]), r0["dz"])
    # (c) the gradient's sign: differs from R's mask at 407 of 750 entries of the R batch
    assert r0["dz"].size == 750 and ((r0["dhidden"] <= 0) != (r0["hidden"] <= 0)).sum() == 407
    assert "line 7" in cap.diagnose_case(
        with_changes(dz=lambda r, p, X: np.where(r["dhidden"] <= 0, 0.0, r["dhidden"])), r_case).message
    # (d) z <= 0 is R's mask
    for r in (rz, r0):
        assert np.array_equal(r["z"] <= 0, r["hidden"] <= 0)


def test_l2_on_a_bias_claims(cases):
    init, trained = cases[0], cases[1]
    assert not init.params.b2.any()                                    # b2 = 0 at R's initial weights
    bias_l2 = with_changes(db2=lambda r, p, X: r["dscores"].sum(axis=0) + cases[0].reg * p.b2)
    assert cap.diagnose_case(bias_l2, init).correct                     # hides ...
    feedback = cap.diagnose_case(bias_l2, trained)                      # ... until training moved b2
    assert not feedback.correct and "line 5" in feedback.message and "on the bias" in feedback.message
    ref = cap.reference(trained.params, trained.X, trained.y, trained.reg)
    assert np.allclose(bias_l2(trained.params, trained.X, trained.y, trained.reg)["db2"] - ref["db2"],
                       trained.reg * trained.params.b2, rtol=1e-12, atol=0)
    # (b) the mean: 75 times too small already at the initial weights, where db2 is not 0
    r0 = cap.reference(init.params, init.X, init.y, init.reg)
    assert np.abs(r0["db2"]).min() > 0
    means = with_changes(db2=lambda r, p, X: r["dscores"].mean(axis=0))
    assert not cap.diagnose_case(means, init).correct
    # (c) not rounding: about 5e-4 in the largest entry
    largest = np.abs(trained.reg * trained.params.b2).max()
    assert f"{largest:.0e}" == "5e-04"
    assert [f"{v:.0e}" for v in sorted(np.abs(ref["db2"]))][::2] == ["2e-03", "8e-03"]
    assert (np.abs(trained.reg * trained.params.b2) > 0.01 * np.abs(ref["db2"])).all()
    # (d) no /N: db2, dW2, dW1, db1 75 times too large already at the initial weights
    undivided = with_changes(dscores=lambda r, p, X: r["dscores_minus_1"])
    out = undivided(init.params, init.X, init.y, 0.0)
    r00 = cap.reference(init.params, init.X, init.y, 0.0)
    assert all(rel_err(out[k], 75 * r00[k]) < 1e-12 for k in ("db2", "dW2", "dW1", "db1"))
    assert not cap.diagnose_case(undivided, init).correct
