"""Questions of chapter 06, "Output-layer gradients": the shape of dW2, where the sum is, zero rows."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch06-sigma-only-db2",
        prompt="The questioner writes: \"The Σ part only seems to come into play in db2 <- colSums(dscores), "
               "which only updates the bias.\" Where is the sum over the examples in "
               "`dW2 <- t(hidden.layer) %*% dscores`?",
        options=(
            Option("Inside the matrix product: entry (j, k) of t(hidden.layer) %*% dscores is the sum over the "
                   "examples i of hidden.layer[i, j] · dscores[i, k].", True,
                   "The product sums over the index the two matrices share, the N examples: dW2 is the sum of "
                   "the N outer products a_iᵀ δ_S,i, one per example (the accepted answer's equation (4)). "
                   "colSums(dscores) is the same product with a column of ones in place of hidden.layer."),
            Option("Nowhere: dW2 is a per-example gradient, and the 1/N of dscores turns it into an average.",
                   False,
                   "dW2 has the shape of W2, [H × K], with no index left for the examples: they have been summed "
                   "over. The 1/N inside dscores turns that sum into the gradient of a mean; it does not replace it."),
            Option("In the update W2 <- W2 - lr * dW2, which is applied once per example.", False,
                   "R applies the update once per iteration, for the whole batch. The sum over the examples is "
                   "already inside dW2: it equals the sum of the N outer products a_iᵀ δ_S,i."),
        )),
    Question(
        id="ch06-dw2-shape",
        prompt="On the questioner's run, hidden.layer is [90 × 6] and dscores is [90 × 3]. What shape is dW2?",
        options=(
            Option("[6 × 3], the shape of W2.", True,
                   "t(hidden.layer) %*% dscores is [6 × 90]·[90 × 3] = [6 × 3]: one entry per weight, so R can "
                   "add reg*W2 and subtract lr*dW2 from W2."),
            Option("[3 × 6], the accepted answer's dL/dW = dL/di (o)ᵀ.", False,
                   "That is the layout of the answer's column convention, where W^2 is outputs × inputs; in R it "
                   "is t(dscores) %*% hidden.layer, the same numbers transposed, and R cannot subtract it from "
                   "the [6 × 3] W2 (non-conformable arrays)."),
            Option("[90 × 3], one row per example like dscores.", False,
                   "A gradient has the shape of its parameter: W2 is [6 × 3]. The 90 examples are summed over "
                   "inside the product t(hidden.layer) %*% dscores."),
            Option("[90 × 6], like hidden.layer.", False,
                   "That is the shape of dhidden = dscores %*% t(W2), the gradient with respect to the hidden "
                   "layer, not to the weights W2 [6 × 3]."),
        )),
    Question(
        id="ch06-zero-rows",
        prompt="Rows 2 and 4 of the questioner's dW2 print as exactly 0. Why?",
        options=(
            Option("Hidden units 2 and 4 are 0 for every one of the 150 iris flowers, so every term of their "
                   "rows is 0 · dscores[i, k].", True,
                   "Row j of t(hidden.layer) %*% dscores is the sum over the training rows of "
                   "hidden.layer[i, j] · dscores[i, ], and units 2 and 4 are off for all 150 flowers: the rows are "
                   "zero whichever 90 rows were drawn. Only the L2 term reg*W2 moves their weights."),
            Option("Their entries are tiny and R's print rounds them to 0.", False,
                   "R prints tiny numbers in scientific notation: row 5 prints as 2.085304e-06, from a single "
                   "flower (iris row 63). Rows 2 and 4 are exactly zero."),
            Option("Rows 2 and 4 of W2 are zero.", False,
                   "W2 is drawn with rnorm and no entry is zero; and dW2 = t(hidden.layer) %*% dscores does not "
                   "contain W2 at all (only the L2 term reg*W2, added later, does)."),
            Option("Each row of dscores sums to 0, so the products cancel.", False,
                   "Each row of P − T does sum to 0, but entry (j, k) of dW2 adds hidden.layer[i, j] · "
                   "dscores[i, k] over the examples, one class k at a time: nothing cancels across classes. "
                   "Rows 1, 3 and 6 are built from the same dscores and their entries lie between 5e-4 and "
                   "3e-2. Rows 2 and 4 are zero because their units are off."),
        )),
]
