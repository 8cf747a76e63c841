"""Checkers of chapter 02 (and appendix 90's W1): right answers pass, each R-to-numpy slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import assert_says

import backprop as bp
from backprop.exercises import ch02_from_r as ex

DRAWS = bp.rcompat.RRandom(1).rnorm(40)


@pytest.fixture(scope="module")
def samp():
    return bp.rcompat.load_r_reference().samp


@pytest.fixture(scope="module")
def split():
    return bp.rcompat.blog_split()


INIT_W1 = [  # (the learner's answer from the draws, fragment, correct)
    (lambda d: 0.01 * d.reshape((4, 10), order="F"), "is right", True),
    (lambda d: 0.01 * d.reshape((10, 4)).T, "is right", True),
    (lambda d: bp.rcompat.r_init_params(4, 10, 3, random_seed=1).W1, "is right", True),
    (lambda d: None, "No answer yet", False),
    (lambda d: 0.01 * d.reshape(4, 10), "column by column", False),
    (lambda d: d.reshape((4, 10), order="F"), "0.01", False),
    (lambda d: 0.01 * d.reshape((10, 4)), "it is transposed. matrix(rnorm(D*H), nrow=D, ncol=H) has D = 4 rows", False),
    (lambda d: np.zeros((4, 10)), "wrong values", False),
]


@pytest.mark.parametrize("answer, fragment, correct", INIT_W1)
def test_init_W1(answer, fragment, correct):
    assert_says(ex.check_init_W1(answer(DRAWS), DRAWS), fragment, correct=correct)


TRAIN_ROWS = [  # (the learner's answer from samp and the split, fragment, correct)
    (lambda samp, split: samp - 1, "is right", True),
    (lambda samp, split: split.train_rows, "is right", True),
    (lambda samp, split: None, "No answer yet", False),
    (lambda samp, split: samp, "count from 1", False),
    (lambda samp, split: np.sort(samp - 1), "sorted", False),
]


@pytest.mark.parametrize("answer, fragment, correct", TRAIN_ROWS)
def test_train_rows(samp, split, answer, fragment, correct):
    assert_says(ex.check_train_rows(answer(samp, split), samp), fragment, correct=correct)


TEST_ROWS = [  # (the learner's answer from samp and the split, fragment, correct)
    (lambda samp, split: np.setdiff1d(np.arange(150), samp - 1), "is right", True),
    (lambda samp, split: split.test_rows, "is right", True),
    (lambda samp, split: None, "No answer yet", False),
    (lambda samp, split: -samp, "counts from the end", False),
    (lambda samp, split: -(samp - 1), "counts from the end", False),
    (lambda samp, split: np.setdiff1d(np.arange(150), samp), "samp - 1", False),   # 76 entries: 150 is in samp
    (lambda samp, split: split.test_rows[::-1], "wrong values", False),
]


@pytest.mark.parametrize("answer, fragment, correct", TEST_ROWS)
def test_test_rows(samp, split, answer, fragment, correct):
    assert_says(ex.check_test_rows(answer(samp, split), samp), fragment, correct=correct)


def test_the_off_by_one_answer_has_another_length(samp):
    assert 150 in samp                  # so np.setdiff1d(np.arange(150), samp) has 76 entries, not 75
    assert np.setdiff1d(np.arange(150), samp).size == 76


def test_checkers_reject_bad_reference_arguments():
    with pytest.raises(ValueError, match="draws"):
        ex.check_init_W1(None, np.ones(7))
    with pytest.raises(TypeError, match="samp"):
        ex.check_train_rows(None, np.ones(3))
