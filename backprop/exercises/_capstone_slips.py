"""The slips of chapter 12's checker (:mod:`backprop.exercises.capstone`): the known wrong values
of each line of the learner's backward pass, and the known wrong shapes, with the message that
explains each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..params import Params
    from .capstone import Case


def shape_slips(n: int, h: int, k: int) -> dict:
    s = {}
    for key, width, what in (("db2", k, "dscores"), ("db1", h, "dz")):
        s[key] = {
            (n,): f"{key} has one entry per example: it was summed over axis=1 (across each row). "
                  f"colSums adds each column over the examples: {what}.sum(axis=0).",
            (1, width): f"{key} is kept 2-D, shape (1, {width}): the bias is a vector of {width} numbers, like "
                        f"b{key[-1]}; sum with {what}.sum(axis=0), without keepdims.",
            (width, 1): f"{key} has shape ({width}, 1): it must be a vector of {width} numbers, like b{key[-1]}.",
            (): f"{key} is a single number: np.sum without an axis adds every entry. colSums keeps one sum "
                "per column: axis=0.",
        }
    s["dhidden"] = {(h, n): f"dhidden has shape ({h}, {n}) = [H × N], one column per example: that is "
                            "W2 @ dscores.T, the accepted answer's column-vector formula. In the code's row "
                            "convention it is dscores @ W2.T, [N × H]."}
    s["dW2_data"] = {(k, h): f"dW2 has shape ({k}, {h}) = [K × H]: that is t(dscores) %*% hidden.layer, the "
                             "transpose of the gradient. W2 is [H × K], so dW2 = hidden.T @ dscores."}
    return s


def slips(r: dict, params: Params, case: Case) -> dict:
    """Known wrong values of each stage, computed from the right values of the stages before it."""
    W1, b1, W2, b2 = params
    X, y, reg = case.X, case.y, case.reg
    n, (h, k) = X.shape[0], W2.shape
    P, T, hidden, z = r["probs"], r["T"], r["hidden"], r["z"]
    ds, dh = r["dscores"], r["dhidden"]
    square = h == k
    column_y = P.copy()
    column_y[:, y] -= 1
    dh_no_t = ds @ W2 if square else None
    return {
        "dscores_minus_1": [
            (T - P, "this is T − P (the accepted answer's t − y carried over with the question's letters): "
                    "stepping along it would climb the loss. Prediction minus target: P − T."),
            (P, "nothing was subtracted: it is still probs. Subtract 1 at each row's true class."),
            (P - 1, "1 was subtracted from every entry; subtract it only at each row's true class "
                    "(R's Y.index picks one entry per row: probs[rows, y])."),
            (column_y, "dscores[:, y] -= 1 subtracts 1 in column y_i of every row, once per example; "
                       "R's Y.index pairs row i with its own label: dscores[rows, y] -= 1."),
            (r["dscores"], "this is already divided by N: dscores_minus_1 is the value after line 2, "
                           "before the division of line 3."),
        ],
        "dscores": [
            (r["dscores_minus_1"], f"the 1/N is missing: the loss is a mean over the N = {n} examples, so "
                                   "its gradient is (P − T)/N (R: dscores / batchsize)."),
            ((P - T) / (n * n), "divided by N twice."),
            ((P - T) / k, f"divided by K = {k}, the number of classes; the mean is over the N = {n} examples."),
        ],
        "dW2_data": [
            (ds.T @ hidden if square else None,
             "that is t(dscores) %*% hidden.layer, the transpose of dW2. With H = K the shapes agree and it "
             "runs, but the values are wrong: dW2 = hidden.T @ dscores, [H × N]·[N × K]."),
            (z.T @ ds, "that uses z, the pre-activation; dW2 multiplies the layer's input, hidden.layer = A."),
            (X.T @ ds if X.shape[1] == h else None, "that uses X; the input of the second layer is hidden.layer."),
            (r["dW2"], "reg*W2 is already added here; R adds it in line 10 (dW2 <- dW2 + reg*W2)."),
        ],
        "db2": [
            (r["db2"] + reg * b2, "the L2 term is on the bias: R's penalty 0.5·reg·(ΣW1² + ΣW2²) has no biases, "
                                  "so db2 is colSums(dscores) only."),
            (ds.mean(axis=0), f"np.mean divides by N = {n} again: colSums is a sum."),
        ],
        "dhidden": [
            (dh_no_t, f"that is dscores @ W2: the transpose is missing. With a square W2 (H = K = {k}) the "
                      "product runs without an error and only the values are wrong; dhidden = dscores @ W2.T."),
            (r["dz"], "the mask is already applied here; dhidden is the gradient before the mask (line 6), "
                      "dz after it (line 7)."),
        ],
        "dz": [
            (dh, "no entry was zeroed: the mask is missing. (hidden < 0 gives this too: hidden.layer = "
                 "max(z, 0) is never negative. Test hidden <= 0, or z <= 0.)"),
            (np.where(z < 0, 0.0, dh),
             "the mask z < 0 leaves the entries where z is exactly 0, here "
             + _zero_entries(z) + "; R's hidden.layer <= 0 zeros them (it is the same as z <= 0). "
             "It matters only where z == 0 exactly, as in this network."),
            (np.where(dh <= 0, 0.0, dh), "the mask was taken from the gradient's sign (dhidden <= 0). The "
                                         "ReLU's derivative depends on the forward pass: zero where hidden <= 0."),
            (np.where(hidden > 0, 0.0, dh), "the mask is inverted: this keeps the gradient where the unit was off "
                                            "and zeroes it where it was on."),
            (dh * hidden, "that multiplies by hidden.layer itself; the ReLU's derivative is the indicator "
                          "[A > 0], 1 or 0, not A."),
        ],
        "dW1_data": [
            (X.T @ dh, "dW1 uses dhidden before the mask: the question's t(X) %*% (dscores %*% t(W2)) omits the "
                       "ReLU mask. Use the masked gradient dz."),
            (r["dW1"], "reg*W1 is already added here; R adds it in line 11."),
            (hidden.T @ r["dz"] if hidden.shape[1] == X.shape[1] else None,
             "that uses hidden.layer; the input of the first layer is X."),
        ],
        "db1": [
            (dh.sum(axis=0), "db1 sums dhidden before the mask; sum the masked gradient dz."),
            (r["db1"] + reg * b1, "the L2 term is on the bias: R's penalty has no biases, so db1 is colSums(dz) only."),
            (r["dz"].mean(axis=0), f"np.mean divides by N = {n} again: colSums is a sum."),
        ],
        "dW2": _l2_slips("dW2", r["dW2_data"], W2, reg, n),
        "dW1": _l2_slips("dW1", r["dW1_data"], W1, reg, n),
    }


def _l2_slips(name: str, data: np.ndarray, W: np.ndarray, reg: float, n: int) -> list:
    w = name[1:]
    return [
        (data, f"the L2 term is missing: add reg*{w} (the gradient of 0.5·reg·Σ{w}²)."),
        (data - reg * W, f"the L2 term has the wrong sign: the gradient of +0.5·reg·Σ{w}² is +reg*{w}; "
                         "subtracting it would make the weights grow."),
        (data + reg * W / n, f"the L2 term is divided by N: the penalty 0.5·reg·Σ{w}² is added to the mean "
                             f"loss, not averaged over the examples, so its gradient is reg*{w}, not reg*{w}/N."),
        (data + 0.5 * reg * W, f"the L2 term is half of reg*{w}: the derivative of 0.5·reg·{w}² is reg·{w}."),
        (data + 2 * reg * W, f"the L2 term is twice reg*{w}: the 0.5 of the penalty cancels the 2 of the square."),
        (reg * W, f"only the L2 term is left: add it to the data gradient of line {4 if w == 'W2' else 8}."),
    ]


def _zero_entries(z: np.ndarray) -> str:
    rows, cols = np.nonzero(z == 0)
    if rows.size == 0:
        return "none"
    pairs = [f"example {i + 1}, unit {j + 1}" for i, j in zip(rows[:3], cols[:3], strict=True)]
    return "at " + " and ".join(pairs) if len(pairs) < 3 else "at " + ", ".join(pairs) + ", ..."
