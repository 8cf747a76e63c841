"""Questions of chapter 05, "Dividing by the batch size": where the 1/N goes."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch05-where-one-over-n",
        prompt="The data loss is a mean over the N examples; the penalty 0.5·reg·(ΣW1² + ΣW2²) is not. "
               "Where does the 1/N belong in the backward pass?",
        options=(
            Option("Once, in `dscores <- dscores / batchsize`, before anything is sent back.", True,
                   "dW2 = t(hidden.layer) %*% dscores, db2 = colSums(dscores) and dhidden = dscores %*% t(W2) "
                   "are all computed from dscores, so every data gradient carries its 1/N exactly once; "
                   "reg*W1 and reg*W2 are added afterwards, undivided, as the penalty is not a mean."),
            Option("At the end: divide each of dW1, db1, dW2, db2 by N, after adding the L2 terms.", False,
                   "The data parts come out right, but the L2 terms are divided too: dW1 ends up short "
                   "by reg·W1·(1 − 1/N), and the same for dW2. The penalty is not a mean."),
            Option("In dscores and again in each gradient at the end, to be safe.", False,
                   "Then the data gradients are divided by N twice: N times too small (75 times in the "
                   "blog's run), and the L2 terms N times too small as well."),
            Option("Nowhere: dividing by a constant does not change the gradient's direction.", False,
                   "The direction of the data gradient is the same, but its length is N times larger "
                   "(75 times in the blog's run): with lr = 0.01 the data part takes the steps "
                   "that lr = 0.75 takes on the mean loss."),
        )),
    Question(
        id="ch05-bias-mean",
        prompt="After `dscores <- dscores / batchsize`, R computes `db2 <- colSums(dscores)`. Since the "
               "loss is a mean, should it be `colMeans(dscores)`?",
        options=(
            Option("No: dscores already carries the 1/N, so colSums is the mean loss's gradient.", True,
                   "A central difference of the loss with respect to b2 agrees with colSums(dscores); "
                   "colMeans would divide by N a second time."),
            Option("Yes: every gradient of a mean loss is a mean over the examples.", False,
                   "colMeans(dscores) is N times too small (75 times in the blog's run): the "
                   "mean is already inside dscores. A central difference of the loss with respect to "
                   "b2 agrees with colSums(dscores)."),
            Option("Only when reg > 0.", False,
                   "reg does not enter db2 at all: the penalty sums the squares of W1 and W2 only, so "
                   "db2 = colSums(dscores) whatever reg is."),
        )),
    Question(
        id="ch05-why-divide-first",
        prompt="The accepted answer says of `dscores <- dscores / batchsize`: \"Since we process a whole batch "
               "at once and derivative of ReLU is constant we can divide T − Y at start\". Why does dividing "
               "`dscores` once give every gradient its 1/N?",
        options=(
            Option("Because every backward line after it is linear in dscores: products with matrices and a "
                   "mask that the forward pass has fixed.", True,
                   "Scaling dscores by c scales dW2, db2, dhidden, the masked dhidden, dW1 and db1 by c. The "
                   "mask only has to be fixed, not constant: with tanh instead of the ReLU, whose derivative "
                   "differs from entry to entry, dividing first and dividing last still agree."),
            Option("Because the derivative of the ReLU is constant.", False,
                   "It is not: it is 1 where a unit is on and 0 where it is off, and the first iteration of the "
                   "blog's run has both (470 entries of the mask are 1, 280 are 0). The conclusion is right, the "
                   "reason imprecise: what matters is that the backward pass is linear in dscores for the mask "
                   "the forward pass fixed."),
            Option("Because dscores is the smallest matrix of the backward pass, so dividing it is cheapest.",
                   False,
                   "It is not the smallest: in the blog's run dscores has 75 × 3 = 225 entries, the four "
                   "gradients 40 + 10 + 30 + 3 = 83 together. Cost is not the reason it works; linearity is."),
            Option("It does not: dW1 needs its own division by N after the mask.", False,
                   "The mask zeroes entries and keeps the others as they are, so it commutes with the division: "
                   "the masked dhidden of the divided dscores is the masked dhidden of the undivided one divided "
                   "by N, bit for bit, and dW1 = t(X) %*% dhidden inherits its 1/N."),
        )),
]
