"""Checkers for the chapters' exercises, and the misconception questions.

Each chapter has a module ``chNN_<slug>`` whose ``check_*`` functions take a learner's answer and
return a :class:`Feedback` that prints as ``✓ ...`` or ``✗ ...``, naming the slip that explains a
wrong answer. Every checker goes through one engine (``_feedback``: converting an answer,
comparing it, calling a learner's function), so that anything a learner can type gets a specific
message, never a traceback. Each checker's known slips are data, a :class:`SlipTable` per answer
(:func:`slips_of` lists a checker's tables; the engine's own rules are :data:`GENERIC`), read by
the checker, its tests and the teaching guide alike. :func:`ask` shows a chapter's multiple-choice
question and :func:`answer` explains the chosen option.
"""

from ._feedback import GENERIC, Feedback, compare, no_answer
from ._slips import Slip, SlipTable, slips_of
from .questions import Option, Question, answer, ask

__all__ = ["GENERIC", "Feedback", "Option", "Question", "Slip", "SlipTable", "answer", "ask", "compare",
           "no_answer", "slips_of"]
