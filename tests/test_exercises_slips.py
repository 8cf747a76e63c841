"""Slips as data: every slip of every checker's table has a learner's answer in that checker's
tests that it names, so that no slip is dead (one that cannot arise is removed, or given data on
which it can), and the tables are well formed."""

from __future__ import annotations

import importlib

import pytest
from _exercise_helpers import CASES, checker, discover_checkers

import backprop as bp

#: The test modules whose ``COVERS`` maps each checker to its table of learners' answers; the
#: capstone's table of passes is checked in tests/test_capstone.py.
MODULES = [f"test_exercises_ch{n}" for n in ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "13",
                                              "14")] + ["test_derivations"]


def _covers() -> dict:
    covers = {}
    for name in MODULES:
        covers.update(importlib.import_module(name).COVERS)
    return covers


def test_every_checker_declares_its_slips_and_has_a_table_of_answers():
    covers = _covers()
    for qualified in discover_checkers():
        fn = checker(qualified)
        assert bp.exercises.slips_of(fn), f"{qualified} declares no slip table (@names_slips)"
        if qualified != "capstone.check_backward":
            assert fn in covers, f"{qualified}: no COVERS entry in its test module"


@pytest.mark.parametrize("qualified", [q for q in discover_checkers() if q != "capstone.check_backward"])
def test_every_slip_has_a_learners_answer(qualified):
    fn = checker(qualified)
    named = {row[-1] for row in _covers()[fn]}
    missing = [f"{table.answer}: {slip.name}" for table in bp.exercises.slips_of(fn) for slip in table
               if slip.name not in named]
    assert not missing, f"{qualified}: slips no row of its tests names: {missing}"


def test_every_case_is_a_checker():
    assert set(CASES) == set(discover_checkers())


@pytest.mark.parametrize("qualified", discover_checkers())
def test_every_message_template_fills_and_reads_back(qualified):
    """Each slip's fields are plain names (no expression leaks into the guide) and its pattern
    matches its own template."""
    for table in bp.exercises.slips_of(checker(qualified)):
        for slip in table:
            text = slip.template()
            assert "{" not in text.replace("{l+1}", "") and "'s' if" not in text, (slip.name, text)
            assert slip.pattern().fullmatch(text), (slip.name, text)


@pytest.fixture(scope="module")
def guide_tools():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import make_editions
    return make_editions


def test_the_teaching_guide_lists_every_slip_from_the_tables(guide_tools):
    """The guide's slip listing reads the tables the checkers read: every slip of every checker, the
    capstone's included, with its fields as plain names and no expression of the code left over."""
    modules = guide_tools.checker_functions()
    for qualified in discover_checkers():
        stem, name = qualified.split(".")
        listed = "\n".join(guide_tools.messages(modules[stem][name]))
        for table in bp.exercises.slips_of(checker(qualified)):
            for slip in table:
                assert slip.template().strip() in listed and f"`{slip.computes}`" in listed, (qualified, slip.name)
        assert "‹'s' if" not in listed and "‹verdict›" not in listed
    capstone = guide_tools.messages(modules["capstone"]["check_backward"])
    assert len(capstone) >= 60
    generic = guide_tools.messages(modules["_feedback"]["compare"])
    assert len(generic) == len(bp.exercises.GENERIC)
