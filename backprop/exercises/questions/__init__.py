"""Misconception questions: multiple choice, each wrong option with its own explanation.

A question lives in the chapter module ``backprop/exercises/questions/chNN.py``, which defines a
list ``QUESTIONS`` of :class:`Question`; the registry finds every such module by itself (add a
file, nothing else). A notebook shows a question with ``bp.exercises.ask("<id>")``: as text (the
prompt and lettered options, what nbval compares) and, on the website, as HTML in which opening an
option reveals *its* explanation, with no kernel and no network (one ``<details>`` per option).
``bp.exercises.answer("<id>", "b")`` returns the chosen option's explanation as a
:class:`~backprop.exercises.Feedback` (printed with ✓ or ✗).
"""

from __future__ import annotations

import difflib
import functools
import html
import importlib
import pkgutil
import re
import textwrap
from dataclasses import dataclass

from .._feedback import Feedback

__all__ = ["Option", "Question", "QuestionView", "all_questions", "answer", "ask"]

LETTERS = "abcdefghij"
_ID = re.compile(r"^ch\d\d[a-z]?(-[a-z0-9]+)+$")
_MODULE = re.compile(r"^ch\d\d[a-z]?$")


@dataclass(frozen=True)
class Option:
    """One choice of a :class:`Question`.

    Parameters
    ----------
    text : str
        The option as the reader sees it (backticks mark code).
    correct : bool
        Whether choosing it is right.
    explanation : str
        Why it is right or wrong; shown when the option is chosen.
    """

    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """A multiple-choice question with exactly one correct :class:`Option`.

    Parameters
    ----------
    id : str
        ``chNN-words-with-dashes``, unique across the course; ``NN`` is the chapter.
    prompt : str
        The question (backticks mark code).
    options : tuple of Option
        Two to ten options, shown lettered a, b, c, ...

    Raises
    ------
    ValueError
        For a malformed id, fewer than two or more than ten options, or not exactly one correct.
    """

    id: str
    prompt: str
    options: tuple[Option, ...]

    def __post_init__(self):
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ValueError(f"question id must look like 'ch05-where-one-over-n', got {self.id!r}")
        object.__setattr__(self, "options", tuple(self.options))
        if not 2 <= len(self.options) <= len(LETTERS):
            raise ValueError(f"question {self.id!r} must have 2 to {len(LETTERS)} options, got {len(self.options)}")
        if not all(isinstance(o, Option) for o in self.options):
            raise ValueError(f"question {self.id!r}: every option must be an Option")
        if sum(o.correct for o in self.options) != 1:
            raise ValueError(f"question {self.id!r} must have exactly one correct option, "
                             f"got {sum(o.correct for o in self.options)}")

    @property
    def chapter(self) -> str:
        """The chapter number as written in the id, e.g. ``"05"``."""
        return self.id.split("-")[0][2:]

    def letter(self, option: Option) -> str:
        """The letter of ``option`` (a, b, ...)."""
        return LETTERS[self.options.index(option)]


@functools.lru_cache(maxsize=1)
def all_questions() -> dict[str, Question]:
    """Every question of the course by id, from the modules ``questions/chNN.py``.

    Returns
    -------
    dict of str -> Question

    Raises
    ------
    ValueError
        When a chapter module lacks a list ``QUESTIONS`` of :class:`Question`, or an id is used twice.
    """
    found: dict[str, Question] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if _MODULE.match(m.name)):
        questions = getattr(importlib.import_module(f"{__name__}.{module}"), "QUESTIONS", None)
        if not isinstance(questions, list) or not all(isinstance(q, Question) for q in questions):
            raise ValueError(f"{__name__}.{module} must define QUESTIONS, a list of Question")
        for q in questions:
            if q.id in found:
                raise ValueError(f"question id {q.id!r} is defined twice")
            if q.chapter != module[2:]:
                raise ValueError(f"question {q.id!r} is in {module}.py; its id must start with {module}-")
            found[q.id] = q
    return found


def _question(id) -> Question:
    questions = all_questions()
    if isinstance(id, str) and id in questions:
        return questions[id]
    close = difflib.get_close_matches(str(id), questions, n=3)
    hint = f" Did you mean {', '.join(map(repr, close))}?" if close else \
        f" The ids are: {', '.join(sorted(questions))}."
    raise ValueError(f"there is no question {id!r}.{hint}")


def _code(text: str) -> str:
    """HTML for ``text``: escaped, with `backticks` as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


class QuestionView:
    """A question as a notebook cell shows it: text for the notebook, HTML for the website.

    Parameters
    ----------
    question : Question
    """

    def __init__(self, question: Question):
        self.question = question

    def __repr__(self) -> str:
        q = self.question
        lines = [f"Question {q.id}", *textwrap.wrap(q.prompt, 96), ""]
        for letter, option in zip(LETTERS, q.options, strict=False):
            lines += textwrap.wrap(option.text, 96, initial_indent=f"  {letter}) ", subsequent_indent="     ")
        lines += ["", f'Answer with bp.exercises.answer("{q.id}", "<letter>").']
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        q = self.question
        options = []
        for letter, option in zip(LETTERS, q.options, strict=False):
            verdict = "✓ Right." if option.correct else "✗ Not quite."
            options.append(
                f'<details class="bp-option" data-letter="{letter}" style="margin:0.3em 0">'
                f'<summary style="cursor:pointer">{letter}) {_code(option.text)}</summary>'
                f'<div class="bp-explanation bp-{"right" if option.correct else "wrong"}" '
                f'style="margin:0.3em 0 0.6em 1.5em">'
                f'<strong>{verdict}</strong> {_code(option.explanation)}</div></details>')
        return (f'<div class="bp-question" id="question-{q.id}" data-question="{q.id}">'
                f'<p><strong>Question.</strong> {_code(q.prompt)}</p>'
                f'<p style="font-size:90%">Open an option to see why it is right or wrong.</p>'
                + "".join(options) + "</div>")


def ask(id: str) -> QuestionView:
    """The question ``id``, to show in a notebook cell (its last line).

    Parameters
    ----------
    id : str
        The question's id, e.g. ``"ch05-where-one-over-n"``.

    Returns
    -------
    QuestionView
        Shows the prompt and lettered options as text, and as HTML whose options open to their
        explanations.

    Raises
    ------
    ValueError
        For an unknown id (naming the closest ids).
    """
    return QuestionView(_question(id))


def answer(id: str, letter) -> Feedback:
    """The explanation of option ``letter`` of question ``id``: ✓ if it is the right one, ✗ if not.

    Parameters
    ----------
    id : str
        The question's id.
    letter : str
        ``"a"``, ``"b"``, ... (case and a trailing ``)`` are ignored).

    Returns
    -------
    Feedback
        ``correct`` tells whether the option is right; ``message`` is its explanation. A letter
        that names no option gets a Feedback saying which letters there are.

    Raises
    ------
    ValueError
        For an unknown id.
    """
    q = _question(id)
    letters = LETTERS[:len(q.options)]
    choices = ", ".join(f'"{c}"' for c in letters)
    if letter is None:
        return Feedback(False, f"No answer yet: replace None with one of {choices}.")
    chosen = letter.strip().lower().rstrip(")").strip() if isinstance(letter, str) else None
    if not chosen or len(chosen) != 1 or chosen not in letters:
        return Feedback(False, f"{letter!r} is not an option of question {q.id}: answer with one of {choices}.")
    option = q.options[letters.index(chosen)]
    return Feedback(option.correct, f"{chosen}) {option.text} {option.explanation}")
