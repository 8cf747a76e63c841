"""Questions of chapter 15, "The gradient seen moving": the thin edges and the flat start."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch15-thin-edges",
        prompt="In frame 8 (`dW1 <- t(X) %*% dhidden`) every edge into hidden units 1 and 4 stays thin: "
               "those entries of dW1 are exactly 0. Why?",
        options=(
            Option("The entries of W1 for units 1 and 4 are 0.", False,
                   "They are not: R's initial W1 has no zero entry. And W1 does not appear in "
                   "t(X) %*% dhidden at all: a zero weight would not zero its own gradient."),
            Option("Units 1 and 4 are off (hidden.layer <= 0) for every example of the batch, so the "
                   "mask zeroes columns 1 and 4 of dhidden, and t(X) %*% dhidden has zero columns there.", True,
                   "Column j of dW1 is t(X) times column j of dhidden, and the mask has zeroed that column "
                   "on all 75 rows: a unit off for the whole batch gets no data gradient on any of its edges."),
            Option("Some inputs are 0, and t(X) multiplies their gradient away.", False,
                   "Every iris measurement is positive (the smallest in the batch is 0.1 cm), so X has no "
                   "zero entry; and a zero input would zero a row of dW1 (one input's edges), not a column."),
            Option("The regularisation term cancels the data gradient there.", False,
                   "In frame 8 no penalty has been added yet: line 8 comes before line 11, "
                   "dW1 <- dW1 + reg * W1. After line 11 those entries are reg * W1, not 0."),
        )),
    Question(
        id="ch15-flat-start",
        prompt="Trained on the spiral (100 hidden units, step 1), the loss stays near log 3 = 1.0986 for "
               "about twenty iterations before it falls. Why does it barely move at first?",
        options=(
            Option("The learning rate is too small.", False,
                   "A step of 1 is long for this problem: the loss spikes later (iterations 726 to 1099) "
                   "are steps too long. With the same step the loss is below 0.8 by iteration 52."),
            Option("The weights start at 0.01 scale, so the scores are near 0 and P is near 1/3; and each "
                   "layer's gradient is proportional to the other layer's tiny weights.", True,
                   "The largest score is 0.0014 in size, so P is 1/3 to within 0.0004 and the loss is "
                   "log 3. dW2 = t(A) %*% dscores with A as small as W1, and dhidden = dscores %*% t(W2): "
                   "the scores grow like a product of two small numbers, slowly at first, then fast."),
            Option("Most hidden units are dead at the start.", False,
                   "No unit is dead at the start: each one is active on part of the plane, and 49% of "
                   "the 30000 entries of Z (300 points, 100 units) are positive."),
            Option("The L2 penalty holds the weights at 0.", False,
                   "At the start the penalty's gradient reg * W is about 100 times smaller than the data "
                   "gradient of W1 and about 34 times smaller than that of W2: it holds nothing."),
        )),
]
