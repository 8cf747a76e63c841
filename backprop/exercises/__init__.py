"""Checkers for the chapters' exercises: call one with your answer to get specific feedback.

Each chapter has a module ``chNN_<slug>``; every checker returns a
:class:`~backprop.exercises._feedback.Feedback` that prints as ``✓ ...`` or ``✗ ...``.
"""

from ._feedback import Feedback, compare, no_answer

__all__ = ["Feedback", "compare", "no_answer"]
