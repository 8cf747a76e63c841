"""Each of the questioner's doubts is quoted, in their words, in the chapter that answers it, and
each of the accepted answer's equations is shown, as written, in the chapter that judges it.

(Chapters 06, 07, 08 here; the seed is the vendored ``docs/seed/question-and-answer.txt``.)
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "docs" / "seed" / "question-and-answer.txt").read_text(encoding="utf-8")
ANSWER = SEED.split("\nBest Answer\n", 1)[1]


def chapter(prefix: str) -> list[str]:
    """The markdown cells of the chapter whose file name starts with ``prefix``."""
    (path,) = (ROOT / "notebooks").glob(f"{prefix}-*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def block_quotes(prefix: str) -> list[str]:
    """The block quotes of a chapter, whitespace collapsed and code backticks dropped."""
    quotes = []
    for text in chapter(prefix):
        for block in re.findall(r"(?:^>.*(?:\n|$))+", text, flags=re.MULTILINE):
            quote = re.sub(r"^> ?", "", block, flags=re.MULTILINE).replace("`", "")
            quotes.append(re.sub(r"\s+", " ", quote).strip())
    return quotes


DOUBTS = {   # chapter -> the questioner's line it answers
    "06": "The $\\sum$ part only seems to come into play in db2 <- colSums(dscores), which only updates the bias.",
    "07": "dhidden[hidden.layer <= 0] <- 0 # We get rid of negative values",
    "08": "And for the first set of weights, $\\mathbf w_1$, dW1 <- t(X) %*% (dscores %*% t(W2)).",
}


@pytest.mark.parametrize("prefix", sorted(DOUBTS))
def test_the_doubt_is_quoted_where_it_is_answered(prefix):
    doubt = DOUBTS[prefix]
    assert doubt in SEED.split("\nBest Answer\n", 1)[0], "not the questioner's words"
    assert doubt in block_quotes(prefix), f"chapter {prefix} does not block-quote: {doubt}"


def labelled(label: str) -> str:
    """The answer's display (or align block) carrying ``label``, as the seed writes it."""
    (found,) = [d for d in re.findall(r"\$\$.+?\$\$|\\begin\{align\}.*?\\end\{align\}", ANSWER, re.DOTALL)
                if f"\\text{{ {label}}}" in d]
    return found


JUDGED = {"(1)": "07", "(2)": "07", "(3)": "06", "(4)": "06"}


@pytest.mark.parametrize("label", sorted(JUDGED))
def test_each_equation_is_shown_as_written_where_it_is_judged(label):
    equation = labelled(label)
    # an align block is shown starred (the site must not number it), character for character otherwise
    shown = equation.replace("{align}", "{align*}")
    text = "\n".join(chapter(JUDGED[label]))
    assert shown in text, f"chapter {JUDGED[label]} does not show {label} as written"
    assert "Verdict" in text


def test_chapter_12_does_not_judge_equation_1_again():
    text = "\n".join(chapter("12"))
    assert labelled("(1)") not in text and "07-back-through-w2-and-relu.ipynb" in text


def test_a_changed_doubt_is_not_found():
    assert DOUBTS["07"].replace("negative", "positive") not in block_quotes("07")
