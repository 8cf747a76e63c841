"""Questions of chapter 02, "From R to Python": two R-to-numpy traps, 1-based pairs and a minus sign.

The third trap, numpy's ``=`` that does not copy, is asked in chapter 04 (``ch04-dscores-is-probs``).
"""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch02-y-index",
        prompt="R's `Y.index` pairs each row number with its class, both counted from 1: the question's "
               "`head(Y.index)` starts `1 2`, training row 1, class 2 (versicolor). With "
               "`rows = np.arange(N)` and 0-based labels `y`, which numpy line does "
               "`dscores[Y.index] <- dscores[Y.index] - 1`?",
        options=(
            Option("`dscores[np.column_stack([rows, y])] -= 1`: a two-column index matrix, like R's.", False,
                   "numpy reads one integer array as row numbers along the first axis, not as (row, class) "
                   "pairs: on the R program's batch dscores[np.column_stack([rows, y])] has shape "
                   "(75, 2, 3), whole rows, and as every row number 0..74 occurs in it, every entry of "
                   "dscores loses 1: it becomes probs − 1."),
            Option("`dscores[rows + 1, y + 1] -= 1`: R's numbers, as the question prints them.", False,
                   "numpy counts from 0, so (1, 2) is training row 2's class 3: in the question's "
                   "head(probs) that is 0.3339397, not row 1's class 2, 0.3327828. On the R program's batch "
                   "the line stops with an IndexError: R's last row, 75, and R's last class, 3, are one "
                   "past numpy's last index."),
            Option("`dscores[rows, y] -= 1`: two index arrays, one (row, class) pair per example.", True,
                   "Two index arrays of the same length pick one entry per pair, as R's two-column Y.index "
                   "does: entry (0, 1) of the question's probs is 0.3327828, R's probs[1, 2]. This is "
                   "P − T."),
            Option("`dscores[:, y] -= 1`: the column of each label.", False,
                   ": takes every row, so 1 is subtracted in every row at every column that is some "
                   "example's label; on the R program's batch all three classes occur, so every entry "
                   "loses 1, as in probs − 1."),
        )),
    Question(
        id="ch02-minus-samp",
        prompt="`testdata <- iris[-samp, ]` keeps the 75 rows not in `samp`, R's 75 row numbers of the "
               "training rows. What does numpy's `X[-samp]` give on the 150 rows of iris?",
        options=(
            Option("The same 75 test rows: a minus sign drops rows in numpy too.", False,
                   "numpy's negative index counts from the end: X[-1] is the last row, and X[-s] is row "
                   "150 − s (0-based). Nothing is dropped: X[-samp] has 75 rows, and 38 of them are "
                   "training rows."),
            Option("An IndexError: row numbers cannot be negative.", False,
                   "numpy accepts the indices −150 to −1 on 150 rows, and −samp lies in that range (samp "
                   "holds numbers from 1 to 150): it runs without an error or a warning."),
            Option("The rows of `samp`, in reverse order.", False,
                   "X[-s] is the s-th row from the end, row 150 − s (0-based): samp starts 14, 19, 28, "
                   "and X[-samp] starts with rows 136, 131, 122, whereas the first training rows are "
                   "13, 18, 27 (0-based)."),
            Option("75 rows counted from the end, 38 of them training rows.", True,
                   "X[-s] is row 150 − s (0-based): the minus sign selects, it drops nothing. Only 37 of "
                   "the 75 rows are test rows; the test rows are the ones not in samp − 1 (exercise 2 "
                   "builds them)."),
        )),
]
