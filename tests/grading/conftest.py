"""Fixtures of the grading tests: a toy nbgrader course built once, copied for each test."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from classgen import SECRET, make_class
from grading_helpers import LIMITS, SECRET_VALUE, Graded, make_course, toy_notebook

from canvaskit_widgets.grading.batch import Options, grade
from canvaskit_widgets.grading.course import Course


@pytest.fixture(scope="session")
def toy_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course with the toy assignment generated (nbgrader generate_assignment ran once)."""
    return make_course(tmp_path_factory.mktemp("toy") / "course", {"toy": toy_notebook()})


@pytest.fixture
def toy_course(toy_template: Path, tmp_path: Path) -> Course:
    """A fresh copy of the toy course (its own gradebook and folders)."""
    root = tmp_path / "course"
    shutil.copytree(toy_template, root)
    return Course.find(root)


@pytest.fixture(scope="session")
def graded(toy_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Graded:
    """One submission of every kind (honest and hostile) of the toy assignment, graded."""
    root = tmp_path_factory.mktemp("class") / "course"
    shutil.copytree(toy_template, root)
    course = Course.find(root)
    planned = make_class(course, "toy")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:  # a secret the grader holds, as an LMS token
        patch.setenv(SECRET, SECRET_VALUE)
        result = grade(course, "toy", Options(limits=LIMITS), out=out)
    return Graded(course, planned, result, out.getvalue())
