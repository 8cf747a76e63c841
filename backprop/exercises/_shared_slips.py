"""Slips that several checkers share, worded once: the families of P − T, the L2 term, the ReLU
mask, a bias gradient and a transposed weight gradient.

Each function builds the rows for one checker's table; the arguments say where the checker's
context keeps the arrays a slip computes from (``lambda c: c.r["dhidden"]``) and which rows the
checker wants (``only``), so that the same slip reads the same in chapter 04 and in the capstone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._slips import Slip

Get = Callable[[object], np.ndarray]


def _pick(rows: tuple[Slip, ...], only) -> tuple[Slip, ...]:
    if only is None:
        return rows
    unknown = set(only) - {s.name for s in rows}
    if unknown:
        raise ValueError(f"no shared slips {sorted(unknown)}")
    return tuple(s for s in rows if s.name in only)


def p_minus_t(*, divided: bool = False, only=None) -> tuple[Slip, ...]:
    """P − T (``divided``: (P − T)/N) with the 1 not subtracted, subtracted everywhere, or the sign
    flipped. Context: ``P``, ``T`` and, if ``divided``, ``N``."""
    over = (lambda c: c.N) if divided else (lambda c: 1)
    n = "/N" if divided else ""
    return _pick((
        Slip("not-subtracted", f"probs{n}", f"nothing was subtracted: this is probs{n}, not (P − T){n}. Subtract "
             "1 at each row's true class (R: dscores[Y.index] <- dscores[Y.index] - 1).", lambda c: c.P / over(c)),
        Slip("every-entry", f"(probs - 1){n}, or dscores[:, y] -= 1", "1 was subtracted from every entry "
             "(dscores[:, y] -= 1 does that when every class is some row's label: [:, y] selects whole columns, "
             "and numpy subtracts once per column); subtract it only at each row's true class, dscores[rows, y] "
             "-= 1 (R's Y.index picks one entry per row).", lambda c: (c.P - 1) / over(c)),
        Slip("T-minus-P", f"(T - P){n}", "this is T − P, the gradient with its sign flipped (the accepted answer's "
             "t − y carried over with the question's letters): stepping along it would climb the loss. "
             "Prediction minus target: P − T.", lambda c: (c.T - c.P) / over(c)),
    ), only)


def l2(w: str, data: Get, W: Get, *, data_line: str = "", prefix: str = "", only=None) -> tuple[Slip, ...]:
    """The gradient ``data + reg*w`` with the L2 term missing, of the wrong sign or size, divided by
    N, squared, alone, or the data part N times too large. ``data`` and ``W`` get the data
    gradient and the weight from the context, which also has ``reg`` and ``N``."""
    def plus(term):
        return lambda c: data(c) + term(c)
    alone = f": add it to the data gradient of {data_line}" if data_line else ""
    return _pick((
        Slip("no-l2", f"the data part alone, no reg * {w}", f"{prefix}the L2 term is missing: add reg*{w} (the "
             f"gradient of the penalty 0.5·reg·Σ{w}²).", lambda c: data(c)),
        Slip("l2-sign", f"the data part - reg * {w}", f"{prefix}the L2 term has the wrong sign: the gradient of "
             f"+0.5·reg·Σ{w}² is +reg*{w}; subtracting it would make the weights grow.",
             plus(lambda c: -c.reg * W(c))),
        Slip("l2-over-N", f"the data part + reg * {w} / N", f"{prefix}the L2 term is divided by N: the penalty "
             f"0.5·reg·Σ{w}² is added to the mean loss, not averaged over the examples, so its gradient is reg*{w}, "
             f"not reg*{w}/N.", plus(lambda c: c.reg * W(c) / c.N)),
        Slip("l2-half", f"the data part + 0.5 * reg * {w}", f"{prefix}the L2 term is half of reg*{w}: the derivative "
             f"of 0.5·reg·{w}² is reg·{w} (the 2 of the square cancels the 0.5).",
             plus(lambda c: 0.5 * c.reg * W(c))),
        Slip("l2-double", f"the data part + 2 * reg * {w}", f"{prefix}the L2 term is twice reg*{w}: the 0.5 of the "
             "penalty cancels the 2 of the square.", plus(lambda c: 2 * c.reg * W(c))),
        Slip("l2-squared", f"the data part + reg * {w}**2", f"{prefix}reg*{w}² is (twice) the penalty's own term, "
             f"not its gradient: the derivative of 0.5·reg·{w}² is reg·{w}, so add reg*{w}.",
             plus(lambda c: c.reg * W(c) ** 2)),
        Slip("l2-penalty-term", f"the data part + 0.5 * reg * {w}**2", f"{prefix}0.5·reg·{w}² is the penalty "
             f"itself, not its gradient: the derivative of 0.5·reg·{w}² is reg·{w}, so add reg*{w}.",
             plus(lambda c: 0.5 * c.reg * W(c) ** 2)),
        Slip("l2-alone", f"reg * {w}", f"{prefix}only the L2 term is left{alone}.", lambda c: c.reg * W(c)),
        Slip("data-N-times", f"N * (the data part) + reg * {w}", f"{prefix}the data part is N = {{N}} times too "
             "large: the loss is a mean, so dscores carries a 1/N (R divides it in line 3); the L2 term is not "
             "divided.", lambda c: c.N * data(c) + c.reg * W(c)),
    ), only)


def relu_mask(dA: Get, A: Get, *, only=None) -> tuple[Slip, ...]:
    """δ_Z = δ_A ⊙ [A > 0] with the mask missing, taken from the gradient's sign, inverted, alone, or
    replaced by A. ``dA`` and ``A`` get the gradient before the mask and the layer's output."""
    return _pick((
        Slip("no-mask", "the gradient unmasked (or masked where A < 0)", "no entry was zeroed: the ReLU mask is "
             "missing. (Testing hidden < 0 gives this too: hidden.layer = max(z, 0) is never negative. Test "
             "hidden <= 0, or z <= 0.)", lambda c: dA(c)),
        Slip("sign-mask", "np.maximum(dhidden, 0)", "the mask was taken from the gradient's sign (dhidden <= 0). The "
             "ReLU's derivative depends on the forward pass: zero the gradient where hidden <= 0.",
             lambda c: np.maximum(dA(c), 0)),
        Slip("inverted", "dhidden * (hidden <= 0)", "the mask is inverted: this keeps the gradient where the unit was "
             "off and zeroes it where it was on.", lambda c: np.where(A(c) > 0, 0.0, dA(c))),
        Slip("mask-alone", "hidden > 0 (the mask itself)", "that is the mask [A > 0] itself, 0 or 1 (True/False): "
             "the chain rule multiplies the gradient arriving from above by it, dhidden * (hidden > 0).",
             lambda c: (A(c) > 0).astype(float), kind="mask"),
        Slip("times-hidden", "dhidden * hidden", "that multiplies by hidden.layer itself; the ReLU's derivative is "
             "the indicator [A > 0], 1 or 0, not A.", lambda c: dA(c) * A(c)),
    ), only)


def bias(key: str, source: str, width: str, b: str | None, right: Get, *, only=None) -> tuple[Slip, ...]:
    """A bias gradient, the column sums of ``source``, summed over the wrong axis, kept 2-D, as a
    column, as one number, with an L2 term, or as a mean. ``width`` names the context's field with
    the bias's length; ``b`` the bias (None: the context has ``b``); ``right`` the right gradient."""
    vector = b or "b"
    return _pick((
        Slip("rowsums", f"{source}.sum(axis=1)", f"{key} has shape ({{N}},), one number per example: it was summed "
             f"over axis=1 (across each row). The bias adds to every example, so its gradient sums over the "
             f"examples, colSums: {source}.sum(axis=0).", lambda c: (c.N,), kind="shape"),
        Slip("kept-2d", f"{source}.sum(axis=0, keepdims=True)", f"{key} is kept 2-D, shape (1, {{{width}}}): the "
             f"bias is a vector of {{{width}}} numbers, like {vector}; sum with {source}.sum(axis=0), without "
             "keepdims.", lambda c: (1, getattr(c, width)), kind="shape"),
        Slip("column", f"{source}.sum(axis=0)[:, None]", f"{key} has shape ({{{width}}}, 1): it must be a vector of "
             f"{{{width}}} numbers, like {vector}.", lambda c: (getattr(c, width), 1), kind="shape"),
        Slip("one-number", f"np.sum({source})", f"{key} is a single number: np.sum without an axis adds every entry. "
             "colSums keeps one sum per column: axis=0.", lambda c: (), kind="shape"),
        Slip("l2-on-bias", f"{source}.sum(axis=0) + reg * {vector}", f"the L2 term is on the bias: the penalty "
             f"0.5·reg·ΣW² has no biases, so {key} is colSums({source}) only.",
             lambda c: right(c) + c.reg * getattr(c, vector)),
        Slip("mean", f"{source}.mean(axis=0)", "np.mean divides by N = {N} again: colSums is a sum (the 1/N is "
             "already inside dscores).", lambda c: right(c) / c.N),
    ), only)


def transposed_weight_gradient(key: str, layer_input: str, source: str, rows: str, cols: str) -> Slip:
    """A weight gradient ``layer_input.T @ source`` written the other way round, ``source.T @
    layer_input``: its shape is the transpose (the context's sizes ``rows`` × ``cols``)."""
    return Slip("transposed", f"{source}.T @ {layer_input}", f"{key} has shape ({{{cols}}}, {{{rows}}}) = "
                f"[{cols} × {rows}]: that is t({source}) %*% {layer_input}, the transpose of the gradient. The "
                f"gradient has the shape of its weight, [{rows} × {cols}]: {layer_input}.T @ {source}.",
                lambda c: None if getattr(c, rows) == getattr(c, cols) else (getattr(c, cols), getattr(c, rows)),
                kind="shape")
