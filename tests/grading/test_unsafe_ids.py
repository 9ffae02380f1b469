"""A student folder whose name is unsafe to show is not graded; the summary tells the instructor
how to rename it, with the name written exactly, so the command can be pasted as it is."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from classgen import make_class

from canvaskit_widgets.grading.course import shell_name

NAMES = [
    "<img src=x onerror=alert(1)>",
    "s\x1b[31mred",
    "it's a \\x1b",  # a quote, and a backslash that is not an escape
    "s\u202eevil",
    "s\U000e0001tag",
    os.fsdecode(b"s\xff\x01y"),  # bytes that are not UTF-8
]


@pytest.mark.parametrize("name", NAMES)
def test_bash_reads_the_shown_name_back_exactly(name):
    shown = shell_name(name)
    assert not any(c < " " or c == "\x7f" for c in shown), "nothing a terminal acts on"
    read = subprocess.run(["bash", "-c", f"printf %s {shown}"], capture_output=True, check=True)
    assert read.stdout == os.fsencode(name)


def test_the_summary_says_how_to_rename_and_the_command_works(toy_course):
    (student,) = (p.student for p in make_class(toy_course, "toy", ("correct",)))
    top = toy_course.step("submitted")
    bad = "s\x1b[2J<b>x"
    (top / student).rename(top / bad)
    (line,) = toy_course.refused("toy")
    assert line.startswith("submitted/s\\x1b[2J<b>x: not graded: the student id holds")
    command = re.search(r"\((mv .+ NEW_ID)\) and grade again$", line)
    assert command and "\x1b" not in line
    subprocess.run(["bash", "-c", command[1].replace("NEW_ID", "s042")], cwd=top, check=True)
    assert toy_course.refused("toy") == []
    assert [s.student for s in toy_course.submissions("toy")] == ["s042"]
