"""The misconception questions: the registry, ask/answer, and every claim of their explanations computed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest
from _exercise_helpers import assert_says, plain_loss, plain_pass, small_net

import backprop as bp
from backprop.exercises import questions

QUESTIONS = questions.all_questions()


def test_questions_are_found_by_chapter_module():
    assert {"ch05-where-one-over-n", "ch05-bias-mean", "ch07-mask-h-or-z"} <= set(QUESTIONS)
    for q in QUESTIONS.values():
        assert sum(o.correct for o in q.options) == 1
        assert all(o.explanation.strip() for o in q.options)
        texts = [q.prompt] + [t for o in q.options for t in (o.text, o.explanation)]
        assert not any("$" in t for t in texts), f"{q.id}: no TeX in a question (its HTML is not typeset)"


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_ask_shows_prompt_and_lettered_options_as_text(qid):
    q = QUESTIONS[qid]
    text = repr(bp.exercises.ask(qid))
    assert text.startswith(f"Question {qid}\n")
    letters = re.findall(r"^  ([a-j])\) ", text, flags=re.M)
    assert letters == list("abcdefghij"[:len(q.options)])
    assert not any(o.explanation[:30] in text for o in q.options), "the text must not give the answers away"


class _Options(HTMLParser):
    def __init__(self):
        super().__init__()
        self.details, self.depth, self.tags = [], 0, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "details":
            self.details.append("")
        if tag == "script":
            raise AssertionError("no script: the HTML must work where scripts are stripped")

    def handle_data(self, data):
        if self.details:
            self.details[-1] += data


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_html_has_one_closed_details_per_option_with_its_own_explanation(qid):
    q = QUESTIONS[qid]
    page = bp.exercises.ask(qid)._repr_html_()
    parser = _Options()
    parser.feed(page)
    assert len(parser.details) == len(q.options)
    assert " open" not in page
    for text, option in zip(parser.details, q.options, strict=False):
        assert option.explanation in text
        assert ("✓" in text) == option.correct
        assert all(other.explanation not in text for other in q.options if other is not option)


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_answer_explains_each_option(qid):
    q = QUESTIONS[qid]
    for letter, option in zip("abcdefghij", q.options, strict=False):
        feedback = bp.exercises.answer(qid, letter.upper() + ")")
        assert_says(feedback, option.explanation, correct=option.correct)
        assert str(feedback).startswith("✓" if option.correct else "✗")


@pytest.mark.parametrize("letter, fragment", [
    ("z", "is not an option"), ("ab", "is not an option"), (3, "is not an option"), ("", "is not an option"),
    (None, "No answer yet"),
])
def test_answer_with_a_wrong_letter_says_which_letters_exist(letter, fragment):
    assert_says(bp.exercises.answer("ch07-mask-h-or-z", letter), fragment)
    assert '"a", "b", "c", "d"' in bp.exercises.answer("ch07-mask-h-or-z", letter).message


@pytest.mark.parametrize("call", [bp.exercises.ask, lambda i: bp.exercises.answer(i, "a")])
def test_unknown_id_names_the_closest(call):
    with pytest.raises(ValueError, match="there is no question 'ch07-mask'. Did you mean 'ch07-mask-h-or-z'"):
        call("ch07-mask")


@pytest.mark.parametrize("kwargs, match", [
    ({"id": "five", "prompt": "p", "options": ()}, "id must look like"),
    ({"id": "ch05-x", "prompt": "p", "options": (questions.Option("a", True, "e"),)}, "2 to 10 options"),
    ({"id": "ch05-x", "prompt": "p", "options": (questions.Option("a", True, "e"),) * 2}, "exactly one correct"),
])
def test_malformed_questions_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        questions.Question(**kwargs)


# ---------------------------------------------------------------------------- the claims, computed


@pytest.fixture(scope="module")
def r_batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg, bp.rcompat.BLOG.lr


def test_ch05_where_one_over_n_claims(r_batch):
    params, X, y, reg, lr = r_batch
    N = len(y)
    assert N == 75                                                   # "75 times on the R program's batch"
    ref = plain_pass(params, X, y, reg)
    data = {k: ref["grads"][i] - (reg * params[i] if k.startswith("W") else 0)
            for i, k in enumerate(("W1", "b1", "W2", "b2"))}
    summed = plain_pass(params, X, y, 0.0)["grads"]
    assert all(np.allclose(N * data[k], summed[i] * N) for i, k in enumerate(("W1", "b1", "W2", "b2")))
    # (b) dividing at the end, after the L2 terms: dW1 short by reg·W1·(1 − 1/N)
    at_end = (N * data["W1"] + reg * params.W1) / N
    assert np.allclose(ref["grads"].W1 - at_end, reg * params.W1 * (1 - 1 / N))
    # (c) both: the data part N times too small and the L2 term N times too small
    both = (data["W1"] + reg * params.W1) / N
    assert np.allclose(both, ref["grads"].W1 / N)
    # (d) nowhere: the data part N times longer, so lr takes the steps of N·lr = 0.75 on the mean loss
    assert np.isclose(N * lr, 0.75)


def test_ch05_bias_mean_claims(r_batch):
    params, X, y, reg, _ = r_batch
    ref = plain_pass(params, X, y, reg)
    h = 1e-6
    central = np.array([(plain_loss(params._replace(b2=params.b2 + h * e), X, y, reg)
                         - plain_loss(params._replace(b2=params.b2 - h * e), X, y, reg)) / (2 * h)
                        for e in np.eye(3)])
    col_sums, col_means = ref["dS"].sum(axis=0), ref["dS"].mean(axis=0)
    assert np.allclose(central, col_sums, rtol=1e-4, atol=1e-9)
    assert np.allclose(col_means * len(y), col_sums) and not np.allclose(central, col_means, rtol=1e-3)
    for r in (0.0, reg, 10 * reg):          # db2 does not depend on reg
        assert np.array_equal(plain_pass(params, X, y, r)["grads"].b2, plain_pass(params, X, y, 0.0)["grads"].b2)


@pytest.mark.parametrize("source", ["r", "random"])
def test_ch07_mask_claims(r_batch, source):
    if source == "r":
        params, X, y, reg, _ = r_batch
    else:
        params, X, y = small_net(21, N=40)
        reg = 0.1
    ref = plain_pass(params, X, y, reg)
    Z, A, dA = ref["Z"], ref["A"], ref["dA"]
    assert np.array_equal(A <= 0, Z <= 0)                           # (a), (b): the same entries
    assert not (A < 0).any()                                        # (c): masks nothing
    assert (A <= 0).any()
    by_sign = np.where(dA <= 0, 0.0, dA)                            # (d): other entries, a wrong dW1
    assert not np.array_equal(dA <= 0, A <= 0)
    assert not np.allclose(X.T @ by_sign + reg * params.W1, ref["grads"].W1)
