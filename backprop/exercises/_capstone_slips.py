"""The slips of chapter 12's checker (:mod:`backprop.exercises.capstone`), one table per line of
the learner's backward pass: what each known wrong value computes and what the learner is told.

Every ``wrong(c)`` computes from :func:`context`, the right values of the lines before it (so a
slip is recognised "given that every line before it is right"); it returns None where the slip
cannot arise with this network's shapes (a missing transpose that only runs with a square W2).
The checker, its tests and the teaching guide read these tables.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from . import _shared_slips as shared
from ._slips import Slip, table

#: The number of rows of the R program's batch (a learner may type it instead of N).
R_BATCH = 75


def context(r: dict, params, X: np.ndarray, y: np.ndarray, reg: float) -> SimpleNamespace:
    """What the slips compute from: the reference ``r`` (``capstone.reference``), the data and
    the sizes N, D, H, K (the message fields)."""
    W1, b1, W2, b2 = params
    (n, d), (h, k) = X.shape, W2.shape
    P, T, z = r["probs"], r["T"], r["z"]
    scores = r["hidden"] @ W2 + b2
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    rows, cols = np.nonzero(z == 0)
    pairs = [f"example {i + 1}, unit {j + 1}" for i, j in zip(rows[:3], cols[:3], strict=True)]
    zeros = ("at " + (" and ".join(pairs) if len(pairs) < 3 else ", ".join(pairs) + ", ...")) if pairs else ""
    return SimpleNamespace(
        r=r, P=P, T=T, z=z, hidden=r["hidden"], X=X, y=y, W1=W1, b1=b1, W2=W2, b2=b2, reg=reg,
        N=n, D=d, H=h, K=k, square=h == k, exp_shifted=shifted, exp_raw=np.exp(scores),
        T_before=np.eye(k)[(y - 1) % k], zero_entries=zeros, R_batch=R_BATCH, error=None)


def _product_error(c) -> bool:
    return isinstance(c.error, ValueError) and any(
        s in str(c.error) for s in ("matmul", "aligned", "mismatch in its core dimension", "could not be broadcast"))


#: Problems with ``probs`` after the backward pass ran: the forward pass is given, so a changed
#: ``probs`` was changed by line 1 (reported there).
FORWARD = table(
    "line 1 (probs, from the given forward pass)",
    Slip("probs-changed", "d = probs; d[rows, y] -= 1 (probs itself changed)",
         "probs was changed: it holds P − T now. R's `<-` copies; numpy's `dscores = probs` does not, so the "
         "in-place subtraction changed probs too. Write dscores_minus_1 = probs.copy().",
         lambda c: c.r["dscores_minus_1"]),
    Slip("probs-divided", "d = probs; d[rows, y] -= 1; d /= N (probs itself changed)",
         "probs was changed: it holds (P − T)/N now. R's `<-` copies; numpy's `dscores = probs` does not, so "
         "the in-place lines changed probs too. Write dscores_minus_1 = probs.copy().", lambda c: c.r["dscores"]),
)

LINE_2 = table(
    "line 2 (dscores_minus_1 = P − T)",
    *shared.p_minus_t(),
    Slip("class-before", "dscores[rows, y - 1] -= 1", "the class index is shifted by one: y − 1 is the class "
         "before each row's label (and −1 wraps round to the last class). R adds 1 to the labels because R "
         "counts from 1; numpy's y already counts from 0: dscores[rows, y] -= 1.", lambda c: c.P - c.T_before),
    Slip("class-after", "dscores[rows, y + 1] -= 1 (R's 1-based Y.index ported)", "The class index is shifted "
         "by one: R's Y.index uses y + 1 because R counts classes from 1; numpy counts from 0, so the last class "
         "is {K} - 1 and y + 1 runs past it. Index with y itself: dscores[rows, y] -= 1.",
         lambda c: isinstance(c.error, IndexError) and "out of bounds" in str(c.error), kind="raises"),
    Slip("jacobian-diagonal", "probs * (1 - probs)", "that is P(1 − P), the diagonal of the softmax Jacobian "
         "(∂p_k/∂s_k) alone. The gradient of the cross-entropy with respect to the scores combines the whole "
         "Jacobian with −T/P, and everything cancels to P − T.", lambda c: c.P * (1 - c.P)),
    Slip("diagonal-chain", "-T / P * P * (1 - P), i.e. T * (P - 1)", "only the true class's entry is nonzero "
         "(P − 1 there): that chains −T/P through the diagonal of the softmax Jacobian only. Every score moves "
         "every probability (the off-diagonal terms −p_k p_j), which gives P − T in every entry.",
         lambda c: c.T * (c.P - 1)),
    Slip("exp-scores", "exp_scores.copy(); [rows, y] -= 1", "that starts from exp_scores, the exponentials before "
         "the division by their row sums: start from probs (each row sums to 1).", lambda c: c.exp_shifted - c.T),
    Slip("exp-raw", "np.exp(scores) - T", "that starts from np.exp(scores), the exponentials before the division by "
         "their row sums: start from probs (each row sums to 1).", lambda c: c.exp_raw - c.T),
    Slip("already-divided", "(P − T)/N", "this is already divided by N: dscores_minus_1 is the value after line 2, "
         "before the division of line 3.", lambda c: c.r["dscores"]),
)

LINE_3 = table(
    "line 3 (dscores = (P − T)/N)",
    Slip("no-1/N", "dscores_minus_1 (no division)", "the 1/N is missing: the loss is a mean over the N = {N} "
         "examples, so its gradient is (P − T)/N (R: dscores / batchsize).", lambda c: c.r["dscores_minus_1"]),
    Slip("twice", "dscores_minus_1 / N**2", "divided by N twice.", lambda c: c.r["dscores_minus_1"] / c.N**2),
    Slip("by-K", "dscores_minus_1 / K", "divided by K = {K}, the number of classes; the mean is over the N = {N} "
         "examples.", lambda c: c.r["dscores_minus_1"] / c.K),
    Slip("hard-coded-75", "dscores_minus_1 / 75 on a batch of another size", "divided by {R_batch}, the number of "
         "rows of the R program's batch; this batch has N = {N}: divide by N = X.shape[0] (R: batchsize), not by "
         "a number typed in.", lambda c: None if c.N == c.R_batch else c.r["dscores_minus_1"] / c.R_batch),
)

LINE_4 = table(
    "line 4 (dW2_data = Aᵀ δ_S)",
    Slip("transposed-square", "dscores.T @ hidden with H = K", "that is t(dscores) %*% hidden.layer, the "
         "transpose of dW2. With H = K the shapes agree and it runs, but the values are wrong: dW2 = hidden.T @ "
         "dscores, [H × N]·[N × K].", lambda c: c.r["dscores"].T @ c.hidden if c.square else None),
    shared.transposed_weight_gradient("dW2", "hidden", "dscores", "H", "K"),
    Slip("uses-z", "z.T @ dscores", "that uses z, the pre-activation; dW2 multiplies the layer's input, "
         "hidden.layer = A.", lambda c: c.z.T @ c.r["dscores"]),
    Slip("uses-X", "X.T @ dscores", "dW2 has shape ({D}, {K}) = [D × K]: that uses X; the input of the second "
         "layer is hidden.layer, so dW2 = hidden.T @ dscores, [H × K].",
         lambda c: None if c.D in (c.H, c.K) else (c.D, c.K), kind="shape"),
    Slip("reg-already", "hidden.T @ dscores + reg * W2", "reg*W2 is already added here; R adds it in line 10 "
         "(dW2 <- dW2 + reg*W2).", lambda c: c.r["dW2"]),
)


LINE_5 = table("line 5 (db2 = the column sums of δ_S)",
               *shared.bias("db2", "dscores", "K", "b2", lambda c: c.r["db2"]))

LINE_6 = table(
    "line 6 (dhidden = δ_A = δ_S W2ᵀ, before the mask)",
    Slip("no-transpose-square", "dscores @ W2 with H = K", "that is dscores @ W2: the transpose is missing. With a "
         "square W2 (H = K = {K}) the product runs without an error and only the values are wrong; dhidden = "
         "dscores @ W2.T.", lambda c: c.r["dscores"] @ c.W2 if c.square else None),
    Slip("no-transpose", "dscores @ W2 (raises unless H = K)", "dscores is [N × K] = ({N}, {K}) and W2 is "
         "[H × K] = ({H}, {K}): the product needs W2's transpose, dscores @ W2.T, [N × K]·[K × H] = [N × H]. "
         "(The accepted answer's equation (1) has no transpose; in its column convention the factor is (W²)ᵀ.)",
         _product_error, kind="raises"),
    Slip("column-convention", "W2 @ dscores.T", "dhidden has shape ({H}, {N}) = [H × N], one column per example: "
         "that is W2 @ dscores.T, the accepted answer's column-vector formula. In the code's row convention it "
         "is dscores @ W2.T, [N × H].", lambda c: None if c.H == c.N else (c.H, c.N), kind="shape"),
    Slip("mask-already", "(dscores @ W2.T) * (hidden > 0)", "the mask is already applied here; dhidden is the "
         "gradient before the mask (line 6), dz after it (line 7).", lambda c: c.r["dz"]),
)

LINE_7 = table(
    "line 7 (dz = δ_Z = δ_A ⊙ [A > 0])",
    *shared.relu_mask(lambda c: c.r["dhidden"], lambda c: c.hidden),
    Slip("z-below-0", "np.where(z < 0, 0, dhidden)", "the mask z < 0 leaves the entries where z is exactly 0, here "
         "{zero_entries}; R's hidden.layer <= 0 zeros them (it is the same as z <= 0). It matters only where "
         "z == 0 exactly, as in this network.", lambda c: np.where(c.z < 0, 0.0, c.r["dhidden"])),
    Slip("mask-on-dscores", "dscores masked with hidden <= 0 (raises)", "The mask hidden <= 0 is [N × H] = "
         "({N}, {H}): it fits dhidden [N × H], not dscores [N × K].",
         lambda c: isinstance(c.error, IndexError) and "boolean index" in str(c.error), kind="raises"),
)

LINE_8 = table(
    "line 8 (dW1_data = Xᵀ δ_Z)",
    Slip("unmasked", "X.T @ dhidden", "dW1 uses dhidden before the mask: the question's t(X) %*% (dscores %*% "
         "t(W2)) omits the ReLU mask. Use the masked gradient dz.", lambda c: c.X.T @ c.r["dhidden"]),
    Slip("reg-already", "X.T @ dz + reg * W1", "reg*W1 is already added here; R adds it in line 11.",
         lambda c: c.r["dW1"]),
    Slip("uses-hidden", "hidden.T @ dz", "dW1 has shape ({H}, {H}) = [H × H]: that uses hidden.layer; the input "
         "of the first layer is X, so dW1 = X.T @ dz, [D × H].", lambda c: None if c.D == c.H else (c.H, c.H),
         kind="shape"),
)

LINE_9 = table("line 9 (db1 = the column sums of δ_Z)",
               Slip("unmasked", "dhidden.sum(axis=0)", "db1 sums dhidden before the mask; sum the masked gradient "
                    "dz.", lambda c: c.r["dhidden"].sum(axis=0)),
               *shared.bias("db1", "dz", "H", "b1", lambda c: c.r["db1"]))


LINE_10 = table("line 10 (dW2 = Aᵀ δ_S + λ W2)",
                *shared.l2("W2", lambda c: c.r["dW2_data"], lambda c: c.W2, data_line="line 4"))
LINE_11 = table("line 11 (dW1 = Xᵀ δ_Z + λ W1)",
                *shared.l2("W1", lambda c: c.r["dW1_data"], lambda c: c.W1, data_line="line 8"))

#: The table of each line's key (the dict key the learner returns).
BY_KEY = {"dscores_minus_1": LINE_2, "dscores": LINE_3, "dW2_data": LINE_4, "db2": LINE_5, "dhidden": LINE_6,
          "dz": LINE_7, "dW1_data": LINE_8, "db1": LINE_9, "dW2": LINE_10, "dW1": LINE_11}

#: Two lines' names for one array: a rule of the checker, not of one line.
ONE_ARRAY = table(
    "any two lines (one array under two names)",
    Slip("one-array", "b = a (no copy), then b changed in place; or two lines merged into one array",
         "{a} and {b} are one array, so they cannot hold two values: {a} holds {b}'s value, {b_value}{how}. R's "
         "`<-` copies; numpy's `{b} = {a}` gives one array a second name. Let {a} hold {a_value}, and make {b} a "
         "new array: {b} = {b_expr}.", kind="generic"),
    Slip("changed-later", "a line's array changed in place later, under another name", "{a} was right after "
         "{a_where}, but the line `{how}` changed it afterwards (in place, through another name for the same "
         "array), so the {a} you return is wrong. R's `<-` copies; numpy's `b = a` does not: give that line its "
         "own array (.copy(), or an expression that makes a new array).", kind="generic"),
)
