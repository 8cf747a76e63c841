"""Questions of chapter 12, "Your backward pass, diagnosed": from a wrong result to the line that made it."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch12-all-times-n",
        prompt="On the R program's batch with reg = 0, your db2, dW2, db1 and dW1 are each exactly 75 times "
               "the checker's. Which line is wrong?",
        options=(
            Option("Line 4, `dW2 <- t(hidden.layer) %*% dscores`.", False,
                   "Line 4 makes dW2 only: db2, dhidden, dW1 and db1 are computed from dscores, not from "
                   "dW2, so a slip in line 4 leaves those three right."),
            Option("Line 3, `dscores <- dscores / batchsize`: the 1/N is missing.", True,
                   "Every later line is linear in dscores, so an undivided dscores, N = 75 times too "
                   "large, makes every gradient 75 times too large. (With reg > 0 the L2 terms, added "
                   "after, are not scaled, and the factor is 75 for the data parts only.)"),
            Option("Line 2: T − P instead of P − T.", False,
                   "A flipped sign multiplies every gradient by −1, not by 75: the relative error of each "
                   "is exactly 1."),
            Option("Lines 5 and 9: `colSums` where the mean's `colMeans` belongs.", False,
                   "The other way round: colMeans would divide by N a second time, making db2 and db1 "
                   "75 times too small, and it does not touch dW2 or dW1."),
        )),
    Question(
        id="ch12-silent-transpose",
        prompt="Your function raises a ValueError on the R program's batch (W2 is 10 × 3). On the square "
               "network (W2 is 3 × 3) it runs: dscores, dW2 and db2 are right, dhidden, dW1 and db1 are "
               "wrong. Which line is it?",
        options=(
            Option("Line 4: `dW2 = dscores.T @ hidden`.", False,
                   "That is dW2 transposed, [K × H]: it runs on both networks, and on the square one its "
                   "values are wrong, but your dW2 is right."),
            Option("Line 7: the mask taken from `dhidden <= 0`.", False,
                   "A mask works entry by entry on arrays of one shape: it raises on no network, whatever "
                   "array it is taken from, and it leaves dhidden itself right. The error on the R batch "
                   "is a product whose shapes do not conform."),
            Option("Line 8: `dW1 = dz.T @ X`.", False,
                   "dz.T @ X is [H × N]·[N × D]: it conforms on every network and gives dW1 transposed, "
                   "[H × D]; it never raises, it leaves dhidden right, and db1 too."),
            Option("Line 6: `dhidden = dscores @ W2`, the transpose forgotten.", True,
                   "dscores [N × 3] times W2 [10 × 3] does not conform, so on the R batch it raises; with W2 "
                   "3 × 3 it runs and gives δ_S W2 instead of δ_S W2ᵀ, and every line after it (dz, dW1, "
                   "db1) inherits the wrong values. (The accepted answer's equation (1) is this slip: "
                   "chapter 07.)"),
        )),
    Question(
        id="ch12-mask-where-z-is-zero",
        prompt="On the network with an input row of zeros, your dz differs from the checker's at exactly two "
               "entries, example 1 at units 1 and 3, where z is exactly 0; on the R program's batch it is "
               "right. Which mask did you write?",
        options=(
            Option("`dz = np.where(hidden < 0, 0.0, dhidden)`", False,
                   "hidden = max(z, 0) is never negative, so this masks nothing: dz is dhidden itself, "
                   "wrong at every entry where a unit is off (21 on that network, 280 on the R batch), "
                   "not at two."),
            Option("`dz = np.where(z < 0, 0.0, dhidden)`", True,
                   "z < 0 and R's hidden.layer <= 0 differ only where z is exactly 0: there R zeros the "
                   "gradient and z < 0 keeps it. The R batch has no such entry, which is why the checker "
                   "runs a network built to have two."),
            Option("`dz = np.where(dhidden <= 0, 0.0, dhidden)`", False,
                   "The sign of the gradient is not the ReLU's derivative: this mask differs from R's at "
                   "407 of the R batch's 750 entries, so the checker would stop there already."),
            Option("`dz = np.where(z <= 0, 0.0, dhidden)`", False,
                   "That is R's mask: hidden.layer = max(z, 0) is 0 exactly where z <= 0, so it is right "
                   "at every entry, including the two where z is 0."),
        )),
    Question(
        id="ch12-l2-on-a-bias",
        prompt="Your function passes on the R program's batch at R's initial weights, but at the weights "
               "after R's 2000 iterations (the same batch) db2 differs from the checker's by exactly "
               "reg·b2. What did you write?",
        options=(
            Option("`db2 = dscores.mean(axis=0)`", False,
                   "colMeans divides by N = 75 a second time: db2 would be 75 times too small already at the "
                   "initial weights, where db2 is not 0, and the checker would stop there."),
            Option("Nothing wrong: the trained weights are another network, and the difference is rounding.",
                   False,
                   "The checker's reference is recomputed at the trained weights, and reg·b2 there is "
                   "about 5e-4 in its largest entry, against db2 entries of 2e-3 to 8e-3: it changes "
                   "every entry by more than 1 %, where rounding changes the 16th digit."),
            Option("`db2 = dscores.sum(axis=0) + reg * b2`: the L2 term on the bias.", True,
                   "R's penalty 0.5·reg·(ΣW1² + ΣW2²) has no biases, so db2 is colSums(dscores) only. At "
                   "R's initial weights b2 = 0 and the extra term adds nothing: the slip hides until "
                   "training has moved b2."),
            Option("`dscores = dscores_minus_1` without `/ N`.", False,
                   "Then db2 would be 75 times too large already at the initial weights (where it is not "
                   "0), and dW2, dW1, db1 with it."),
        )),
]
