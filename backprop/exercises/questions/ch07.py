"""Questions of chapter 07, "Back through W2 and the ReLU mask": which mask, where it goes, a square W2."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch07-mask-h-or-z",
        prompt="R zeroes the gradient with `dhidden[hidden.layer <= 0] <- 0`. Which masks give R's dhidden?",
        options=(
            Option("Only `hidden.layer <= 0`: the mask must come from the ReLU's output.", False,
                   "z <= 0 marks the same entries: hidden.layer = max(z, 0) is 0 exactly where z <= 0, "
                   "so either array gives the same mask."),
            Option("`hidden.layer <= 0` or `z <= 0`: they mark the same entries.", True,
                   "hidden.layer = max(z, 0) is 0 exactly where z <= 0, so the two masks are equal, "
                   "entry by entry, on every batch."),
            Option("Any of `hidden.layer <= 0`, `z <= 0` or `hidden.layer < 0`.", False,
                   "hidden.layer < 0 is never true (max(z, 0) is never negative): it masks nothing, "
                   "which leaves the unmasked gradient, the slip in the question's formula for dW1."),
            Option("`dhidden <= 0`: the sign of the gradient decides.", False,
                   "The ReLU's derivative depends on the forward pass, not on the gradient: "
                   "dhidden <= 0 zeroes other entries, and the resulting dW1 fails the gradient check."),
        )),
    Question(
        id="ch07-product-then-mask",
        prompt="R computes `dhidden <- dscores %*% t(W2)`, then `dhidden[hidden.layer <= 0] <- 0`. Could the "
               "mask be applied before the product instead?",
        options=(
            Option("No: the mask has the shape of the hidden layer, [N × H], and acts on dhidden, which exists "
                   "only after the product.", True,
                   "The mask equation is δ_Z = δ_A ⊙ [A > 0] with δ_A = δ_S W2ᵀ: one entry per example and "
                   "hidden unit. dscores is [N × K] (75 × 3 on the R program's batch, the mask 75 × 10), so "
                   "there is nothing of the mask's shape to zero before the product."),
            Option("Yes: zero the entries of dscores where hidden.layer <= 0.", False,
                   "The mask is [N × H] (75 × 10 on the R program's batch) and dscores is [N × K] (75 × 3): they "
                   "do not have the same shape, and the mask's columns are hidden units, not classes."),
            Option("Yes: zero the rows of W2 of the units that are off, then multiply.", False,
                   "Which units are off differs from example to example (on the R program's batch the 75 rows "
                   "of the mask are not all alike), so that would need another W2 for every example. Only for a "
                   "unit off for every example is zeroing its row of W2 the same."),
        )),
    Question(
        id="ch07-square-w2",
        prompt="With 3 hidden units and 3 classes, W2 is square and `dhidden <- dscores %*% W2` runs without an "
               "error. What does it give?",
        options=(
            Option("Wrong numbers, silently: only a gradient check shows it.", True,
                   "dscores %*% W2 has the shape of dscores %*% t(W2) but other values unless W2 is symmetric. "
                   "On chapter 07's 4 → 3 → 3 network the resulting dW1 has a relative error of 0.63 against "
                   "finite differences (b1 0.50), while dW2 and db2, computed before this line, pass."),
            Option("The right dhidden: a square W2 has the same shape as t(W2), so the product is the same.",
                   False,
                   "The same shape, not the same numbers: (dscores %*% W2)[i, j] = Σ_k dscores[i, k] W2[k, j], "
                   "but the gradient needs Σ_k dscores[i, k] W2[j, k]. They agree only for a symmetric W2."),
            Option("The right dhidden, because the accepted answer's equation (1) has no transpose either.",
                   False,
                   "Equation (1) is wrong as written: in its own column convention its W^k is outputs × inputs "
                   "and the factor must be (W^k)ᵀ. Typed literally, t(W2) %*% t(dscores) is the transpose of "
                   "dscores %*% W2, the same wrong numbers."),
        )),
]
