"""Questions of chapter 01, "Overview and notation": the accepted answer's letters and its column convention."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch01-which-letter-is-the-prediction",
        prompt="The accepted answer writes the softmax derivative as `∂L/∂t_i = t_i − y_i` and lists `T` in "
               "its notation. In its letters, which names the network's prediction, R's `probs` (the course's P)?",
        options=(
            Option("`t_i`, and its capital `T`.", True,
                   "The answer says \"where t_i is predicted output\" and lists \"T - predicted output\"; its "
                   "y_i is the one-hot target. The question uses the letters the other way round (y the "
                   "prediction, t the target), and the course writes P for the prediction and T for the "
                   "target: translate before comparing formulas (chapter 00 has the table)."),
            Option("`y_i`, as in the question.", False,
                   "That is the question's letter for the prediction; the answer's y_i is the one-hot "
                   "target (0, ..., 1, ..., 0). Read with the question's letters, the answer's t_i − y_i "
                   "becomes target minus prediction, T − P: the gradient with its sign flipped, relative "
                   "error 1 against P − T (chapter 04)."),
            Option("`t_i` for one example, but capital `T` is the one-hot target matrix, as in this course.", False,
                   "The answer's notation list says \"T - predicted output\" and \"T = o^n\": its capital T "
                   "is the prediction, the output of the last layer. The course's T is the one-hot target, "
                   "so the two T's name opposite things."),
        )),
    Question(
        id="ch01-shape-of-the-answers-w",
        prompt="The accepted answer writes a layer as `i^k = W^k o^{k-1} + b^k`, one example per column. "
               "On R's network (4 inputs, 10 hidden units, 3 classes), what shape is its `W^2`?",
        options=(
            Option("10 × 3, the shape of R's `W2`.", False,
                   "A 10 × 3 matrix times o^1, a 10 × 1 column, does not conform. R's W2 is 10 × 3 because "
                   "R multiplies a row from the right (hidden.layer %*% W2); the answer's W^2 is its "
                   "transpose, 3 × 10."),
            Option("3 × 10, outputs × inputs: R's `t(W2)`.", True,
                   "o^1 is a column of the 10 hidden activations and i^2 a column of 3 scores, so W^2 maps "
                   "10 numbers to 3: a 3 × 10 matrix. R's W2 is 10 × 3 because R writes an example as a row "
                   "on the left, hidden.layer %*% W2; W^2 o^1 is the transpose of that row."),
            Option("10 × 10: equation (1) multiplies `W^k` by `∂L/∂i^k`, so W^2 must fit both products.", False,
                   "W^2 maps the 10 hidden activations to the 3 scores, so it is 3 × 10, and no square "
                   "matrix does that. That equation (1) does not conform with it is the slip in (1): the "
                   "factor must be (W^k)ᵀ (chapter 00)."),
        )),
    Question(
        id="ch01-equation-1-as-written",
        prompt="Equation (1) of the accepted answer reads `∂L/∂o^{k-1} = W^k ∂L/∂i^k`. With its `W^2` "
               "(3 × 10 on R's network) and one example's `∂L/∂i^2` (3 × 1), what does it give?",
        options=(
            Option("R's `dhidden` for that example, transposed: (1) is right in its column convention.", False,
                   "As written, (1) has no transpose. In the column convention W^k is outputs × inputs, so "
                   "W^k ∂L/∂i^k does not conform unless W^k is square, and with a square W^k it runs and "
                   "gives wrong numbers (chapter 07). The answer's own ∂L/∂W^k = ∂L/∂i^k (o^{k-1})ᵀ "
                   "presumes that outputs × inputs shape."),
            Option("Nothing: a 3 × 10 times a 3 × 1 does not conform. The factor must be `(W^2)ᵀ`, in R's "
                   "rows `dscores %*% t(W2)`.", True,
                   "(W^2)ᵀ ∂L/∂i^2 is 10 × 1, one entry per hidden unit: the example's row of R's dhidden "
                   "before the mask, transposed, and it agrees with finite differences. As written, (1) "
                   "lacks the transpose in its own column convention."),
            Option("A 10 × 1 column: numpy broadcasts the shapes until the product fits.", False,
                   "Matrix products do not broadcast over the two dimensions they multiply: in numpy, a "
                   "(3, 10) @ (3, 1) raises ValueError."),
        )),
]
