"""Checkers for the chapters' exercises, and the misconception questions.

Each chapter has a module ``chNN_<slug>`` whose ``check_*`` functions take a learner's answer and
return a :class:`Feedback` that prints as ``✓ ...`` or ``✗ ...``, naming the slip that explains a
wrong answer. Every checker goes through one engine (``_feedback.compare``), so that anything a
learner can type gets a specific message, never a traceback. :func:`ask` shows a chapter's
multiple-choice question and :func:`answer` explains the chosen option.
"""

from ._feedback import Feedback, compare, no_answer
from .questions import Option, Question, answer, ask

__all__ = ["Feedback", "Option", "Question", "answer", "ask", "compare", "no_answer"]
