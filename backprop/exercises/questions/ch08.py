"""Questions of chapter 08, "First layer and regularisation": the mask for dW1, the L2 term, the biases."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch08-mask-for-dw1",
        prompt="R computes `dW1 <- t(X) %*% dhidden`. Which `dhidden` makes it the gradient of the loss "
               "with respect to W1?",
        options=(
            Option("`dscores %*% t(W2)`, as the question's notes write: "
                   "dW1 <- t(X) %*% (dscores %*% t(W2)).", False,
                   "That is δ_A, the gradient before the ReLU mask: units that were off still send gradient "
                   "to their weights, which did not affect the loss. On the R program's batch after 200 "
                   "iterations this dW1 fails the finite-difference check with a relative error above 0.1."),
            Option("`dscores %*% t(W2)` after `dhidden[hidden.layer <= 0] <- 0`.", True,
                   "That is δ_Z = δ_A ⊙ [A > 0], the gradient with respect to the pre-activations Z = X W1 + b1, "
                   "which W1 acts on; t(X) %*% dhidden with it agrees with finite differences to 1e-7."),
            Option("`dscores %*% t(W2)` zeroed where the input X <= 0, since dW1 multiplies by X.", False,
                   "Every iris measurement is positive, so that mask zeroes nothing: it is the unmasked "
                   "gradient again. The mask comes from the hidden layer, where the ReLU is, not from X."),
        )),
    Question(
        id="ch08-reg-over-n",
        prompt="dscores was divided by batchsize before it was sent back. Should the L2 term of "
               "`dW1 <- dW1 + reg*W1` be divided by N as well?",
        options=(
            Option("No: the penalty 0.5·reg·(ΣW1² + ΣW2²) is not a mean, and its gradient is reg·W1.", True,
                   "The 1/N belongs to the data loss, a mean over the examples, and dscores carries it into "
                   "every data gradient. The penalty is added once, undivided, so its gradient reg·W1 is "
                   "too; a finite difference of the penalty alone gives reg·W1."),
            Option("Yes: every part of the gradient of a mean loss carries the 1/N.", False,
                   "The penalty is outside the mean: reg·W1/N is N times too small (75 times on the R "
                   "program's batch). A unit that gets no data gradient would then shrink by "
                   "(1 − lr·reg/N)^2000 = 0.99973 over the R run instead of (1 − lr·reg)^2000 = 0.980199, "
                   "the factor R's own final weights show."),
            Option("It hardly matters: with reg = 1e-3 the L2 term is tiny anyway.", False,
                   "For a dead unit the L2 term is the whole gradient: it is all that moves the unit's "
                   "weights. R's final weights of its dead units 1 and 4 are (1 − lr·reg)^2000 = 0.980199 "
                   "times their initial values; with reg/N they would be 0.99973 times."),
        )),
    Question(
        id="ch08-bias-l2",
        prompt="R adds reg*W1 to dW1 and reg*W2 to dW2. What does R add to db1 and db2?",
        options=(
            Option("Nothing: the penalty 0.5·reg·(ΣW1² + ΣW2²) has no bias in it.", True,
                   "R's loss penalises the weights only, so the bias gradients are the data gradients "
                   "colSums(dhidden) and colSums(dscores); a central difference of R's loss with respect to "
                   "b1 agrees with colSums(dhidden)."),
            Option("reg*b1 and reg*b2, as for the weights.", False,
                   "That is the gradient of a penalty that includes the biases, which R's reg.loss does not: "
                   "against a central difference of R's loss, colSums(dhidden) + reg*b1 is off (relative "
                   "error above 1e-4 after 200 iterations), colSums(dhidden) agrees to 1e-7."),
            Option("It cannot matter: the biases start at zero.", False,
                   "They start at zero, so at R's initial weights reg*b1 is exactly 0 and a check there cannot "
                   "tell; but the biases move (after 200 iterations b1 is non-zero for 8 of the 10 units) "
                   "and then reg*b1 is not 0."),
        )),
]
