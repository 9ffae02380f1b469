"""The exercise tests' shared fixture: one temporary nbgrader course, graded once a session."""

from __future__ import annotations

import pytest
from nbgrader_course import GradedCourse, grade_course


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    """Every case generated, submitted (solution, blank, each committed answer), autograded,
    given feedback and exported, in one temporary course with the repository's config."""
    return grade_course(tmp_path_factory.mktemp("course"))
