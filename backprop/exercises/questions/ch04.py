"""Questions of chapter 04, "Softmax + cross-entropy gradient": `dscores = probs`, and P − T w.r.t. what."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch04-dscores-is-probs",
        prompt="In numpy, `dscores = probs`, then `dscores[rows, y] -= 1`. What has happened to `probs`?",
        options=(
            Option("It changed too: both names refer to one array, so its rows now sum to 0. Write "
                   "`dscores = probs.copy()`.", True,
                   "numpy's = gives the same array a second name (np.shares_memory(dscores, probs) is True). "
                   "R's dscores <- probs behaves as a copy: R copies an object when it is modified through "
                   "one of its names (copy-on-modify), so R's probs keeps its values."),
            Option("Nothing: `=` makes a copy, as R's `<-` does.", False,
                   "numpy's = never copies an array: after the subtraction probs has lost 1 at each "
                   "example's true class, and each of its rows sums to 0, not 1. Anything computed from "
                   "probs afterwards (the loss, a check) uses the changed numbers."),
            Option("numpy refuses: `probs` is read-only once the softmax has computed it.", False,
                   "The array the softmax returns is an ordinary writable array: the subtraction succeeds "
                   "without a word, in probs."),
        )),
    Question(
        id="ch04-derivative-with-respect-to",
        prompt="The accepted answer writes `∂L/∂t_i = t_i − y_i`, with `t_i` the predicted output; in the "
               "course's letters that is `p_i − t_i`. With respect to what is `p_i − t_i` the derivative of "
               "the example's loss ℓ_i?",
        options=(
            Option("The prediction `p_i` itself, as the answer writes.", False,
                   "With respect to the prediction, ℓ_i = −Σ_k T_ik log P_ik has the derivative −t_i/p_i "
                   "(entry by entry): on example 1 of the R batch, −3.0022 at the true class and 0 "
                   "elsewhere, not p_i − t_i = (−0.6669, 0.3338, 0.3331)."),
            Option("The scores `s_i`, the row of R's `score` that the softmax turns into `p_i`.", True,
                   "Finite differences of ℓ_i with respect to the scores agree with p_i − t_i (relative "
                   "error below 1e-7). It is R's dscores before the division by N, and the question's own "
                   "∂Cost/∂z_i = y_i − t_i."),
            Option("The weights `W2`.", False,
                   "dW2 = t(hidden.layer) %*% dscores is an H × K matrix (10 × 3 on the R batch), a sum "
                   "over the examples; p_i − t_i is one example's K = 3 numbers, the gradient with respect "
                   "to its scores."),
        )),
]
