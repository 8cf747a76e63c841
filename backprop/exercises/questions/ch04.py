"""Questions of chapter 04, "Softmax + cross-entropy gradient": `dscores = probs`, and P − T w.r.t. what."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch04-dscores-is-probs",
        prompt="R's `dscores <- probs` is typed in numpy as `dscores = probs`, followed by "
               "`dscores[rows, y] -= 1` and `dscores /= N`. What does `probs` hold afterwards?",
        options=(
            Option("`probs` as the forward pass computed it: `=` copies, as R's `<-` does.", False,
                   "numpy's = copies nothing: it gives the same array a second name (dscores is probs "
                   "is True). Both in-place lines write into that one array, so probs ends up holding "
                   "(P − T)/N: each of its rows sums to 0, and at each row's true class it is negative, "
                   "which no probability is."),
            Option("(P − T)/N, the same numbers as `dscores`: the two names are one array.", True,
                   "After dscores = probs, dscores is probs is True, and -= and /= change an array "
                   "in place. R's <- behaves as a copy (R copies an object when one of its names is "
                   "modified), so R's probs stays the softmax output. In numpy write "
                   "dscores = probs.copy()."),
            Option("P − T: `dscores /= N` makes a new array, so only the subtraction reaches `probs`.", False,
                   "/= works in place as -= does: dscores /= N divides the array both names hold, so "
                   "probs is (P − T)/N, not P − T. (dscores = dscores / N would make a new array, and "
                   "leave probs at P − T.)"),
            Option("`probs` is unchanged, because `dscores[rows, y]` is fancy indexing, which copies.", False,
                   "Reading probs[rows, y] does give a copy, but dscores[rows, y] -= 1 is an "
                   "assignment into the array (numpy runs dscores[rows, y] = dscores[rows, y] - 1), and "
                   "that array is probs: its entries at the true classes drop by 1."),
        )),
    Question(
        id="ch04-derivative-with-respect-to",
        prompt="The accepted answer writes `∂L/∂t_i = t_i − y_i`, with `t_i` the predicted output; in the "
               "course's letters that is `p_i − t_i`. With respect to what is `p_i − t_i` the derivative of "
               "the example's loss ℓ_i?",
        options=(
            Option("The prediction `p_i` itself, as the answer writes.", False,
                   "With respect to the prediction, ℓ_i = −Σ_k T_ik log P_ik has the derivative −t_i/p_i "
                   "(entry by entry): on example 1 of the blog's run, −3.0022 at the true class and 0 "
                   "elsewhere, not p_i − t_i = (−0.6669, 0.3338, 0.3331)."),
            Option("The scores `s_i`, the row of R's `score` that the softmax turns into `p_i`.", True,
                   "Finite differences of ℓ_i with respect to the scores agree with p_i − t_i (relative "
                   "error below 1e-7). It is R's dscores before the division by N, and the question's own "
                   "∂Cost/∂z_i = y_i − t_i."),
            Option("The weights `W2`.", False,
                   "dW2 = t(hidden.layer) %*% dscores is an H × K matrix (10 × 3 in the blog's run), a sum "
                   "over the examples; p_i − t_i is one example's K = 3 numbers, the gradient with respect "
                   "to its scores."),
        )),
]
