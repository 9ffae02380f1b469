"""What the instructors' teaching notes share: the session plan table and how a note is written.

Each case's note is rendered by ``solutions/<case>/teaching_note.py`` from the case data; this
module holds the parts that are the same for every case.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ._atomic import write_text_atomic

__all__ = ["GROUP", "SESSION_MINUTES", "STUDENTS", "session_plan", "write_note"]

STUDENTS, GROUP = 120, 4  # the class the notes plan for, and the size of a group
SESSION_MINUTES = 90


def session_plan(timing: Sequence[tuple[int, str]]) -> str:
    """The note's "Timing" section from ``(minutes, activity)`` steps that fill the session.

    Raises ``ValueError`` unless the steps add up to ``SESSION_MINUTES``.
    """
    total = sum(minutes for minutes, _ in timing)
    if total != SESSION_MINUTES:
        raise ValueError(f"the session plan fills {total} minutes, not {SESSION_MINUTES}")
    rows, start = [], 0
    for minutes, activity in timing:
        rows.append(f"| {start}–{start + minutes} | {minutes} | {activity} |")
        start += minutes
    return (
        f"## Timing: {SESSION_MINUTES} minutes with {STUDENTS} students\n\n"
        f"Work in groups of {GROUP} ({STUDENTS // GROUP} groups); "
        "ask two or three groups to report on each question.\n"
        "Students should have done the exercise before the session.\n\n"
        "| minutes | length | activity |\n"
        "|---|---|---|\n" + "\n".join(rows)
    )


def write_note(script: str, text: str) -> Path:
    """Write ``text`` beside ``script`` (its ``__file__``) as ``teaching_note.md``, atomically."""
    return write_text_atomic(Path(script).with_suffix(".md"), text)
