"""Questions of chapter 11, "Library cross-check and beyond": scikit-learn's alpha, and a third layer."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch11-alpha",
        prompt="scikit-learn's `MLPClassifier` is to minimise R's loss, the mean cross-entropy plus "
               "0.5·reg·(ΣW1² + ΣW2²) with reg = 0.001, on R's 75 training rows. Which `alpha`?",
        options=(
            Option("`alpha = reg·N = 0.075`.", True,
                   "scikit-learn divides its penalty 0.5·alpha·ΣW² by the number of samples N, R does not: "
                   "the two are equal when alpha/N = reg. At R's final weights scikit-learn's loss is then "
                   "R's loss, 0.164583."),
            Option("`alpha = reg = 0.001`: the same penalty under another name.", False,
                   "scikit-learn divides it by N, so the penalty is 75 times weaker: at R's final weights "
                   "its loss is 0.158472, R's loss minus the penalty times (1 - 1/N)."),
            Option("`alpha = reg / N`, since scikit-learn's loss is a mean.", False,
                   "Divided instead of multiplied: scikit-learn divides alpha by N once more, so the "
                   "penalty would be N² = 5625 times weaker than R's."),
            Option("`alpha = 2·reg·N = 0.15`, for the 0.5.", False,
                   "The 0.5 is in both penalties, so it cancels: this doubles R's penalty."),
        )),
    Question(
        id="ch11-third-layer",
        prompt="A network with two ReLU hidden layers: Z1 = X W1 + b1, A1 = max(Z1, 0), Z2 = A1 W2 + b2, "
               "A2 = max(Z2, 0), S = A2 W3 + b3. Given dZ2 (the gradient at Z2, after its mask), which "
               "line gives dZ1?",
        options=(
            Option("`dZ1 = (dZ2 @ W2.T) * (A1 > 0)`", True,
                   "One turn of the recursion: back through the weights that layer 1 fed (W2, transposed on "
                   "the right), then layer 1's own mask. dW1 = X.T @ dZ1 + reg*W1 agrees with finite "
                   "differences."),
            Option("`dZ1 = (dZ2 @ W2.T) * (A2 > 0)`", False,
                   "The mask of the wrong layer. With 10 and 8 hidden units the shapes differ and numpy "
                   "refuses; with two hidden layers of equal width it runs, and dW1 is wrong (relative "
                   "error above 0.1 against finite differences)."),
            Option("`dZ1 = dZ2 @ W2.T`", False,
                   "The mask is missing, the slip of the question's formula for dW1 one layer down: dW1 is "
                   "wrong (relative error above 0.1) wherever a unit of layer 1 is off."),
            Option("`dZ1 = (dZ2 @ W2) * (A1 > 0)`", False,
                   "The transpose is missing, as in the answer's equation (1) written literally: with W2 of "
                   "10 × 8 numpy refuses; with a square W2 it runs and dW1 is silently wrong (relative "
                   "error above 0.1)."),
        )),
]
