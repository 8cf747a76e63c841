"""Slips as data: a checker's known wrong answers, each with what it computes and what it is told.

A :class:`Slip` is one row of a checker's table: its name (the tests refer to it), what the wrong
answer computes (as a learner writes it, shown in the teaching guide), the message (a template
whose ``{fields}`` are filled from the checker's context) and how to compute the wrong answer from
that context. A :class:`SlipTable` is the ordered table of one answer; a checker declares the
tables it reads with :func:`names_slips`, and :func:`slips_of` gives them back, to its tests and
to the teaching guide (``tools/make_editions.py``), so that the three read the same rows.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

#: The kinds of slip, in the order the engine tries them (see ``_feedback.compare``).
KINDS = ("shape", "nonfinite", "exact", "value", "mask", "raises", "generic")

_FIELD = re.compile(r"\{([A-Za-z_]\w*)(?:[:!][^{}]*)?\}")


@dataclass(frozen=True)
class Slip:
    """One known wrong answer of a checker.

    Attributes
    ----------
    name : str
        Short identifier, unique in its table (``"not-subtracted"``); tests name a slip by it.
    computes : str
        What the wrong answer computes, as a learner writes it (``"probs / N"``); for the guide.
    message : str
        What the learner is told; ``{field}`` placeholders are filled from the checker's context
        (``{N}``, ``{name}``, ...).
    wrong : callable or None
        ``wrong(context)`` gives the wrong answer for the checker's data, or None where this slip
        cannot arise (e.g. a missing transpose that only runs with a square matrix). For
        ``kind="shape"`` it gives the wrong shape; for ``kind="raises"`` whether the exception
        ``context.error`` is this slip; ``kind="nonfinite"`` and ``"generic"`` need none.
    kind : str
        ``"value"`` (a wrong array or number), ``"mask"`` (a 0/1 array, also recognised when given
        as True/False), ``"shape"`` (a wrong shape), ``"exact"`` (so close to
        the right answer that only an exact match tells it apart), ``"nonfinite"`` (NaN or inf),
        ``"raises"`` (the learner's function raised) or ``"generic"`` (the engine's own rules).
    """

    name: str
    computes: str
    message: str
    wrong: Callable[[SimpleNamespace], Any] | None = None
    kind: str = "value"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"slip {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")

    def fields(self) -> list[str]:
        """The names of the message's placeholders, in order."""
        return [name for _, name, _, _ in string.Formatter().parse(self.message) if name]

    def text(self, context: Any = None, **extra) -> str:
        """The message with its fields filled from ``context`` (a namespace or a mapping) and ``extra``."""
        values = dict(vars(context) if isinstance(context, SimpleNamespace) else (context or {}))
        values.update(extra)
        return self.message.format_map(values)

    def template(self) -> str:
        """The message as the teaching guide shows it: each field as ‹field›."""
        return _FIELD.sub(lambda m: f"‹{m.group(1)}›", self.message).replace("{{", "{").replace("}}", "}")

    def pattern(self) -> re.Pattern:
        """A regular expression that a message of this slip matches, whatever its fields hold."""
        parts = re.split(r"‹[^›]*›", self.template())
        return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


@dataclass(frozen=True)
class SlipTable:
    """The ordered slips of one answer of a checker (the first that matches wins).

    Attributes
    ----------
    answer : str
        What the answers of this table are, for the guide: ``"dscores"``, ``"line 7 (dz)"``.
    slips : tuple of Slip
    """

    answer: str
    slips: tuple[Slip, ...]

    def __post_init__(self):
        names = [s.name for s in self.slips]
        repeated = {n for n in names if names.count(n) > 1}
        if repeated:
            raise ValueError(f"slip table {self.answer!r}: repeated names {sorted(repeated)}")

    def __iter__(self) -> Iterator[Slip]:
        return iter(self.slips)

    def __len__(self) -> int:
        return len(self.slips)

    def __getitem__(self, name: str) -> Slip:
        for slip in self.slips:
            if slip.name == name:
                return slip
        raise KeyError(f"slip table {self.answer!r} has no slip {name!r}")

    def of_kind(self, *kinds: str) -> list[Slip]:
        """The slips of these kinds, in table order."""
        return [s for s in self.slips if s.kind in kinds]


def table(answer: str, *slips: Slip) -> SlipTable:
    """``SlipTable(answer, slips)``, written as a call with one slip per argument."""
    return SlipTable(answer, tuple(slips))


def names_slips(*tables: SlipTable):
    """Decorator: declare the slip tables a checker reads (``slips_of`` returns them)."""
    def mark(checker):
        checker.slip_tables = tuple(tables)
        return checker
    return mark


def slips_of(checker) -> tuple[SlipTable, ...]:
    """The slip tables a checker reads, in the order it reads them (empty if it declares none).

    Parameters
    ----------
    checker : callable
        A ``check_*`` function of ``backprop.exercises``.

    Returns
    -------
    tuple of SlipTable
        For each table, ``table.answer`` says what it is about and each :class:`Slip` gives
        ``computes`` (what the wrong answer is) and ``template()`` (the message, fields as ‹…›).
    """
    return tuple(getattr(checker, "slip_tables", ()))
