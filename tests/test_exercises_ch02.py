"""Checkers of chapter 02 (and appendix 90's W1): right answers pass, each R-to-numpy slip gets its message."""

import numpy as np
import pytest
from _exercise_helpers import RIGHT, assert_verdict

import backprop as bp
from backprop.exercises import ch02_from_r as ex

DRAWS = bp.rcompat.RRandom(1).rnorm(40)


@pytest.fixture(scope="module")
def samp():
    return bp.rcompat.load_r_reference().samp


@pytest.fixture(scope="module")
def split():
    return bp.rcompat.blog_split()


INIT_W1 = [  # (the learner's answer from the draws, the slip it is, or RIGHT)
    (lambda d: 0.01 * d.reshape((4, 10), order="F"), RIGHT),
    (lambda d: 0.01 * d.reshape((10, 4)).T, RIGHT),
    (lambda d: bp.rcompat.r_init_params(4, 10, 3, random_seed=1).W1, RIGHT),
    (lambda d: 0.01 * d.reshape(4, 10), "row-by-row"),
    (lambda d: d.reshape((4, 10), order="F"), "no-scale"),
    (lambda d: 0.01 * d.reshape((10, 4)), "transposed"),
    (lambda d: np.zeros((4, 10)), "generic:values"),
]


@pytest.mark.parametrize("answer, expected", INIT_W1)
def test_init_W1(answer, expected):
    assert_verdict(ex.check_init_W1(answer(DRAWS), DRAWS), ex.check_init_W1, expected)


TRAIN_ROWS = [  # (the learner's answer from samp and the split, the slip it is, or RIGHT)
    (lambda samp, split: samp - 1, RIGHT),
    (lambda samp, split: split.train_rows, RIGHT),
    (lambda samp, split: samp, "r-numbers"),
    (lambda samp, split: np.sort(samp - 1), "sorted"),
    (lambda samp, split: samp - 2, "generic:offset"),
]


@pytest.mark.parametrize("answer, expected", TRAIN_ROWS)
def test_train_rows(samp, split, answer, expected):
    assert_verdict(ex.check_train_rows(answer(samp, split), samp), ex.check_train_rows, expected)


TEST_ROWS = [  # (the learner's answer from samp and the split, the slip it is, or RIGHT)
    (lambda samp, split: np.setdiff1d(np.arange(150), samp - 1), RIGHT),
    (lambda samp, split: split.test_rows, RIGHT),
    (lambda samp, split: -samp, "negative"),
    (lambda samp, split: -(samp - 1), "negative-0-based"),
    (lambda samp, split: np.setdiff1d(np.arange(150), samp), "off-by-one"),   # 76 entries: 150 is in samp
    (lambda samp, split: split.test_rows[::-1], "generic:values"),
]


@pytest.mark.parametrize("answer, expected", TEST_ROWS)
def test_test_rows(samp, split, answer, expected):
    assert_verdict(ex.check_test_rows(answer(samp, split), samp), ex.check_test_rows, expected)


COVERS = {ex.check_init_W1: INIT_W1, ex.check_train_rows: TRAIN_ROWS, ex.check_test_rows: TEST_ROWS}


def test_the_off_by_one_answer_has_another_length(samp):
    assert 150 in samp                  # so np.setdiff1d(np.arange(150), samp) has 76 entries, not 75
    assert np.setdiff1d(np.arange(150), samp).size == 76


def test_checkers_reject_bad_reference_arguments():
    with pytest.raises(ValueError, match="draws"):
        ex.check_init_W1(None, np.ones(7))
    with pytest.raises(TypeError, match="samp"):
        ex.check_train_rows(None, np.ones(3))
