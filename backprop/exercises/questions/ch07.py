"""Questions of chapter 07, "Back through W2 and the ReLU mask": which array the mask comes from."""

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
]
