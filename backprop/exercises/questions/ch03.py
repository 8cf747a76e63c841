"""Questions of chapter 03, "Data and the forward pass": the first loss and R's `probs[Y.index]`."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch03-first-loss-log-3",
        prompt="On the R program's batch the first loss is 1.0985, close to log 3 = 1.0986. Why?",
        options=(
            Option("The classes are balanced, 25 of each.", False,
                   "Balance plays no part: every probability is near 1/3 whatever the class. On the 25 "
                   "setosa rows alone, the first loss is also within 0.001 of log 3."),
            Option("The biases start at 0.", False,
                   "Zero biases are not enough: with the same zero biases and R's initial weights "
                   "multiplied by 100, the first loss on the R batch is about 7.7, far from log 3."),
            Option("The weights are of size 0.01, so every score is near 0 and every probability near 1/3; "
                   "−log(1/3) = log 3.", True,
                   "On the R batch the largest |score| is 0.0025 and every probability is within 0.001 of "
                   "1/3. The questioner's run shows the same fact: head(probs) is 0.3332967 0.3327828 "
                   "0.3339205."),
            Option("A softmax of 3 scores always gives probabilities near 1/3.", False,
                   "Only near-equal scores do: the softmax of the scores (0, 1, 2) is (0.090, 0.245, 0.665)."),
        )),
    Question(
        id="ch03-probs-y-index",
        prompt="R picks each example's probability of its true class with `probs[Y.index]`. With "
               "`rows = np.arange(N)` and the 0-based labels `y`, which numpy expression does the same?",
        options=(
            Option("`probs[:, y]`", False,
                   "A slice and an index array are not paired: this takes column y_i for every row, an "
                   "N × N array (75 × 75 on the R batch)."),
            Option("`probs[rows, y]`", True,
                   "Two integer index arrays of length N are paired entry by entry, (0, y_0), (1, y_1), ...: "
                   "one number per example, the same N numbers R's two-column index matrix picks."),
            Option("`probs[Y_index]`, with R's N × 2 matrix `Y_index` itself", False,
                   "numpy reads one integer array as row numbers: each of its 2N entries picks a whole row. "
                   "With R's 1-based numbers, row N does not exist in numpy (IndexError); with 0-based ones "
                   "the result is an N × 2 × K array, not N numbers."),
            Option("`(probs * T).sum()`, with the one-hot `T`", False,
                   "Without axis=1 the sum runs over the examples too: one number, the sum of the N picked "
                   "probabilities. (probs * T).sum(axis=1) gives one per example."),
        )),
]
