"""The instructors' teaching notes: one per case, current with the data, never released."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from canvaskit_widgets import release
from canvaskit_widgets.teaching_notes import session_plan

ROOT = Path(__file__).resolve().parents[1]
CASES = release.assignments()
SECTIONS = (
    "## Learning goals",
    "## The figures",
    "## Discussion questions, in order",
    "## Board plan",
    "## Timing: 90 minutes with 120 students",
    "## Expected range of answers and common mistakes",
    "## Where the data is illustrative",
)


def _script(case: str):
    path = ROOT / "solutions" / case / "teaching_note.py"
    spec = importlib.util.spec_from_file_location(f"teaching_note_{case}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_case_has_a_note():
    assert set(CASES) == {"gemstone", "hair_salon", "maria", "esther"}
    for case in CASES:
        assert (ROOT / "solutions" / case / "teaching_note.md").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_the_note_is_what_its_script_computes_now(case: str):
    """A figure typed by hand, or data that changed since, makes the note differ."""
    note = (ROOT / "solutions" / case / "teaching_note.md").read_text(encoding="utf-8")
    assert note == _script(case).render(), (
        f"solutions/{case}/teaching_note.md is stale: run python solutions/{case}/teaching_note.py"
    )


@pytest.mark.parametrize("case", CASES)
def test_the_note_has_every_section_in_order_and_a_90_minute_plan(case: str):
    note = (ROOT / "solutions" / case / "teaching_note.md").read_text(encoding="utf-8")
    places = [note.find(heading) for heading in SECTIONS]
    assert -1 not in places, (
        f"missing: {[h for h, p in zip(SECTIONS, places, strict=True) if p == -1]}"
    )
    assert places == sorted(places), "sections out of order"
    module = _script(case)
    assert sum(minutes for minutes, _ in module.TIMING) == 90
    questions = note.split("## Discussion questions, in order")[1].split("## ")[0]
    assert questions.count("\n1. ") == 1 and "\n3. " in questions, "number the questions in order"


def test_a_session_plan_must_fill_the_session():
    plan = session_plan([(30, "Open"), (60, "Debate")])
    assert "| 0–30 | 30 | Open |\n| 30–90 | 60 | Debate |" in plan
    with pytest.raises(ValueError, match="fills 85 minutes, not 90"):
        session_plan([(25, "Open"), (60, "Debate")])


def test_plain_nbgrader_generate_assignment_leaves_the_notes_out(tmp_path: Path):
    """The course config run by nbgrader itself, on a copy of the course."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for case in CASES:
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", case, "--no-db"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    released = tmp_path / "exercises"
    assert sorted(p.name for p in released.iterdir()) == sorted(CASES)
    assert not list(released.rglob("teaching_note*")), "a teaching note reached the students"
    assert list(released.rglob("*.ipynb")), "the release holds the exercises"


def test_canvaskit_release_and_the_committed_exercises_leave_the_notes_out(tmp_path: Path):
    names = release.generate(tmp_path)
    assert names == sorted(CASES)
    assert not list(tmp_path.rglob("teaching_note*"))
    assert not list((ROOT / "exercises").rglob("teaching_note*"))
