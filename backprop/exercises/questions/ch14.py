"""Questions of chapter 14, "CS231n's spiral": the lines a linear classifier keeps, why it stops at
49%, and how many cells a layer of ReLU units can cut the plane into."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch14-linear-lines",
        prompt="Take the hidden layer out of the R program, so that `score <- sweep(X %*% W, 2, b, '+')`. "
               "Which of its eleven backward lines remain?",
        options=(
            Option("The three lines that make `dscores`, and the output layer's three with X in the place of "
                   "`hidden.layer`: `dW <- t(X) %*% dscores`, `db <- colSums(dscores)`, `dW <- dW + reg*W`.", True,
                   "δ_S = (P − T)/N does not depend on what made the scores, and the weights now multiply X, so "
                   "dW = Xᵀδ_S + λW and db = Σδ_S. The five lines through W2, the mask and W1 vanish with the "
                   "hidden layer. A central difference of the linear classifier's loss agrees with these six lines."),
            Option("All eleven: without a ReLU the mask simply keeps every entry.", False,
                   "The five lines after db2 compute δ_A, δ_Z and the gradients of W1 and b1: the linear "
                   "classifier has no W2 to multiply δ_S by and no W1 or b1 to update. Its gradient is complete "
                   "after six lines: a central difference of its loss agrees with Xᵀδ_S + λW and Σδ_S."),
            Option("Only the three `dscores` lines: `dW2 <- t(hidden.layer) %*% dscores` needs the hidden layer.",
                   False,
                   "That line is the gradient of the weights that multiply hidden.layer; here the weights multiply "
                   "X, so it is the same line with X: dW = t(X) %*% dscores, then db and the reg*W term as before."),
            Option("The `dW1` lines, since X is the input: `dW <- t(X) %*% dhidden`, masked as before.", False,
                   "There is no dhidden: X feeds the scores directly, so t(X) multiplies dscores itself. Masking "
                   "dscores with some hidden layer's pattern gives a gradient that fails the central-difference "
                   "check."),
        )),
    Question(
        id="ch14-more-iterations",
        prompt="After 200 iterations the linear classifier classifies 49% of the spiral's points right; the "
               "network gets 10000 iterations and 98%. Would 10000 iterations bring the linear classifier close "
               "to 98%?",
        options=(
            Option("Yes: 50 times more steps, and the loss is still going down at iteration 200.", False,
                   "After 10000 iterations it classifies the same 49% right, and its loss has dropped by less "
                   "than 1e-4 since iteration 200."),
            Option("No: its loss is convex, with one minimum, and 200 iterations are already next to it: "
                   "10000 iterations lower the loss by less than 1e-4 and end at the same 49%.", True,
                   "The cross-entropy of a linear classifier is a convex function of W and b, so gradient descent "
                   "heads for its one minimum; from the case study's start, 10000 iterations lower the loss of "
                   "iteration 200 by less than 1e-4 and classify the same 148 of the 300 points right. More steps "
                   "cannot fix the model: it needs a hidden layer."),
            Option("Yes, once the weights grow large enough for the boundaries to curve.", False,
                   "The boundary between classes k and l is where x·W_k + b_k = x·W_l + b_l: a straight line "
                   "whatever the size of W. Multiplying W and b by 10 changes no prediction at all."),
        )),
    Question(
        id="ch14-how-many-cells",
        prompt="Each of the 8 hidden units of a 2 → 8 → 3 ReLU network is active on one side of a line in the "
               "plane. Into at most how many cells, each with its own set of active units, can the 8 lines cut "
               "the plane?",
        options=(
            Option("2⁸ = 256: every unit on or off.", False,
                   "Lines cannot make every on/off combination: the k-th line crosses the k − 1 before it at "
                   "most once each, so it adds at most k cells. 8 random lines make 37 cells, not 256."),
            Option("1 + 8 + 8·7/2 = 37.", True,
                   "The k-th line is cut by the k − 1 earlier ones into at most k pieces, and each piece splits a "
                   "cell in two: 1 + (1 + 2 + … + 8) = 37, reached when no two lines are parallel and no three "
                   "meet in a point (8 random lines)."),
            Option("9: each line adds one cell.", False,
                   "That is 8 parallel lines, the fewest cells 8 distinct lines make. Lines that cross make more: "
                   "8 random lines make 37."),
        )),
]
