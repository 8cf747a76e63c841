"""Questions of chapter 01, "Overview, notation and the chain rule": the answer's letters and its column convention."""

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
            Option("3 × 10 for one example, but 3 × 75 for the batch of 75: one column per example.", False,
                   "The weights do not depend on how many examples pass through them: W^2 is 3 × 10 for one "
                   "example and for the batch. What has one column per example is the batch of activations "
                   "and scores: O^1 is 10 × 75 and I^2 = W^2 O^1 is 3 × 75, R's t(score)."),
        )),
]
