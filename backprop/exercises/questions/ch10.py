"""Questions of chapter 10, "Gradient checking": a kink or a bug, float32, and which error means right."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch10-kink-or-bug",
        prompt="At R's initial weights, `bp.check_gradients` with h = 1e-5 reports a relative error of "
               "4.0e-4 for W1 and below 1e-7 for b1, W2 and b2. What does it tell you?",
        options=(
            Option("dW1 has a slip: anything above 1e-7 is a bug.", False,
                   "The same dW1 passes (below 1e-7) at the same point with h = 1e-6, and with h = 1e-5 once "
                   "the bias of hidden unit 2 is nudged by -1e-4: the backward pass did not change, only "
                   "the check did."),
            Option("A pre-activation lies within reach of the step: the two evaluations straddle a ReLU kink, "
                   "and dW1 is right.", True,
                   "Z for example 13 and hidden unit 2 is -1.2e-5, and a nudge of W1[d, 2] by h moves it by "
                   "x_d·h, up to 5e-5: exactly the three entries of W1 whose nudge carries it across 0 "
                   "disagree. A step below min|Z| / max|x| = 1.6e-6 reaches no kink, and the check passes."),
            Option("The step is too small, so rounding dominates: use h = 1e-3.", False,
                   "A larger step reaches more kinks: at h = 1e-3 the error of W1 grows above 1e-2 and b1 "
                   "fails too. Rounding is not the problem in float64: W2 passes with the same h = 1e-5."),
            Option("The ReLU mask is missing from dW1, as in the question's formula.", False,
                   "A missing mask gives far larger errors: about 0.5 for W1 and 0.99 for b1 at these "
                   "weights (h = 1e-6), and b1 passes here."),
        )),
    Question(
        id="ch10-float32",
        prompt="At the weights after 200 iterations you evaluate the loss in float32 and check W2 with "
               "h = 1e-5. The backward pass is right, yet the relative error is above 1e-3. Why?",
        options=(
            Option("The loss is rounded to float32: an error of about eps·|L|, with eps = 1.2e-7, divided "
                   "by 2h.", True,
                   "eps·|L|/h is about 1e-2 here, not much smaller than the largest entry of dW2 (0.06): "
                   "the difference quotient is mostly rounding. In float64 (eps = 2.2e-16) the same step "
                   "gives an error below 1e-9."),
            Option("W2 + h rounds back to W2 in float32, so the difference is 0.", False,
                   "No entry of W2 rounds back, at h = 1e-5 nor even at h = 1e-7: the step survives the "
                   "conversion to float32. What float32 loses is the change of the loss, in its rounding."),
            Option("The truncation error h²·|L'''|/6 is larger in float32.", False,
                   "Truncation does not depend on the number format: the same step with the loss in "
                   "float64 gives a relative error below 1e-9."),
            Option("The step is too large: h = 1e-7 would cut the truncation error.", False,
                   "In float32 that makes it worse: at h = 1e-7 the change the step makes in the loss, "
                   "at most 1.2e-8, is below the spacing of float32 numbers near the loss (1.2e-7), the "
                   "data loss comes out the same at both points, and the relative error is about 1."),
        )),
    Question(
        id="ch10-what-is-right",
        prompt="In float64, with no kink within reach of the step, which relative error says that a "
               "backward pass is right?",
        options=(
            Option("Below about 1e-7.", True,
                   "At the weights after 200 iterations with h = 1e-6 all four rows of the right gradient "
                   "are below 1e-7, and every slip of the chapter's table is above 1e-4."),
            Option("Below 1e-2.", False,
                   "Slips in the small L2 term pass that rule: reg·b added to the biases gives 4.5e-4 for "
                   "b1, and 0.5·reg·W instead of reg·W gives 2.8e-4 for W1."),
            Option("Exactly 0.", False,
                   "A central difference carries a truncation error (of order h²) and a rounding error "
                   "(of order eps/h): the right gradient's relative error is small, never 0."),
            Option("Anything below 1: only 1 means wrong, a flipped sign.", False,
                   "A flipped sign gives 1, but a missing 1/N gives (N - 1)/(N + 1) = 74/76, about 0.974 "
                   "on the R program's 75 rows: below 1 and completely wrong."),
        )),
]
