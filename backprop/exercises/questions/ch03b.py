"""Questions of chapter 03b, "Checking a gradient by finite differences": reading a relative error, and the kink."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch03b-read-the-error",
        prompt="A backward pass is checked against central differences on the R program's batch (N = 75), "
               "and the relative error of a gradient is 0.9737. Which slip gives exactly this value?",
        options=(
            Option("A flipped sign: T − P instead of P − T.", False,
                   "A flipped sign compares −b with b: ‖−b − b‖ / (‖b‖ + ‖b‖) = 2‖b‖ / 2‖b‖, a relative "
                   "error of exactly 1."),
            Option("A factor 2: the gradient twice too large.", False,
                   "2b against b gives ‖b‖ / (2‖b‖ + ‖b‖) = 1/3, a relative error of 0.3333."),
            Option("A ReLU kink: a pre-activation within h of 0.", False,
                   "A kink spoils only the entries whose pre-activation it reaches, in the first layer "
                   "(W1, b1), by an amount that depends on the point; it gives no fixed value, and the "
                   "same gradient passes with a smaller h. In this chapter's network it gave 0.17 for W1 (section 4)."),
            Option("A missing 1/N: the gradient N = 75 times too large.", True,
                   "Nb against b gives (N − 1)‖b‖ / (N + 1)‖b‖ = 74/76 = 0.9737 for N = 75: close to 1, "
                   "but not 1, which is a flipped sign."),
        )),
    Question(
        id="ch03b-first-layer-only",
        prompt="With h = 1e-5, the check of a ReLU network passes for W2 and b2 but reports a relative "
               "error above 1e-2 for W1 and b1. What do you check first?",
        options=(
            Option("The line `dW1 <- t(X) %*% dhidden`: the first layer's gradient must be wrong.", False,
                   "Perhaps, but a right backward pass gives exactly this picture when a pre-activation "
                   "lies within h of 0: in section 4 the helper's own gradients fail for W1 and b1 only, "
                   "and pass at a smaller step. Look at the pre-activations before rewriting a line."),
            Option("The pre-activations nearest 0: if one is within h of the kink, check again with a smaller "
                   "h, or at a point moved away from it.", True,
                   "Nudging W1 or b1 moves Z, and a Z within h of 0 switches its unit on or off between "
                   "the two evaluations; W2 and b2 move no Z. In section 4, h = 1e-7 at the same point, "
                   "or h = 1e-5 at a point moved by 1e-3, passes for all four."),
            Option("A larger step, h = 1e-3, to average the kink out.", False,
                   "A larger step reaches more pre-activations, not fewer: at the point of section 4, "
                   "h = 1e-3 still gives W1 and b1 an error above 1e-2, and W2's error grows from below "
                   "1e-10 to above 1e-8, the h² truncation error."),
            Option("The float type: redo the check in float32, whose rounding is coarser than the kink.", False,
                   "float32 makes the check worse everywhere: the rounding of the loss, about 1e-7·|L|, "
                   "divided by 2h, gives even W2, which no kink reaches, an error above 1e-3 at h = 1e-5 "
                   "(chapter 10 measures it)."),
        )),
]
