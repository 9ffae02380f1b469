"""A full disk on the grader: the run still ends with a summary of what was graded.

The course's instructor folder (gradebook, submissions, intake, graded copies) is put on a small
tmpfs inside a private mount namespace (``unshare -m``, as root), so the disk really fills up.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from classgen import make_class, nbgrader_env

from canvaskit_widgets.grading.course import Course

pytestmark = pytest.mark.slow

SCRIPT = """set -e
cp -a instructor {backup}
mount -t tmpfs -o size={size} tmpfs instructor
cp -a {backup}/. instructor/
{fill}
exec {python} -m canvaskit_widgets.cli grade toy --course . --no-progress --timeout 5 --memory 1
"""


def _grade_on_a_small_disk(root: Path, size: str, fill: str = "") -> subprocess.CompletedProcess:
    script = SCRIPT.format(
        backup=shlex.quote(str(root.parent / "backup")),
        size=size,
        fill=fill,
        python=shlex.quote(sys.executable),
    )
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        cwd=root,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def big_class(toy_template: Path, tmp_path: Path) -> Path:
    """Four correct submissions; the third brings a 6 MB data file."""
    root = tmp_path / "course"
    shutil.copytree(toy_template, root)
    course = Course.find(root)
    planned = make_class(course, "toy", ("correct",) * 4)
    folder = course.path("submitted", planned[2].student, "toy")
    (folder / "survey.csv").write_bytes(b"1,2,3\n" * (2**20))
    return root


def test_a_submission_that_fills_the_disk_fails_alone_and_the_rest_is_graded(big_class):
    done = _grade_on_a_small_disk(big_class, "10m")
    assert done.returncode == 0, done.stderr[-3000:]
    summary = done.stdout
    assert "4 graded in" in summary
    assert re.search(r"failed +1  s002_correct\n", summary), summary
    assert "the grader's disk is full" in summary and "grade again" in summary


def test_a_disk_full_from_the_start_still_ends_with_a_summary(big_class):
    fill = "cat /dev/zero > instructor/filler 2>/dev/null || true"
    done = _grade_on_a_small_disk(big_class, "10m", fill)
    # nbgrader's gradebook logs each failed write with its traceback; the run itself must not
    # end in one: it ends with the summary (0) or with what was recorded (1).
    assert done.returncode in (0, 1), done.stderr[-3000:]
    out = done.stdout
    if done.returncode == 0:  # every submission named, each failed for want of space
        assert re.search(r"failed +4  ", out), out
        assert all(f"s00{i}_correct: could not be" in out for i in range(4))
        assert "disk is full" in out
    else:  # grading could not go on: what was recorded is listed
        assert "recorded before it stopped" in out
        assert "the disk is full" in done.stderr
