"""The instructor's teaching guide (``build/instructor/TEACHING-GUIDE.md``, tools/make_editions.py).

Its answer key covers every question a chapter asks, with the right option and what each wrong
one reveals, from the questions themselves; it has no empty section; it names cells by the
heading they sit under, never by id or position; its course-level page gives sequences that use
real chapters and fit their classes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

from backprop.exercises.questions import LETTERS, all_questions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_editions  # noqa: E402

CHAPTERS = [p for p in make_editions.chapter_files(ROOT / "notebooks") if p.suffix == ".ipynb"]


@pytest.fixture(scope="module")
def guide() -> str:
    return make_editions.teaching_guide(CHAPTERS, make_editions.read_guide_source())


def _section(guide: str, heading: str) -> str:
    start = guide.index(f"## {heading}\n")
    following = guide.find("\n## ", start + 1)
    return guide[start:following if following > 0 else None]


def test_every_question_a_chapter_asks_has_an_answer_key_entry_in_its_chapter(guide):
    questions = all_questions()
    asked = 0
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        section = _section(guide, make_editions.title(nb))
        for qid, _ in make_editions.asked(nb):
            asked += 1
            question = questions[qid]
            entry = section[section.index(f"**`{qid}`**"):]
            entry = entry[:entry.find("\n\n", entry.find("\n- "))]
            right = [letter for letter, o in zip(LETTERS, question.options, strict=False) if o.correct]
            assert f"- ✓ **{right[0]}) {question.options[LETTERS.index(right[0])].text}** Right." in entry
            for letter, option in zip(LETTERS, question.options, strict=False):
                if not option.correct:
                    assert f"- ✗ {letter}) {option.text} *Reveals:* {option.explanation}" in entry
    assert asked >= 40


def test_the_chapters_ask_only_questions_the_package_defines():
    known = set(all_questions())
    asked = {qid for p in CHAPTERS for qid, _ in make_editions.asked(nbformat.read(p, as_version=4))}
    assert asked <= known, asked - known


def test_no_section_of_the_guide_is_empty(guide):
    lines = guide.splitlines()
    headings = [(i, len(line.split()[0])) for i, line in enumerate(lines) if re.match(r"^#{1,4} ", line)]
    for (here, level), (after, next_level) in zip(headings, headings[1:] + [(len(lines), 0)], strict=True):
        text = [line for line in lines[here + 1:after] if line.strip()]
        assert text or next_level > level, f"empty section: {lines[here]}"   # or only subsections


def test_cells_are_named_by_their_heading_never_by_id_or_position(guide):
    assert not re.search(r"cell \d+ of \d+", guide)
    assert "[[" not in guide
    all_ids = {cell.get("id") for p in CHAPTERS for cell in nbformat.read(p, as_version=4).cells}
    quoted = set(re.findall(r"`([\w.-]+)`", guide))
    assert not quoted & {i for i in all_ids if re.search(r"\d", i)}, quoted & all_ids
    blocks = re.findall(r"\*\*Run live\*\*.*?\n\n(.*?)\n\n", guide, re.S)
    live = [line for block in blocks for line in block.splitlines()]
    assert len(live) >= 50 and all(line.startswith("- under «") for line in live)


def test_the_course_page_has_prerequisites_setup_and_three_sequences(guide):
    page = _section(guide, "Teaching the course")
    for part in ("### Prerequisites", "### Setting up a classroom", "### Sequences",
                 "pip install", "build/student", "python -m backprop.grade"):
        assert part in page
    _, _, sequences = make_editions.read_course_page()
    assert len(sequences) >= 3
    one, three, full = sequences[0], sequences[1], sequences[-1]
    assert one.classes == [["00"]] and len(three.classes) == 3
    keys = [make_editions.chapter_key(p) for p in CHAPTERS]
    taught = [k for c in full.classes for k in c]
    assert sorted(taught) == sorted(keys), "the full course takes every chapter once"
    assert f"({len(full.classes)} classes of 50 minutes)" in page


def test_a_class_longer_than_50_minutes_stops_the_build(tmp_path, monkeypatch):
    source = (ROOT / "editions" / "teaching-guide.md").read_text()
    broken = re.sub(r"^sequence .*$", "sequence Too much: 01 02", source, count=1, flags=re.M)
    path = tmp_path / "teaching-guide.md"
    path.write_text(broken)
    monkeypatch.setattr(make_editions, "GUIDE_SOURCE", path)
    with pytest.raises(SystemExit, match="class 1 takes 100 minutes, more than 50"):
        make_editions.course_page(CHAPTERS, make_editions.read_guide_source(path))
