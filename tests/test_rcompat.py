"""backprop.rcompat against output of R itself (no R needed to run these tests).

Reference files:

- backprop/_resources/blog_seed1_hidden10.txt (package data, the chapters read it too): the
  original R program's run (R 4.2.2), copied from the project's shared R reference; see its
  README for the R code that produced it.
- tests/data/r_extra_reference.txt: written by tests/data/make_r_extra_reference.R (this project's own
  R script, R 4.2.2): more seeds, both sample kinds, large n, qnorm's branches, and a second
  training run that stops early.
"""

import re
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop as bp
from backprop import rcompat

DATA = Path(__file__).resolve().parent / "data"
BLOG_FILE = Path(bp.__file__).resolve().parent / "_resources" / "blog_seed1_hidden10.txt"
EXTRA = rcompat.read_r_records(DATA / "r_extra_reference.txt")


@pytest.fixture(scope="module")
def ref():
    return rcompat.load_r_reference(BLOG_FILE)


@pytest.fixture(scope="module")
def run():
    return rcompat.blog_run()


#: How far the losses and trained weights may be from R's. Not 0: R and numpy add the terms of each
#: sum in different orders (R's extended-precision sum(), R's BLAS, numpy's BLAS kernel chosen by the
#: CPU, the softmax's shift), which rounds the last bit differently. These short runs (2000 and 233
#: steps, the loss falling at each) do not amplify that: measured under four OpenBLAS kernels and the
#: perturbed arithmetic of test_perturbed_arithmetic.py, at most 4.4e-16 for the losses (about 1) and
#: 1.1e-15 for the weights (up to 1.3). 1e-14 is a few units in the last place, with a margin of ten.
R_ROUNDING = 1e-14


def floats(tag):
    return np.array(EXTRA[tag], dtype=np.float64)


def ints(tag):
    return np.array(EXTRA[tag], dtype=np.intp)


def assert_params_equal(actual, expected):
    for name, a, b in zip(bp.Params._fields, actual, expected, strict=True):
        assert a.shape == b.shape, name
        np.testing.assert_array_equal(a, b, err_msg=name)


# ------------------------------------------------------------------ the blog's run (R output)

def test_default_reference_is_the_package_data_file(ref):
    default = rcompat.load_r_reference()  # read with importlib.resources
    for field, a, b in zip(rcompat.RReference._fields, default, ref, strict=True):
        if isinstance(a, dict):
            assert a == b, field
        elif isinstance(a, bp.Params):
            assert_params_equal(a, b)
        else:
            np.testing.assert_array_equal(a, b, err_msg=field)
    assert not (DATA / BLOG_FILE.name).exists()  # one copy, in the package


def test_blog_settings_are_the_reference_config(ref):
    s = rcompat.BLOG
    assert ref.config == {"name": "blog", "sample_kind": s.sample_kind, "seed": s.split_seed,
                          "hidden": s.hidden, "lr": s.lr, "reg": s.reg, "maxit": s.maxit,
                          "abstol": s.abstol}


def test_rnorm_and_runif_are_bitwise_r(ref):
    np.testing.assert_array_equal(rcompat.RRandom(1).rnorm(10), ref.rnorm10)
    np.testing.assert_array_equal(rcompat.RRandom(1).runif(10), ref.runif10)


def test_sample_150_150_was_drawn_with_sample_kind_rounding(ref):
    """The reference ran after RNGkind(sample.kind = "Rounding"): only that kind reproduces it."""
    np.testing.assert_array_equal(rcompat.RRandom(1, "Rounding").sample(150, 150), ref.sample_150_150)
    assert not np.array_equal(rcompat.RRandom(1, "Rejection").sample(150, 150), ref.sample_150_150)


def test_split_is_rs_samp(ref, run):
    X, y, _, _ = bp.load_iris_data()
    split = run.split
    np.testing.assert_array_equal(split.train_rows + 1, ref.samp)
    np.testing.assert_array_equal(split.test_rows, np.setdiff1d(np.arange(150), ref.samp - 1))
    np.testing.assert_array_equal(split.X_train, X[ref.samp - 1])
    np.testing.assert_array_equal(split.y_test, y[split.test_rows])
    np.testing.assert_array_equal(np.bincount(split.y_train), [25, 25, 25])


def test_initial_weights_are_bitwise_r(ref, run):
    assert_params_equal(run.initial_params, ref.initial_params)
    assert_params_equal(rcompat.r_init_params(4, 10, 3, random_seed=1), ref.initial_params)
    assert_params_equal(rcompat.blog_run(train=False).initial_params, ref.initial_params)
    assert rcompat.blog_run(train=False).result is None


def test_every_loss_matches_r(ref, run):
    assert run.result.loss.shape == ref.losses.shape == (2000,)
    np.testing.assert_allclose(run.result.loss, ref.losses, rtol=0, atol=R_ROUNDING)


def test_final_weights_match_r(ref, run):
    for name, a, b in zip(bp.Params._fields, run.result.params, ref.final_params, strict=True):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=0, atol=R_ROUNDING, err_msg=name)


def test_test_predictions_and_confusion_matrix_match_r(ref, run):
    pred = bp.predict(run.result.params, run.split.X_test)
    np.testing.assert_array_equal(pred + 1, ref.test_pred)
    confusion = np.zeros((3, 3), dtype=int)
    np.add.at(confusion, (run.split.y_test, pred), 1)
    np.testing.assert_array_equal(confusion, [[25, 0, 0], [0, 24, 1], [0, 0, 25]])


def test_printed_accuracies_match_r(run):
    np.testing.assert_array_equal(run.result.test_steps, np.arange(50, 2001, 50))
    np.testing.assert_array_equal(run.result.test_accuracy, floats("blog_display50_accuracy"))


def test_r_rerun_of_the_blog_reproduces_the_reference(ref):
    """The extra file's own R loop gives the same losses as the original program: a check on the script."""
    np.testing.assert_array_equal(floats("blog_losses"), ref.losses)


# -------------------------------------------------------------- more R output: the generator

@pytest.mark.parametrize("seed", [0, 42, 2016, -1, 2147483647, -2147483647])
def test_rnorm_other_seeds_bitwise(seed):
    np.testing.assert_array_equal(rcompat.RRandom(seed).rnorm(200), floats(f"rnorm200_seed_{seed}"))


def test_runif_and_rnorm_with_parameters_bitwise():
    np.testing.assert_array_equal(rcompat.RRandom(42).runif(100), floats("runif100_seed_42"))
    np.testing.assert_array_equal(rcompat.RRandom(3).runif(5, -2, 3), floats("runif5_min_-2_max_3_seed_3"))
    np.testing.assert_array_equal(rcompat.RRandom(3).rnorm(5, 10, 0.5), floats("rnorm5_mean_10_sd_0.5_seed_3"))


def test_python_inv_cdf_is_rs_qnorm_bitwise_in_every_branch():
    p = floats("qnorm_p")
    assert (np.abs(p - 0.5) <= 0.425).any() and (p < 0.075).any() and (p < np.exp(-25)).any()
    np.testing.assert_array_equal([NormalDist().inv_cdf(v) for v in p], floats("qnorm_q"))


def test_one_stream_continues_across_methods():
    r = rcompat.RRandom(7)
    np.testing.assert_array_equal(r.rnorm(3), floats("mixed_seed_7_rnorm3"))
    np.testing.assert_array_equal(r.sample(10, 4), ints("mixed_seed_7_sample10_4"))
    np.testing.assert_array_equal(r.runif(2), floats("mixed_seed_7_runif2"))


SAMPLE_TAGS = sorted(t for t in EXTRA if re.fullmatch(r"(Rejection|Rounding)_seed_\d+_n_\d+_size_\d+(_replace)?", t))


def test_sample_references_cover_both_kinds_and_large_n():
    assert len(SAMPLE_TAGS) == 14
    assert {"Rejection_seed_14_n_10000000_size_6", "Rounding_seed_11_n_65537_size_12"} <= set(SAMPLE_TAGS)


@pytest.mark.parametrize("tag", SAMPLE_TAGS)
def test_sample_matches_r(tag):
    kind, seed, n, size, replace = re.fullmatch(r"(\w+?)_seed_(\d+)_n_(\d+)_size_(\d+)(_replace)?", tag).groups()
    got = rcompat.RRandom(int(seed), kind).sample(int(n), int(size), replace=replace is not None)
    np.testing.assert_array_equal(got, ints(tag))


@pytest.mark.parametrize("kind", ["Rejection", "Rounding"])
def test_sample_of_one_still_draws_a_uniform(kind):
    """R's rbits(0) draws one uniform for sample(1, 1); the stream must move on as in R."""
    r = rcompat.RRandom(5, kind)
    got = np.concatenate([r.sample(1, 1), r.runif(2)])
    np.testing.assert_array_equal(got, floats(f"{kind}_seed_5_n_1_size_1_then_runif2"))


def test_unif_rand_never_returns_zero():
    class ZeroBits:
        def random_raw(self, n):
            return np.zeros(n, dtype=np.uint64)

    r = rcompat.RRandom(1)
    r._bits = ZeroBits()
    np.testing.assert_array_equal(r.unif_rand(2), [0.5 * 2.328306437080797e-10] * 2)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(-(2**31 - 1), 2**31 - 1), n=st.integers(1, 300),
       kind=st.sampled_from(["Rejection", "Rounding"]))
def test_sample_without_replacement_is_a_permutation(seed, n, kind):
    assert sorted(rcompat.RRandom(seed, kind).sample(n)) == list(range(1, n + 1))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(-(2**31 - 1), 2**31 - 1))
def test_same_seed_same_stream_and_uniforms_in_open_interval(seed):
    a, b = rcompat.RRandom(seed), rcompat.RRandom(seed)
    u = a.unif_rand(1000)
    np.testing.assert_array_equal(u, b.unif_rand(1000))
    assert ((u > 0) & (u < 1)).all()


@pytest.mark.parametrize("kind", ["Rejection", "Rounding"])
def test_sample_index_is_uniform(kind):
    """n = 3 is the worst case for rejection (1 in 4 candidates rejected): counts stay near 1/3."""
    r = rcompat.RRandom(123, kind)
    counts = np.bincount(r.sample(3, 30_000, replace=True), minlength=4)[1:]
    chi2 = ((counts - 10_000) ** 2 / 10_000).sum()
    assert chi2 < 13.8  # 0.999 quantile of chi-square with 2 degrees of freedom


# ------------------------------------------------------- more R output: another training run

def test_second_run_stops_early_like_r():
    kind, split_seed, per_class, hidden, maxit, abstol, lr, reg, display, seed = EXTRA["run2_config"]
    X, y, _, _ = bp.load_iris_data()
    r = rcompat.RRandom(int(split_seed), kind)
    samp = np.concatenate([start + r.sample(50, int(per_class)) for start in (0, 50, 100)])
    np.testing.assert_array_equal(samp, ints("run2_samp"))
    split = bp.split_rows(X, y, samp - 1)
    result = rcompat.train_dnn(split.X_train, split.y_train, hidden=int(hidden), maxit=int(maxit),
                               abstol=float(abstol), lr=float(lr), reg=float(reg), random_seed=int(seed),
                               x_test=split.X_test, y_test=split.y_test, display=int(display))
    losses = floats("run2_losses")
    assert len(losses) < int(maxit) and losses[-1] <= float(abstol) < losses[-2]
    assert result.loss.shape == losses.shape
    np.testing.assert_allclose(result.loss, losses, rtol=0, atol=R_ROUNDING)
    np.testing.assert_array_equal(result.test_accuracy, floats("run2_display100_accuracy"))
    H = int(hidden)
    expected = bp.Params(floats("run2_W1_final_colmajor").reshape((-1, H), order="F"), floats("run2_b1_final"),
                         floats("run2_W2_final_colmajor").reshape((H, -1), order="F"), floats("run2_b2_final"))
    for a, b in zip(result.params, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=R_ROUNDING)


def test_train_dnn_does_not_modify_its_inputs(run):
    x, y = run.split.X_train.copy(), run.split.y_train.copy()
    rcompat.train_dnn(x, y, hidden=3, maxit=5, abstol=0.0, lr=0.1, reg=0.0, random_seed=3)
    np.testing.assert_array_equal(x, run.split.X_train)
    np.testing.assert_array_equal(y, run.split.y_train)


# ------------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("args, error, match", [
    ((1.5,), TypeError, "seed"),
    ((True,), TypeError, "seed"),
    ((2**31,), ValueError, "seed"),
    ((-(2**31),), ValueError, "seed"),
    ((1, "rounding"), ValueError, "sample_kind"),
])
def test_rrandom_rejects_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        rcompat.RRandom(*args)


@pytest.mark.parametrize("call, error, match", [
    (lambda r: r.rnorm(-1), ValueError, "n must"),
    (lambda r: r.rnorm(2.0), TypeError, "n must"),
    (lambda r: r.rnorm(3, sd=-1.0), ValueError, "sd"),
    (lambda r: r.rnorm(3, mean=np.nan), ValueError, "mean"),
    (lambda r: r.runif(3, 2.0, 1.0), ValueError, "max"),
    (lambda r: r.unif_rand(None), TypeError, "n must"),
    (lambda r: r.sample(0), ValueError, "n must"),
    (lambda r: r.sample(10, 11), ValueError, "size"),
    (lambda r: r.sample(10, -1), ValueError, "size"),
    (lambda r: r.sample(10_000_001, 2), ValueError, "n must"),
    (lambda r: r.sample(5, replace=1), TypeError, "replace"),
])
def test_rrandom_methods_reject_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call(rcompat.RRandom(1))


def test_degenerate_ranges_return_the_value_without_drawing():
    r = rcompat.RRandom(1)
    np.testing.assert_array_equal(r.rnorm(2, mean=3.0, sd=0.0), [3.0, 3.0])
    np.testing.assert_array_equal(r.runif(2, 4.0, 4.0), [4.0, 4.0])
    np.testing.assert_array_equal(r.rnorm(10), rcompat.RRandom(1).rnorm(10))


GOOD = dict(hidden=4, maxit=3, abstol=0.0, lr=0.1, reg=0.0, random_seed=1)


@pytest.mark.parametrize("change, error, match", [
    (dict(x=[[1.0, 2.0]]), TypeError, "x must"),
    (dict(x=np.full((6, 2), np.nan)), ValueError, "x must"),
    (dict(y=np.zeros(6)), TypeError, "y must"),
    (dict(y=np.array([0, 0, 2, 2, 2, 0])), ValueError, "y must contain every class"),
    (dict(y=np.array([0, 1, 1])), ValueError, "y must"),
    (dict(hidden=0), ValueError, "hidden"),
    (dict(lr=-0.1), ValueError, "lr"),
    (dict(maxit=0), ValueError, "maxit"),
    (dict(random_seed=1.5), TypeError, "random_seed"),
    (dict(random_seed=2**31), ValueError, "random_seed"),
    (dict(x_test=np.ones((2, 2))), ValueError, "X_test and y_test"),
])
def test_train_dnn_rejects_bad_arguments(change, error, match):
    kwargs = dict(GOOD, x=np.arange(12.0).reshape(6, 2), y=np.array([0, 1, 2, 0, 1, 2])) | change
    with pytest.raises(error, match=match):
        rcompat.train_dnn(**kwargs)


def test_other_entry_points_reject_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="train"):
        rcompat.blog_run(train="yes")
    with pytest.raises(TypeError, match="settings"):
        rcompat.blog_split({})
    with pytest.raises(ValueError, match="n_hidden"):
        rcompat.r_init_params(4, 0, 3, random_seed=1)
    with pytest.raises(FileNotFoundError):
        rcompat.load_r_reference(tmp_path / "missing.txt")
    twice = tmp_path / "twice.txt"
    twice.write_text("a 1\na 2\n")
    with pytest.raises(ValueError, match="twice.txt: tag 'a' appears twice"):
        rcompat.read_r_records(twice)
    short = tmp_path / "short.txt"
    lines = BLOG_FILE.read_text().splitlines()
    short.write_text("\n".join("iters 1999" if line.startswith("iters") else line for line in lines))
    with pytest.raises(ValueError, match="short.txt: 2000 losses but iters = 1999"):
        rcompat.load_r_reference(short)
