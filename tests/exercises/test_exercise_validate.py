"""`nbgrader validate` passes every solution notebook and fails every unanswered student version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbgrader_course import CASES, REPO, run_nbgrader

pytestmark = pytest.mark.slow

PASSED = "Success! Your notebook passes all the tests."


def validate(tmp_path: Path, folder: str) -> str:
    """Validate the four notebooks of ``folder`` in one nbgrader run, in a copy of the course."""
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / folder, tmp_path / folder)
    return run_nbgrader(tmp_path, "validate", *(f"{folder}/{c}/{c}.ipynb" for c in CASES))


def test_every_solution_notebook_passes_validation(tmp_path: Path) -> None:
    log = validate(tmp_path, "solutions")
    assert log.count(PASSED) == len(CASES), log[-3000:]
    assert "VALIDATION FAILED" not in log


def test_every_student_version_fails_validation_as_unanswered(tmp_path: Path) -> None:
    log = validate(tmp_path, "exercises")
    assert PASSED not in log
    assert log.count("VALIDATION FAILED") == len(CASES), log[-3000:]
    assert "answer not written yet" in log  # the stub's NotImplementedError
    assert "You did not provide a response" in log  # the written answer
