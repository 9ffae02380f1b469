"""Intake: a submitted folder is hostile input; only its regular files are copied, nothing is
followed, and every refusal is named."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from canvaskit_widgets.grading import intake
from canvaskit_widgets.grading.course import unsafe_id
from canvaskit_widgets.grading.intake import Caps, take_in


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A submission with a notebook and a data file."""
    top = tmp_path / "submitted" / "s1" / "toy"
    top.mkdir(parents=True)
    (top / "toy.ipynb").write_text("{}")
    (top / "data.csv").write_text("a,b\n1,2\n")
    return top


def problems(result: intake.Intake) -> str:
    return "\n".join(result.problems)


def test_regular_files_are_copied_and_nothing_else_is_reported(folder, tmp_path):
    result = take_in(folder, tmp_path / "copy")
    assert sorted(result.files) == ["data.csv", "toy.ipynb"]
    assert result.problems == []
    assert (tmp_path / "copy" / "data.csv").read_text() == "a,b\n1,2\n"


def test_links_fifos_sockets_and_devices_are_reported_never_followed(folder, tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("SECRET")
    (folder / "gradebook.db").symlink_to(secret)
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("../..", target_is_directory=True)
    os.mkfifo(folder / "pipe")  # opening it for reading would block the grader
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock"))
        result = take_in(folder, tmp_path / "copy")
    text = problems(result)
    assert f"gradebook.db: a symbolic link to {secret}: not followed" in text
    assert "zero: a symbolic link to /dev/zero: not followed" in text
    assert "sub/up: a symbolic link to ../..: not followed" in text
    assert "pipe: a FIFO (named pipe): not followed, not copied" in text
    assert "sock: a socket: not followed, not copied" in text
    copied = {p.name for p in (tmp_path / "copy").rglob("*")}
    assert copied == {"toy.ipynb", "data.csv", "sub"}
    assert all(not p.is_symlink() for p in (tmp_path / "copy").rglob("*"))


def test_a_symlinked_notebook_is_not_copied(folder, tmp_path):
    source = tmp_path / "source.ipynb"
    source.write_text('{"solution": true}')
    (folder / "toy.ipynb").unlink()
    (folder / "toy.ipynb").symlink_to(source)
    result = take_in(folder, tmp_path / "copy")
    assert "toy.ipynb" not in result.files
    assert not (tmp_path / "copy" / "toy.ipynb").exists()


def test_a_deep_tree_is_cut_off_with_a_reason(folder, tmp_path):
    deep = folder
    for _ in range(60):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("x")
    result = take_in(folder, tmp_path / "copy", Caps(depth=8))
    assert "folders nested deeper than 8 levels (--max-depth): not taken in" in problems(result)
    assert "toy.ipynb" in result.files
    assert len(result.problems) == 1


def test_a_wide_tree_is_cut_off_with_a_reason(folder, tmp_path):
    for i in range(60):
        (folder / f"f{i:03d}.txt").write_text("x")
    result = take_in(folder, tmp_path / "copy", Caps(entries=20))
    assert "more than 20 files and folders (--max-entries): the rest was not" in problems(result)
    assert result.files[0] == "toy.ipynb", "notebooks are taken in first"
    assert len(result.files) == 20


def test_files_over_the_caps_are_not_copied(folder, tmp_path):
    with open(folder / "huge.bin", "wb") as f:  # sparse: no disk used
        f.truncate(50 * 2**20)
    (folder / "mid.bin").write_bytes(b"x" * 3000)
    result = take_in(folder, tmp_path / "copy", Caps(file_bytes=2**20, total_bytes=2048))
    text = problems(result)
    assert "huge.bin: too large (50 MB; the limit is 1 MB per file, --max-file): not copied" in text
    assert "mid.bin: not copied: the submission passed 0.00195 MB (--max-submission)" in text
    assert sorted(result.files) == ["data.csv", "toy.ipynb"]


def test_names_with_terminal_escapes_are_refused_and_shown_escaped(folder, tmp_path):
    (folder / "\x1b[2Jwipe.txt").write_text("x")
    result = take_in(folder, tmp_path / "copy")
    assert problems(result) == "\\x1b[2Jwipe.txt: a name with control characters: not copied"
    assert "\x1b" not in problems(result)


def test_a_full_disk_stops_the_copy_and_says_so(folder, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(intake.os, "read", full)
    result = take_in(folder, tmp_path / "copy")
    assert result.disk_full
    assert "the grader's disk is full" in problems(result)


@pytest.mark.parametrize(
    ("student", "why"),
    [
        ("s001", None),
        ("=HYPERLINK(A1)", None),  # a formula: graded, escaped in the CSV
        ("<img src=x onerror=alert(1)>", "unsafe in the formgrader"),
        ('x" onmouseover="alert(1)', "unsafe in the formgrader"),
        ("s\x1b[2K\x1b[1A", "control characters"),
        ("s\u202eevil", "control characters"),
        (" s1", "space"),
    ],
)
def test_which_student_ids_are_safe_to_grade(student, why):
    found = unsafe_id(student)
    assert (found is None) if why is None else (why in found)


def test_the_course_reports_hidden_linked_and_unsafe_student_folders(toy_course):
    top = toy_course.step("submitted")
    for name in ("s1", ".hidden", "<b>x", "s\x1b[31mred"):
        (top / name / "toy").mkdir(parents=True)
        (top / name / "toy" / "toy.ipynb").write_text("{}")
    (top / "alias").symlink_to(top / "s1", target_is_directory=True)
    (top / "s2").mkdir()
    (top / "s2" / "toy").symlink_to(top / "s1" / "toy", target_is_directory=True)
    taken = toy_course.submissions("toy")
    assert [s.student for s in taken] == ["s1"]
    assert taken[0].folder != taken[0].origin and (taken[0].folder / "toy.ipynb").is_file()
    refused = "\n".join(toy_course.refused("toy"))
    assert "submitted/.hidden: a hidden folder: not graded" in refused
    assert "submitted/alias: a symbolic link: not followed, not graded" in refused
    assert "submitted/s2: toy is a symbolic link: not followed, not graded" in refused
    assert "submitted/<b>x: not graded: the student id holds" in refused
    assert "submitted/s\\x1b[31mred: not graded: the student id holds control" in refused
    assert toy_course.submissions("toy", ["alias"]) == [], "a refused folder is no error"
