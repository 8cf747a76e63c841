"""backprop.questioner against the matrices the question prints, parsed here from the vendored seed.

The expected digits come from ``docs/seed/question-and-answer.txt`` (the question as received),
never from the module under test.
"""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import backprop as bp
from backprop import questioner as q

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "docs" / "seed" / "question-and-answer.txt"
CHAPTER = ROOT / "notebooks" / "00-the-question-answered.ipynb"

HEADER = re.compile(r"^\s*#\s+(\[,1\].*)$")
ROW = re.compile(r"^\s*#\s*\[(\d+),\]\s+(.+)$")
# The printouts in the order the question shows them.
NAMES = ["probs", "dscores - 1", "Y.index", "dscores / batchsize", "hidden.layer", "dW2"]


def printed_matrices() -> dict[str, list[list[str]]]:
    """Every matrix printout of the question (an R ``[,1] [,2]`` header, then ``[i,]`` rows), by name."""
    blocks, current = [], None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        header, row = HEADER.match(line), ROW.match(line)
        if header:
            current = {"n_cols": len(header.group(1).split()), "rows": []}
            blocks.append(current)
        elif row and current is not None:
            assert int(row.group(1)) == len(current["rows"]) + 1, line
            tokens = row.group(2).split()
            assert len(tokens) == current["n_cols"], line
            current["rows"].append(tokens)
        else:
            current = None
    assert len(blocks) == len(NAMES), [len(b["rows"]) for b in blocks]
    return {name: block["rows"] for name, block in zip(NAMES, blocks, strict=False)}


PRINTED = printed_matrices()


def test_parsed_shapes():
    shapes = {name: (len(rows), len(rows[0])) for name, rows in PRINTED.items()}
    assert shapes == {"probs": (3, 3), "dscores - 1": (3, 3), "Y.index": (4, 2),
                      "dscores / batchsize": (3, 3), "hidden.layer": (3, 6), "dW2": (6, 3)}


def test_module_transcription_is_the_question():
    assert {k: [list(r) for r in v] for k, v in q.PRINTED.items()} == PRINTED


def test_configuration():
    assert (q.N_TRAIN, q.N_HIDDEN, q.RANDOM_SEED, q.FIRST_TRAINING_ROWS) == (90, 6, 0, (77, 78, 73))


def test_initial_weights_are_r_draws():
    """W1 is the first 24 normal draws after set.seed(0), column by column, times 0.01; W2 the next 18."""
    draws = bp.rcompat.RRandom(0).rnorm(24 + 18)
    params = q.initial_params()
    assert params.W1.shape == (4, 6) and params.W2.shape == (6, 3)
    assert np.array_equal(params.W1, 0.01 * draws[:24].reshape(6, 4).T)
    assert np.array_equal(params.W2, 0.01 * draws[24:].reshape(3, 6).T)
    assert not params.b1.any() and not params.b2.any()


def _as_floats(rows):
    return np.array([[float(v) for v in row] for row in rows])


@pytest.mark.parametrize("name, field", [("probs", "probs"), ("dscores - 1", "minus_one"),
                                         ("dscores / batchsize", "divided"), ("hidden.layer", "hidden_layer")])
def test_heads_to_every_printed_digit(name, field):
    got = getattr(q.heads(), field)
    printed = PRINTED[name]
    # Each entry rounds to the printed seven significant digits ...
    for value, text in zip(got.ravel(), [v for row in printed for v in row], strict=False):
        assert float(text) == 0 and value == 0 or f"{value:.6e}" == f"{float(text):.6e}", (value, text)
    # ... and R's print format gives the very strings.
    assert q.r_format_matrix(got) == tuple(tuple(r) for r in printed)


def test_heads_follow_from_each_other():
    heads = q.heads()
    T = bp.one_hot(np.array([1, 1, 1]), 3)
    np.testing.assert_array_equal(heads.minus_one, heads.probs - T)
    np.testing.assert_allclose(heads.divided, (heads.probs - T) / 90, rtol=1e-15)
    np.testing.assert_allclose(heads.probs.sum(axis=1), 1.0, rtol=1e-15)


def test_y_index():
    assert q.heads().y_index.tolist() == [[int(v) for v in row] for row in PRINTED["Y.index"]]


def test_dead_units_zero_rows_of_dW2_for_every_flower():
    A = q.hidden_layer()
    assert A.shape == (150, 6)
    dead = [j + 1 for j in range(6) if np.all(A[:, j] == 0)]
    assert dead == [2, 4] == q.units_off_everywhere().tolist()
    printed = _as_floats(PRINTED["dW2"])
    assert [u + 1 for u in range(6) if not printed[u].any()] == dead
    # Whatever the 90 rows: a zero column of hidden.layer gives a zero row of t(hidden.layer) %*% dscores.
    rng = np.random.default_rng(0)
    for _ in range(5):
        rows = rng.choice(np.arange(1, 151), 90, replace=False)
        dW2 = q.hidden_layer(rows).T @ q.dscores(rows)
        assert not dW2[[1, 3]].any()


def test_row_63_alone_turns_unit_5_on_and_gives_dW2_row_5():
    Z = bp.load_iris_data()[0] @ q.initial_params().W1
    assert np.flatnonzero(Z[:, 4] > 0).tolist() == [62]
    assert q.rows_turning_on(5).tolist() == [63]
    # independent of the module: one example's outer product h_63^T delta_63, divided by N = 90
    X, y, _, _ = bp.load_iris_data()
    W1, _, W2, _ = q.initial_params()
    h = np.maximum(X[62] @ W1, 0)
    s = h @ W2
    p = np.exp(s) / np.exp(s).sum()
    p[y[62]] -= 1
    row5 = np.outer(h, p / 90)[4]
    known = q.dW2_rows_known()
    assert sorted(known) == [2, 4, 5]
    np.testing.assert_allclose(known[5], row5, rtol=1e-13)
    assert q.r_format(known[5]) == PRINTED["dW2"][4]
    # and in R's column format, the printed column with row 5 replaced by the recomputed one
    printed = _as_floats(PRINTED["dW2"])
    printed[4] = known[5]
    assert q.r_format_matrix(printed)[4] == tuple(PRINTED["dW2"][4])


def test_known_training_rows():
    assert q.known_training_rows().tolist() == [77, 78, 73, 63]


def test_printed_dW2_rows_sum_to_zero_across_classes():
    """Each row of t(hidden.layer) %*% dscores sums to 0 (each dscores row does): the printed rows
    1, 3 and 6 do, within their printing precision. A check on the printout, not a reconstruction."""
    printed = _as_floats(PRINTED["dW2"])
    half_unit = np.array([[0.5 * 10.0 ** (math.floor(math.log10(abs(v))) - 6) if v else 0.0 for v in row]
                          for row in printed])
    assert np.all(np.abs(printed.sum(axis=1)) <= half_unit.sum(axis=1) + 1e-18)


def test_count_candidate_sets():
    assert q.count_candidate_sets() == math.comb(146, 86) - math.comb(96, 86)
    assert q.count_candidate_sets() > 10**41


# R's print, independently known: print(c(1, 0.5)) shows "1.0 0.5", print(1e-4) "1e-04", ...
@pytest.mark.parametrize("values, expected", [
    ([1, 0.5], ["1.0", "0.5"]),
    ([1e-4], ["1e-04"]),
    ([0.001], ["0.001"]),
    ([100000], ["1e+05"]),
    ([123456], ["123456"]),
    ([0.1, 0.123456789], ["0.1000000", "0.1234568"]),
    ([0.0, 0.0], ["0", "0"]),
    ([-0.0], ["0"]),
    ([3.14159265358979], ["3.141593"]),
    ([1e-300], ["1e-300"]),
])
def test_r_format_matches_r(values, expected):
    assert q.r_format(values) == expected


@pytest.mark.parametrize("call, error, words", [
    (lambda: q.r_format([]), ValueError, "values"),
    (lambda: q.r_format([np.nan]), ValueError, "finite"),
    (lambda: q.r_format([1.0], digits=0), ValueError, "digits"),
    (lambda: q.r_format([1.0], digits=16), ValueError, "digits"),
    (lambda: q.r_format_matrix([1.0, 2.0]), ValueError, "2-D"),
    (lambda: q.hidden_layer([0]), ValueError, "1..150"),
    (lambda: q.hidden_layer([151]), ValueError, "1..150"),
    (lambda: q.hidden_layer([1.5]), TypeError, "integer"),
    (lambda: q.hidden_layer([]), TypeError, "non-empty"),
    (lambda: q.rows_turning_on(7), ValueError, "unit"),
    (lambda: q.rows_turning_on(0), ValueError, "unit"),
    (lambda: q.dscores([1], n=0), ValueError, "n"),
])
def test_errors_name_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_inputs_not_modified():
    rows = np.array([77, 78, 73])
    q.hidden_layer(rows)
    q.dscores(rows)
    assert rows.tolist() == [77, 78, 73]


def test_chapter_prints_the_questions_matrices():
    """Chapter 00 prints every printed row of the question, R-style, in its stored outputs."""
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    outputs = "\n".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                        for o in c["outputs"])
    lines = [line.split() for line in outputs.splitlines()]
    for name, rows in PRINTED.items():
        for i, row in enumerate(rows, start=1):
            assert [f"[{i},]", *row] in lines, f"chapter 00 does not print {name} row {i}: {row}"
