"""The chapter 02 checkers accept the right answers and name the R-to-numpy slips."""

import numpy as np
import pytest

import backprop as bp
from backprop.exercises import ch02_from_r as ex


@pytest.fixture(scope="module")
def samp():
    return bp.rcompat.load_r_reference().samp


def test_init_W1_right_answers():
    draws = bp.rcompat.RRandom(1).rnorm(40)
    assert ex.check_init_W1(0.01 * draws.reshape((4, 10), order="F"), draws).correct
    assert ex.check_init_W1(0.01 * draws.reshape((10, 4)).T, draws).correct
    assert ex.check_init_W1(bp.rcompat.r_init_params(4, 10, 3, random_seed=1).W1, draws).correct


@pytest.mark.parametrize("wrong, phrase", [
    (lambda d: 0.01 * d.reshape(4, 10), "column by column"),
    (lambda d: d.reshape((4, 10), order="F"), "0.01"),
    (lambda d: 0.01 * d.reshape((10, 4)), "transposed"),
    (lambda d: np.zeros((4, 10)), "wrong values"),
])
def test_init_W1_slips(wrong, phrase):
    draws = bp.rcompat.RRandom(1).rnorm(40)
    feedback = ex.check_init_W1(wrong(draws), draws)
    assert not feedback.correct and phrase in feedback.message


def test_no_answer_yet(samp):
    for feedback in (ex.check_init_W1(None, np.ones(8)), ex.check_train_rows(None, samp),
                     ex.check_test_rows(None, samp)):
        assert not feedback.correct and "No answer yet" in feedback.message


def test_train_rows(samp):
    split = bp.rcompat.blog_split()
    assert ex.check_train_rows(split.train_rows, samp).correct
    assert "count from 1" in ex.check_train_rows(samp, samp).message
    assert "sorted" in ex.check_train_rows(np.sort(samp - 1), samp).message


def test_test_rows(samp):
    split = bp.rcompat.blog_split()
    assert ex.check_test_rows(split.test_rows, samp).correct
    assert ex.check_test_rows(np.setdiff1d(np.arange(150), samp - 1), samp).correct
    for wrong in (-samp, -(samp - 1)):
        feedback = ex.check_test_rows(wrong, samp)
        assert not feedback.correct and "counts from the end" in feedback.message
    assert 150 in samp  # so the off-by-one answer has 76 entries, not 75
    feedback = ex.check_test_rows(np.setdiff1d(np.arange(150), samp), samp)
    assert not feedback.correct and "samp - 1" in feedback.message
    assert not ex.check_test_rows(split.test_rows[::-1], samp).correct


def test_checkers_reject_bad_reference_arguments():
    with pytest.raises(ValueError, match="draws"):
        ex.check_init_W1(None, np.ones(7))
    with pytest.raises(TypeError, match="samp"):
        ex.check_train_rows(None, np.ones(3))
