"""The capstone checker (chapter 12) on backward passes as learners write them.

``PASSES`` is the table: each row is a learner's ``my_backward``, the chapter's template with its
lines filled in (single slips, two slips in either order, lines merged, R ported literally, right
variants), defined as a notebook cell defines it, and what the checker must answer: the first wrong
line and the slip that explains it (a row of the capstone's slip tables, or of the engine's
generic rules), or that all lines are right. Every pass also runs with warnings as errors and must
leave the checker's data untouched.
"""

from __future__ import annotations

import itertools
import re
import warnings
from typing import NamedTuple

import numpy as np
import pytest
from _exercise_helpers import notebook_function

import backprop as bp
from backprop.exercises import _capstone_slips as tables
from backprop.exercises import capstone as cap
from backprop.exercises._feedback import GENERIC

from _helpers import numpy_reference, rel_err

# The template's lines, filled in as the worked solution fills them.
L2 = "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1"
L3 = "dscores = dscores_minus_1 / N"
L4 = "dW2_data = hidden.T @ dscores"
L5 = "db2 = dscores.sum(axis=0)"
L6 = "dhidden = dscores @ W2.T"
L7 = "dz = dhidden.copy(); dz[hidden <= 0] = 0"
L8 = "dW1_data = X.T @ dz"
L9 = "db1 = dz.sum(axis=0)"
L10 = "dW2 = dW2_data + reg * W2"
L11 = "dW1 = dW1_data + reg * W1"
SOLUTION = {"dscores_minus_1 = None": L2, "dscores = None  ": L3 + "  ", "dW2_data = None": L4, "db2 = None": L5,
            "dhidden = None": L6, "dz = None": L7, "dW1_data = None": L8, "db1 = None": L9, "dW2 = None": L10,
            "dW1 = None": L11}
_cells = itertools.count(1)


def learner_source(edits: dict[str, str]) -> str:
    """The template with the solution's lines, then ``edits`` (old text -> new text)."""
    source = cap.template_source()
    for old, new in SOLUTION.items():
        assert old in source, old
        source = source.replace(old, new)
    for old, new in edits.items():
        assert old in source, old
        source = source.replace(old, new)
    return source


def make_backward(**edits):
    """The learner's ``my_backward`` with ``edits``, defined as a notebook cell defines it."""
    return notebook_function(learner_source(edits), "my_backward", next(_cells))


class Pass(NamedTuple):
    """A learner's backward pass and the answer it must get."""

    edits: dict
    line: str | None          # the first wrong line: "1".."11", "forward"; None: all right
    slip: str | None = None   # the slip: a name in that line's table, "generic:<rule>", "raised"
    case: int = 0             # the first of capstone_cases() on which it shows


RIGHT = {
    "solution": Pass({}, None),
    "mask from z": Pass({L7: "dz = dhidden * (z > 0)"}, None),
    "where z <= 0": Pass({L7: "dz = np.where(z <= 0, 0, dhidden)"}, None),
    "where hidden > 0": Pass({L7: "dz = np.where(hidden > 0, dhidden, 0.0)"}, None),
    "mask multiplied": Pass({L7: "dz = dhidden * (hidden > 0)"}, None),
    "einsum and np.sum": Pass({L4: "dW2_data = np.einsum('nh,nk->hk', hidden, dscores)",
                               L9: "db1 = np.sum(dz, 0)"}, None),
    "one-hot subtracted": Pass({L2: "dscores_minus_1 = probs - np.eye(W2.shape[1])[y]"}, None),
    "subtract.at": Pass({L2: "dscores_minus_1 = probs.copy(); np.subtract.at(dscores_minus_1, (rows, y), 1)"},
                        None),
    "one-hot by comparison": Pass({L2: "dscores_minus_1 = probs - (np.arange(probs.shape[1]) == y[:, None])"},
                                  None),
    "divided by len(y)": Pass({L3: "dscores = dscores_minus_1 / len(y)"}, None),
    "times 1/N": Pass({L3: "dscores = dscores_minus_1 * (1 / N)"}, None),
    "np.dot": Pass({L6: "dhidden = np.dot(dscores, W2.T)"}, None),
    "column convention transposed back": Pass({L6: "dhidden = (W2 @ dscores.T).T",
                                               L4: "dW2_data = (dscores.T @ hidden).T"}, None),
    "ones @ dscores": Pass({L5: "db2 = np.ones(N) @ dscores"}, None),
    "np.add": Pass({L11: "dW1 = np.add(dW1_data, reg * W1)"}, None),
    "divide at the end": Pass({L3: "dscores = dscores_minus_1", L5: "db2 = dscores.sum(axis=0) / N",
                               L9: "db1 = dz.sum(axis=0) / N", L10: "dW2 = dW2_data / N + reg * W2",
                               L11: "dW1 = dW1_data / N + reg * W1"}, None),
    "divide when back-propagating": Pass({L3: "dscores = dscores_minus_1", L5: "db2 = dscores.sum(axis=0) / N",
                                          L6: "dhidden = dscores @ W2.T / N", L10: "dW2 = dW2_data / N + reg * W2"},
                                         None),
    "R literally, with copies": Pass({L2: "dscores = probs.copy(); dscores[rows, y] -= 1; "
                                          "dscores_minus_1 = dscores.copy()",
                                      L3: "dscores /= N"}, None),
    "lines 1-3 in one, then times N": Pass({L2: "dscores = (probs - np.eye(W2.shape[1])[y]) / N; "
                                                "dscores_minus_1 = dscores * N", L3: "pass"}, None),
    "mask in place on a copy": Pass({L7: "dz = np.array(dhidden); dz[z <= 0] = 0"}, None),
}

SINGLE = {
    # line 1 and the forward pass
    "probs aliased": Pass({L2: "dscores_minus_1 = probs; dscores_minus_1[rows, y] -= 1"}, "1", "one-array"),
    "probs changed through another name": Pass({L2: "d = probs; d[rows, y] -= 1; dscores_minus_1 = d.copy()"},
                                               "1", "probs-changed"),
    "probs divided in place": Pass({L2: "d = probs; d[rows, y] -= 1; d /= N; dscores_minus_1 = d * N"},
                                   "1", "probs-divided"),
    "forward pass changed": Pass({"hidden = np.maximum(z, 0)": "hidden = z"}, "forward", "generic:values"),
    # line 2
    "T - P": Pass({L2: "dscores_minus_1 = -probs; dscores_minus_1[rows, y] += 1"}, "2", "T-minus-P"),
    "not subtracted": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] - 1"}, "2",
                           "not-subtracted"),
    "1 from every entry": Pass({L2: "dscores_minus_1 = probs - 1"}, "2", "every-entry"),
    "[:, y] -= 1": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[:, y] -= 1"}, "2", "every-entry"),
    "class index y - 1": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y - 1] -= 1"}, "2",
                              "class-before"),
    "class index y + 1 (R's Y.index)": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y + 1] -= 1"},
                                            "2", "class-after"),
    "one-hot of y + 1": Pass({L2: "T = np.eye(W2.shape[1])[y + 1]; dscores_minus_1 = probs - T"}, "2",
                             "class-after"),
    "softmax Jacobian diagonal": Pass({L2: "dscores_minus_1 = probs * (1 - probs)"}, "2", "jacobian-diagonal"),
    "diagonal chain rule": Pass({L2: "T = np.eye(W2.shape[1])[y]; dscores_minus_1 = -T / probs * probs * (1 - probs)"},
                                "2", "diagonal-chain"),
    "exp_scores": Pass({L2: "dscores_minus_1 = exp_scores.copy(); dscores_minus_1[rows, y] -= 1"}, "2",
                       "exp-scores"),
    "np.exp(scores)": Pass({L2: "dscores_minus_1 = np.exp(scores); dscores_minus_1[rows, y] -= 1"}, "2", "exp-raw"),
    "divided in line 2": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1; "
                                   "dscores_minus_1 /= N", L3: "dscores = dscores_minus_1.copy()"}, "2",
                              "already-divided"),
    "twice as large": Pass({L2: "dscores_minus_1 = 2 * (probs - np.eye(W2.shape[1])[y])"}, "2", "generic:factor"),
    # line 3
    "no 1/N": Pass({L3: "dscores = dscores_minus_1"}, "3", "no-1/N"),
    "1/N twice": Pass({L3: "dscores = dscores_minus_1 / N / N"}, "3", "twice"),
    "divided by K": Pass({L3: "dscores = dscores_minus_1 / W2.shape[1]"}, "3", "by-K"),
    "hard-coded 75": Pass({L3: "dscores = dscores_minus_1 / 75"}, "3", "hard-coded-75", 2),
    "dscores mean over the classes": Pass({L3: "dscores = dscores_minus_1.mean(axis=1)"}, "3",
                                          "generic:other-shape"),
    # line 4
    "dW2 transposed": Pass({L4: "dW2_data = dscores.T @ hidden"}, "4", "transposed"),
    "dW2 uses z": Pass({L4: "dW2_data = z.T @ dscores"}, "4", "uses-z"),
    "dW2 uses X": Pass({L4: "dW2_data = X.T @ dscores"}, "4", "uses-X"),
    "dW2 with reg": Pass({L4: "dW2_data = hidden.T @ dscores + reg * W2", L10: "dW2 = dW2_data.copy()"}, "4",
                         "reg-already"),
    "dW2 from P - T": Pass({L4: "dW2_data = hidden.T @ dscores_minus_1"}, "4", "generic:batch-too-large"),
    # line 5
    "db2 rowSums": Pass({L5: "db2 = dscores.sum(axis=1)"}, "5", "rowsums"),
    "db2 keepdims": Pass({L5: "db2 = dscores.sum(axis=0, keepdims=True)"}, "5", "kept-2d"),
    "db2 column": Pass({L5: "db2 = dscores.sum(axis=0)[:, None]"}, "5", "column"),
    "db2 one number": Pass({L5: "db2 = np.sum(dscores)"}, "5", "one-number"),
    "db2 with reg": Pass({L5: "db2 = dscores.sum(axis=0) + reg * b2"}, "5", "l2-on-bias", 1),
    "db2 mean": Pass({L5: "db2 = dscores.mean(axis=0)"}, "5", "mean"),
    # line 6
    "dhidden without transpose": Pass({L6: "dhidden = dscores @ W2"}, "6", "raised"),
    "dhidden with *": Pass({L6: "dhidden = dscores * W2.T"}, "6", "raised"),
    "dhidden column convention": Pass({L6: "dhidden = W2 @ dscores.T"}, "6", "column-convention"),
    "dhidden masked": Pass({L6: "dhidden = (dscores @ W2.T) * (hidden > 0)"}, "6", "mask-already"),
    # line 7
    "no mask": Pass({L7: "dz = dhidden"}, "7", "no-mask"),
    "mask hidden < 0": Pass({L7: "dz = dhidden.copy(); dz[hidden < 0] = 0"}, "7", "no-mask"),
    "mask z < 0": Pass({L7: "dz = np.where(z < 0, 0, dhidden)"}, "7", "z-below-0", 2),
    "mask from the gradient": Pass({L7: "dz = np.maximum(dhidden, 0)"}, "7", "sign-mask"),
    "mask inverted": Pass({L7: "dz = dhidden * (hidden <= 0)"}, "7", "inverted"),
    "times hidden": Pass({L7: "dz = dhidden * hidden"}, "7", "times-hidden"),
    "mask alone, 0/1": Pass({L7: "dz = (hidden > 0) * 1.0"}, "7", "mask-alone"),
    "mask alone, True/False": Pass({L7: "dz = hidden > 0"}, "7", "mask-alone"),
    "mask on dscores": Pass({L7: "dz = dscores.copy(); dz[hidden <= 0] = 0"}, "7", "raised"),
    "dz complex": Pass({L7: "dz = dhidden * (hidden > 0) + 0j"}, "7", "generic:complex"),
    # line 8
    "dW1 unmasked": Pass({L8: "dW1_data = X.T @ dhidden"}, "8", "unmasked"),
    "dW1 with reg": Pass({L8: "dW1_data = X.T @ dz + reg * W1", L11: "dW1 = dW1_data.copy()"}, "8", "reg-already"),
    "dW1 with reg, one array": Pass({L8: "dW1_data = X.T @ dz + reg * W1", L11: "dW1 = dW1_data"}, "8", "one-array"),
    "dW1 uses hidden": Pass({L8: "dW1_data = hidden.T @ dz"}, "8", "uses-hidden"),
    "dW1 transposed": Pass({L8: "dW1_data = dz.T @ X"}, "8", "generic:transposed"),
    # line 9
    "db1 unmasked": Pass({L9: "db1 = dhidden.sum(axis=0)"}, "9", "unmasked"),
    "db1 rowSums": Pass({L9: "db1 = dz.sum(axis=1)"}, "9", "rowsums"),
    "db1 one number": Pass({L9: "db1 = np.sum(dz)"}, "9", "one-number"),
    "db1 keepdims": Pass({L9: "db1 = np.sum(dz, axis=0, keepdims=True)"}, "9", "kept-2d"),
    "db1 column": Pass({L9: "db1 = dz.sum(axis=0).reshape(-1, 1)"}, "9", "column"),
    "db1 with reg": Pass({L9: "db1 = dz.sum(axis=0) + reg * b1"}, "9", "l2-on-bias", 1),
    "db1 mean": Pass({L9: "db1 = dz.mean(axis=0)"}, "9", "mean"),
    # lines 10 and 11
    "no L2 on W2": Pass({L10: "dW2 = dW2_data"}, "10", "no-l2"),
    "L2 subtracted": Pass({L10: "dW2 = dW2_data - reg * W2"}, "10", "l2-sign"),
    "L2 over N": Pass({L10: "dW2 = dW2_data + reg * W2 / N"}, "10", "l2-over-N"),
    "L2 halved": Pass({L10: "dW2 = dW2_data + 0.5 * reg * W2"}, "10", "l2-half"),
    "L2 doubled": Pass({L10: "dW2 = dW2_data + 2 * reg * W2"}, "10", "l2-double"),
    "reg * W2**2": Pass({L10: "dW2 = dW2_data + reg * W2**2"}, "10", "l2-squared"),
    "penalty term": Pass({L10: "dW2 = dW2_data + 0.5 * reg * W2**2"}, "10", "l2-penalty-term"),
    "only L2": Pass({L10: "dW2 = reg * W2"}, "10", "l2-alone"),
    "no L2 on W1": Pass({L11: "dW1 = dW1_data"}, "11", "no-l2"),
    "L2 on W1 over N": Pass({L11: "dW1 = dW1_data + reg * W1 / N"}, "11", "l2-over-N"),
    "reg * W1**2": Pass({L11: "dW1 = dW1_data + reg * W1**2"}, "11", "l2-squared"),
    "L2 on W1 subtracted": Pass({L11: "dW1 = dW1_data - reg * W1"}, "11", "l2-sign"),
    "L2 on W1 halved": Pass({L11: "dW1 = dW1_data + reg * W1 / 2"}, "11", "l2-half"),
    "L2 on W1 doubled": Pass({L11: "dW1 = dW1_data + reg * 2 * W1"}, "11", "l2-double"),
    "W1's penalty term": Pass({L11: "dW1 = dW1_data + 0.5 * reg * np.square(W1)"}, "11", "l2-penalty-term"),
    "only L2 on W1": Pass({L11: "dW1 = reg * W1"}, "11", "l2-alone"),
    "NaN in dW1": Pass({L11: "dW1 = dW1_data + reg * W1 * np.nan"}, "11", "generic:nonfinite"),
    # two names for one array, the slip alone
    "dz = dhidden, masked in place": Pass({L7: "dz = dhidden; dz[hidden <= 0] = 0"}, "6", "one-array"),
    "dz = dhidden, masked on the next line": Pass({L7: "dz = dhidden\n    dz[hidden <= 0] = 0"}, "6", "one-array"),
    "dscores = dscores_minus_1, divided in place": Pass({L3: "dscores = dscores_minus_1; dscores /= N"}, "2",
                                                        "one-array"),
    "dW2 = dW2_data, += reg": Pass({L10: "dW2 = dW2_data; dW2 += reg * W2"}, "4", "one-array"),
    "dW1 = dW1_data, += reg": Pass({L11: "dW1 = dW1_data\n    dW1 += reg * W1"}, "8", "one-array"),
}

MERGED = {
    "lines 6-7 merged, dz = dhidden": Pass({L6: "dhidden = (dscores @ W2.T) * (hidden > 0)", L7: "dz = dhidden"},
                                           "6", "one-array"),
    "lines 6-7 merged, dz = dhidden.copy()": Pass({L6: "dhidden = (dscores @ W2.T) * (hidden > 0)",
                                                   L7: "dz = dhidden.copy()"}, "6", "mask-already"),
    "lines 6-7 merged into dz, dhidden = dz": Pass({L6: "dz = (dscores @ W2.T) * (hidden > 0); dhidden = dz",
                                                    L7: "pass"}, "6", "one-array"),
    "lines 6-7 on one line, in place": Pass({L6: "dhidden = dscores @ W2.T; dz = dhidden; dz[hidden <= 0] = 0",
                                             L7: "pass"}, "6", "one-array"),
    "lines 1-3 merged with /=, then dscores = dscores_minus_1": Pass(
        {L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1; dscores_minus_1 /= N",
         L3: "dscores = dscores_minus_1"}, "2", "one-array"),
    "lines 1-3 merged with /=, then a copy": Pass(
        {L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y] -= 1; dscores_minus_1 /= N",
         L3: "dscores = dscores_minus_1.copy()"}, "2", "already-divided"),
    "lines 4 and 10 merged": Pass({L4: "dW2 = hidden.T @ dscores + reg * W2; dW2_data = dW2", L10: "pass"}, "4",
                                  "one-array"),
    "lines 8 and 11 merged, with a copy": Pass({L8: "dW1 = X.T @ dz + reg * W1; dW1_data = dW1.copy()",
                                                L11: "pass"}, "8", "reg-already"),
}

R_LITERAL = {
    "R's lines, numpy's =": Pass({L2: "dscores = probs; dscores[rows, y] = dscores[rows, y] - 1; "
                                      "dscores_minus_1 = dscores", L3: "dscores = dscores / N",
                                  L7: "dhidden[hidden <= 0] = 0; dz = dhidden"}, "1", "one-array"),
    "R's lines, probs copied, mask in place": Pass({L7: "dhidden[hidden <= 0] = 0; dz = dhidden"}, "6",
                                                   "one-array"),
    "R's Y.index as (rows, y + 1)": Pass({L2: "Y_index = (rows, y + 1); dscores_minus_1 = probs.copy(); "
                                              "dscores_minus_1[Y_index] = dscores_minus_1[Y_index] - 1"},
                                         "2", "class-after"),
    "R's batchsize typed in": Pass({L3: "batchsize = 75; dscores = dscores_minus_1 / batchsize"}, "3",
                                   "hard-coded-75", 2),
    "R's %*% typed as *": Pass({L4: "dW2_data = hidden.T * dscores"}, "4", "raised"),
    "R's t(dscores) %*% hidden.layer": Pass({L4: "dW2_data = np.transpose(dscores) @ hidden"}, "4", "transposed"),
    "R's colSums as sum(axis=1)": Pass({L5: "db2 = np.sum(dscores, axis=1)"}, "5", "rowsums"),
    "R's dscores %*% W2 (equation (1))": Pass({L6: "dhidden = np.matmul(dscores, W2)"}, "6", "raised"),
    "R's t(X) %*% dhidden, unmasked": Pass({L8: "dW1_data = np.transpose(X) @ dhidden"}, "8", "unmasked"),
    "R's lines, dW2 <- dW2 + reg*W2 in place": Pass({L10: "dW2 = dW2_data\n    dW2 += reg * W2"}, "4", "one-array"),
}

# Two slips: the first wrong line wins, whichever kind each slip is and in either order of kinds
# (a value slip, two names for one array, a raise, a line that R's batch shows only later).
TWO = {
    "no 1/N, then dz = dhidden": Pass({L3: "dscores = dscores_minus_1", L7: "dz = dhidden; dz[hidden <= 0] = 0"},
                                      "3", "no-1/N"),
    "dz = dhidden, then no L2": Pass({L7: "dz = dhidden; dz[hidden <= 0] = 0", L10: "dW2 = dW2_data"}, "6",
                                     "one-array"),
    "T - P, then dscores = dscores_minus_1": Pass({L2: "dscores_minus_1 = -probs; dscores_minus_1[rows, y] += 1",
                                                   L3: "dscores = dscores_minus_1; dscores /= N"}, "2", "T-minus-P"),
    "dscores = dscores_minus_1, then T - P in line 4": Pass({L3: "dscores = dscores_minus_1; dscores /= N",
                                                             L4: "dW2_data = z.T @ dscores"}, "2", "one-array"),
    "z.T, then dW2 = dW2_data": Pass({L4: "dW2_data = z.T @ dscores", L10: "dW2 = dW2_data; dW2 += reg * W2"},
                                     "4", "uses-z"),
    "no 1/N, then dW1 = dW1_data": Pass({L3: "dscores = dscores_minus_1", L11: "dW1 = dW1_data; dW1 += reg * W1"},
                                        "3", "no-1/N"),
    "no transpose, then dz = dhidden": Pass({L6: "dhidden = dscores @ W2", L7: "dz = dhidden; dz[hidden <= 0] = 0"},
                                            "6", "raised"),
    "sign mask through dz = dhidden": Pass({L7: "dz = dhidden; dz[dhidden <= 0] = 0"}, "7", "sign-mask"),
    "no 1/N, then a raise": Pass({L3: "dscores = dscores_minus_1", L6: "dhidden = dscores @ W2"}, "3", "no-1/N"),
    "a raise, then no L2": Pass({L6: "dhidden = dscores @ W2", L10: "dW2 = dW2_data"}, "6", "raised"),
    "T - P, then no mask": Pass({L2: "dscores_minus_1 = -probs; dscores_minus_1[rows, y] += 1", L7: "dz = dhidden"},
                                "2", "T-minus-P"),
    "no mask, then T - P in db": Pass({L7: "dz = dhidden", L9: "db1 = -dz.sum(axis=0)"}, "7", "no-mask"),
    "no mask, then no L2": Pass({L7: "dz = dhidden", L10: "dW2 = dW2_data"}, "7", "no-mask"),
    "no L2 on W2, then unmasked dW1": Pass({L8: "dW1_data = X.T @ dhidden", L10: "dW2 = dW2_data"}, "8", "unmasked"),
    "db2 rowSums, then dW2 transposed": Pass({L4: "dW2_data = dscores.T @ hidden", L5: "db2 = dscores.sum(axis=1)"},
                                             "4", "transposed"),
    "mask z < 0, then no L2 on W1": Pass({L7: "dz = np.where(z < 0, 0, dhidden)", L11: "dW1 = dW1_data"}, "11",
                                         "no-l2"),
    "no L2 on W1, then mask z < 0": Pass({L11: "dW1 = dW1_data", L7: "dz = np.where(z < 0, 0, dhidden)"}, "11",
                                         "no-l2"),
    "L2 on b1 and mask z < 0": Pass({L9: "db1 = dz.sum(axis=0) + reg * b1", L7: "dz = np.where(z < 0, 0, dhidden)"},
                                    "9", "l2-on-bias", 1),
    "hard-coded 75, then L2 on b2": Pass({L3: "dscores = dscores_minus_1 / 75",
                                          L5: "db2 = dscores.sum(axis=0) + reg * b2"}, "5", "l2-on-bias", 1),
    "divide at the end, but not dW1": Pass({L3: "dscores = dscores_minus_1", L5: "db2 = dscores.sum(axis=0) / N",
                                            L9: "db1 = dz.sum(axis=0) / N", L10: "dW2 = dW2_data / N + reg * W2"},
                                           "11", "data-N-times"),
    "divide at the end, but not dW2": Pass({L3: "dscores = dscores_minus_1", L5: "db2 = dscores.sum(axis=0) / N",
                                            L9: "db1 = dz.sum(axis=0) / N", L11: "dW1 = dW1_data / N + reg * W1"},
                                           "10", "data-N-times"),
    "divide at the end, mask missing": Pass({L3: "dscores = dscores_minus_1", L5: "db2 = dscores.sum(axis=0) / N",
                                             L7: "dz = dhidden", L9: "db1 = dz.sum(axis=0) / N",
                                             L10: "dW2 = dW2_data / N + reg * W2",
                                             L11: "dW1 = dW1_data / N + reg * W1"}, "7", "no-mask"),
    "probs aliased, then no mask": Pass({L2: "dscores_minus_1 = probs; dscores_minus_1[rows, y] -= 1",
                                         L7: "dz = dhidden"}, "1", "one-array"),
    "y + 1, then no L2": Pass({L2: "dscores_minus_1 = probs.copy(); dscores_minus_1[rows, y + 1] -= 1",
                               L10: "dW2 = dW2_data"}, "2", "class-after"),
    "dW2 uses X, then db1 mean": Pass({L4: "dW2_data = X.T @ dscores", L9: "db1 = dz.mean(axis=0)"}, "4", "uses-X"),
}

PASSES = {**RIGHT, **SINGLE, **MERGED, **R_LITERAL, **TWO}

# Slips that only a later case can show (on R's batch the same code raises or has another shape):
# each run on that case alone, as diagnose_case does.
ON_ONE_CASE = {
    "dW2 transposed, square W2": Pass({L4: "dW2_data = dscores.T @ hidden"}, "4", "transposed-square", 3),
    "dhidden without transpose, square W2": Pass({L6: "dhidden = dscores @ W2"}, "6", "no-transpose-square", 3),
    "column convention, square W2": Pass({L6: "dhidden = W2 @ dscores.T"}, "6", "column-convention", 3),
    "mask z < 0 on the R batch": Pass({L7: "dz = np.where(z < 0, 0, dhidden)"}, None, None, 0),
}


@pytest.fixture(scope="module")
def cases():
    return cap.capstone_cases()


def test_the_table_is_large_and_covers_every_slip_that_can_arise():
    assert len(PASSES) >= 80 and len(RIGHT) >= 15 and len(TWO) >= 20
    named = {(p.line, p.slip) for p in {**PASSES, **ON_ONE_CASE}.values() if p.line not in (None, "forward")}
    for key, table in tables.BY_KEY.items():
        line = cap._BY_KEY[key].line
        missing = [s.name for s in table if (line, s.name) not in named and not (s.kind == "raises" and
                   (line, "raised") in named)]
        assert not missing, f"line {line}: slips without a learner's pass in the table: {missing}"
    assert {("1", s.name) for s in tables.FORWARD} <= named
    assert ("6", "one-array") in named


def _located(message: str, cases) -> str:
    """``message`` without its case: "line 3, ...", "the forward pass ...", "No answer yet: ..."."""
    for case in cases:
        for prefix in (f"On {case.label}: ", f"No answer yet: on {case.label}, "):
            if message.startswith(prefix):
                return message[len(prefix):]
    raise AssertionError(f"no case named: {message}")


def _slip(line: str, name: str):
    if name.startswith("generic:"):
        return GENERIC[name.split(":", 1)[1]]
    if name in ("one-array", "changed-later"):
        return tables.ONE_ARRAY[name]
    if line == "1" and name in {s.name for s in tables.FORWARD}:
        return tables.FORWARD[name]
    return tables.BY_KEY[cap.STAGES[int(line) - 2].key][name]


@pytest.mark.parametrize("name", [*PASSES, *ON_ONE_CASE])
def test_a_learners_pass_gets_its_first_wrong_line_and_slip(cases, name):
    on_one_case = name in ON_ONE_CASE
    expected = ON_ONE_CASE[name] if on_one_case else PASSES[name]
    fn = make_backward(**expected.edits)
    before = [[a.copy() for a in (*c.params, c.X, c.y)] for c in cases]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if on_one_case:
            feedback = cap.diagnose_case(fn, cases[expected.case])
        else:
            feedback = cap.check_backward(fn, cases)
    assert all(np.array_equal(a, b) for c, saved in zip(cases, before, strict=True)
               for a, b in zip((*c.params, c.X, c.y), saved, strict=True)), "the checker's data changed"
    if expected.line is None:
        assert feedback.correct and "ll eleven lines are right" in feedback.message, feedback.message
        assert (cap.DEFERRED_NOTE in feedback.message) == ("dscores = dscores_minus_1" in expected.edits.values())
        return
    assert not feedback.correct
    assert feedback.message.startswith((f"On {cases[expected.case].label}: ",
                                        f"No answer yet: on {cases[expected.case].label}")), feedback.message
    where = _located(feedback.message, cases)
    if expected.line == "forward":
        assert where.startswith("the forward pass (given): "), feedback.message
    else:
        assert where.startswith(f"line {expected.line}, `"), feedback.message
    if expected.slip == "raised":
        assert "your function raised" in where and "(Then" not in where, feedback.message
        return
    pattern = _slip(expected.line, expected.slip).pattern()
    assert pattern.search(where), f"expected the slip {expected.slip!r}:\n{feedback.message}"


@pytest.mark.parametrize("name", [n for n, p in SINGLE.items() if p.slip in tables.LINE_2.slips and
                                  p.line == "2"][:1] + ["class index y + 1 (R's Y.index)", "dhidden without transpose",
                                                        "mask on dscores", "R's %*% typed as *"])
def test_a_raise_names_the_learners_own_line(cases, name):
    """The line quoted is the learner's, read from the notebook cell's source as Jupyter keeps it."""
    expected = PASSES[name]
    message = cap.check_backward(make_backward(**expected.edits), cases).message
    quoted = [new.split(";")[-1].strip() for new in expected.edits.values()]
    assert any(f"in the line `{q}`" in message or f"in the line `{new.strip()}`" in message
               for q, new in zip(quoted, expected.edits.values(), strict=True)), message


def test_the_raise_slips_say_why(cases):
    message = cap.check_backward(make_backward(**PASSES["class index y + 1 (R's Y.index)"].edits), cases).message
    assert tables.LINE_2["class-after"].pattern().search(message), message
    message = cap.check_backward(make_backward(**PASSES["dhidden without transpose"].edits), cases).message
    assert tables.LINE_6["no-transpose"].pattern().search(message) and "dhidden = dscores @ W2" in message
    message = cap.check_backward(make_backward(**PASSES["mask on dscores"].edits), cases).message
    assert tables.LINE_7["mask-on-dscores"].pattern().search(message), message


def test_a_raise_after_a_wrong_line_blames_the_wrong_line(cases):
    fn = make_backward(**{L4: "dW2_data = dscores.T @ hidden", L10: "dW2 = dW2_data + reg * W2.T @ W2"})
    message = cap.diagnose_case(fn, cases[3]).message                 # H = K: line 4 runs, its values are wrong
    assert "line 4" in message and "(Then your function raised" not in message
    fn = make_backward(**{L3: "dscores = dscores_minus_1", L6: "dhidden = dscores @ W2"})
    message = cap.diagnose_case(fn, cases[0]).message
    assert message.index("line 3") < message.index("(Then your function raised ValueError in the line "
                                                   "`dhidden = dscores @ W2`")


def test_the_alias_message_names_both_lines_and_a_fix_that_works(cases):
    message = cap.check_backward(make_backward(**MERGED["lines 1-3 merged with /=, then dscores = dscores_minus_1"]
                                               .edits), cases).message
    assert "dscores_minus_1 and dscores are one array, so they cannot hold two values" in message
    assert "dscores = dscores_minus_1 / N" in message and ".copy()" not in message
    message = cap.check_backward(make_backward(**SINGLE["dz = dhidden, masked in place"].edits), cases).message
    assert "dhidden and dz are one array, so they cannot hold two values" in message
    assert "changed by the line `dz = dhidden; dz[hidden <= 0] = 0`" in message


def test_a_line_changed_later_by_a_name_that_is_not_returned_is_named(cases):
    fn = make_backward(**{L11: "d = dW2_data; d *= 2; dW1 = dW1_data + reg * W1"})
    message = cap.check_backward(fn, cases).message
    assert "line 4, `" in message and tables.ONE_ARRAY["changed-later"].pattern().search(message), message
    assert "the line `d = dW2_data; d *= 2; dW1 = dW1_data + reg * W1`" in message


# ------------------------------------------------------------------ not a line of the backward pass

def learner_raises(params, X, y, reg):
    raise RuntimeError("not finished")


def learner_bad_signature(params):
    return {}


def forward_raises(params, X, y, reg):
    W1, b1, W2, b2 = params
    z = X @ W1.T + b1
    return {"z": z}


def returns_right_with_complex(params, X, y, reg):
    out = cap.reference(params, X, y, reg)
    out["dz"] = out["dz"] + 0j
    return out


@pytest.mark.parametrize("fn, words", [
    (None, "No answer yet"),
    ("my_backward", "Pass your function itself"),
    ({"dW1": 1}, "Pass your function itself"),
    (42, "Pass your function itself"),
    (learner_raises, "your function raised RuntimeError in the line `raise RuntimeError(\"not finished\")`: "
                     "not finished"),
    (learner_bad_signature, "your function raised TypeError before its first line: it cannot be called as "
                            "my_backward(params, X, y, reg)"),
    (forward_raises, "the forward pass (given): your function raised ValueError in the line `z = X @ W1.T + b1`"),
    (returns_right_with_complex, "line 7, `dhidden[hidden.layer <= 0] <- 0` (dz = δ_Z = δ_A ⊙ [A > 0]): dz holds "
                                 "complex numbers"),
    (lambda params, X, y, reg: None, "returned None"),
    (lambda params, X, y, reg: [1, 2], "must return a dict"),
    (lambda params, X, y, reg: "abc", "got the string 'abc'"),
    (lambda params, X, y, reg: {"probs": 1}, "no entry 'loss'"),
], ids=["None", "string", "dict", "scalar", "raises", "signature", "forward pass", "complex", "returns None", "list",
        "returns a string", "missing key"])
def test_never_crashes_on_what_a_learner_passes(cases, fn, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feedback = cap.check_backward(fn, cases)
    assert not feedback.correct and words in feedback.message, feedback.message
    assert "Shapes here" not in feedback.message and "line 2" not in feedback.message


@pytest.mark.parametrize("value, rule", [
    (None, "no-function"), ("abc", "string"), ([[1, 2]], "other-shape"), (np.nan, "number-for-array"),
    (object(), "not-numbers"), ({"a": 1}, "mapping"), (np.zeros((75, 10), dtype=complex), "complex"),
], ids=["None", "str", "list", "nan-scalar", "object", "dict", "complex"])
def test_never_crashes_on_what_a_line_holds(cases, value, rule):
    def wrapped(params, X, y, reg):
        out = cap.reference(params, X, y, reg)
        out["dhidden"] = value
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = cap.check_backward(wrapped, cases).message
    if value is None:
        assert message.startswith("No answer yet: on ") and "replace None with your expression for dhidden" in message
    assert "line 6, `" in message and (value is None or GENERIC[rule].pattern().search(message)), message


# ------------------------------------------------------------------ the cases and the reference

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
        assert rel_err(r["dscores"], other["dscores"]) < 1e-12       # norm-wise: entries cancel
        assert rel_err(r["dW1"], other["grads"]["W1"] + case.reg * case.params.W1) < 1e-12
        loss, grads = bp.loss_and_gradients(case.params, case.X, case.y, reg=case.reg)
        assert np.isclose(r["loss"], loss, rtol=1e-13)
        for name in ("W1", "b1", "W2", "b2"):
            assert rel_err(r["d" + name], getattr(grads, name)) < 1e-12
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


def test_square_W2_missing_transpose_runs_silently_and_is_named(cases):
    fn = make_backward(**{L6: "dhidden = dscores @ W2"})
    on_r = cap.diagnose_case(fn, cases[0]).message
    on_square = cap.diagnose_case(fn, cases[3]).message
    assert "raised ValueError" in on_r and "dhidden = dscores @ W2" in on_r       # H = 10: it cannot run
    assert "raised" not in on_square and tables.LINE_6["no-transpose-square"].pattern().search(on_square)


def test_mask_z_lt_0_matters_only_where_z_is_exactly_0(cases):
    fn = make_backward(**{L7: "dz = dhidden * (z >= 0)"})
    for case in (cases[0], cases[1], cases[3]):            # no z is exactly 0 there: same numbers as R
        assert cap.diagnose_case(fn, case).correct
    message = cap.diagnose_case(fn, cases[2]).message
    assert "line 7" in message and "z < 0" in message and "example 1, unit 1 and example 1, unit 3" in message


def test_the_slips_that_need_a_shape_arise_on_some_case(cases):
    """Every shape-dependent slip (a square W2, D ≠ H, ...) has a case where it can be told apart."""
    for key, table in tables.BY_KEY.items():
        for slip in table.of_kind("value", "mask", "shape"):
            arises = [c for c in cases if slip.wrong(tables.context(cap.reference(c.params, c.X, c.y, c.reg),
                                                                    c.params, c.X, c.y, c.reg)) is not None]
            assert arises, f"{key}: slip {slip.name!r} arises on no case"


def test_inputs_are_not_modified(cases):
    def vandal(params, X, y, reg):
        for p in params:
            p[...] = 0
        X[...] = 0
        return None

    before = [p.copy() for p in cases[0].params] + [cases[0].X.copy()]
    cap.check_backward(vandal, cases)
    assert all(np.array_equal(a, b) for a, b in zip(before, list(cases[0].params) + [cases[0].X], strict=False))


def test_returning_locals_works(cases):
    fn = make_backward(**{'return {"probs"': 'return locals()\n    return {"probs"'})
    assert cap.check_backward(fn, cases).correct


def test_the_template_is_what_the_chapter_prints():
    source = cap.template_source()
    assert re.search(r"^def my_backward\(params, X, y, reg\):", source, re.M)
    assert all(f"{key} = None" in source for key in (s.key for s in cap.STAGES))
