"""A full nbgrader round trip per case: generate, submit, autograde, feedback and export."""

from __future__ import annotations

import csv

import nbformat
import pytest
from nbgrader_course import (
    CASES,
    REPO,
    GradedCourse,
    answers,
    hidden_lines,
    jupyter_server,
    visible_text,
)

pytestmark = pytest.mark.slow

ANSWER_IDS = [(case, a.name) for case in CASES for a in answers(case)]


def test_every_case_has_an_exercise_and_at_least_four_wrong_answers() -> None:
    for case in CASES:
        assert (REPO / "solutions" / case / f"{case}.ipynb").is_file(), case
        assert len(answers(case)) >= 4, f"{case}: commit at least four wrong or partial answers"


@pytest.mark.parametrize("case", CASES)
def test_the_solution_scores_every_autograded_point(graded_course: GradedCourse, case: str) -> None:
    cells = graded_course.autograded(case, "solution")
    lost = {gid: score for gid, score in cells.items() if score[0] != score[1]}
    assert not lost, f"the solution loses points in {lost}"
    assert 8 <= sum(top for _, top in cells.values()) <= 15


@pytest.mark.parametrize("case", CASES)
def test_the_untouched_student_version_scores_nothing(
    graded_course: GradedCourse, case: str
) -> None:
    cells = graded_course.autograded(case, "blank")
    assert cells, "the blank submission was not graded"
    assert {gid: score for gid, score in cells.items() if score[0] != 0} == {}


@pytest.mark.parametrize("case", CASES)
def test_the_written_answer_waits_for_a_person(graded_course: GradedCourse, case: str) -> None:
    manual = [
        gid for gid, (auto, _) in graded_course.scores[case, "solution"].items() if auto is None
    ]
    assert manual, "each exercise has at least one manually graded written answer"


@pytest.mark.parametrize(("case", "name"), ANSWER_IDS)
def test_a_wrong_answer_scores_what_it_should(
    graded_course: GradedCourse, case: str, name: str
) -> None:
    answer = next(a for a in answers(case) if a.name == name)
    cells = graded_course.autograded(case, name)
    assert set(answer.expected) <= set(cells), f"unknown grade_id in expect: {answer.expected}"
    got = {gid: score for gid, (score, _) in cells.items()}
    want = {gid: answer.expected.get(gid, top) for gid, (_, top) in cells.items()}
    assert got == want, f"{answer.summary}\nscores differ: " + ", ".join(
        f"{gid}: got {got[gid]}, want {want[gid]}" for gid in got if got[gid] != want[gid]
    )
    page = visible_text(graded_course.feedback(case, name).read_text(encoding="utf-8"))
    for text in answer.feedback:
        assert text in page, f"the feedback should tell the student: {text!r}"


@pytest.mark.parametrize("case", CASES)
def test_feedback_shows_the_checks_but_no_hidden_test(
    graded_course: GradedCourse, case: str
) -> None:
    source = nbformat.read(REPO / "solutions" / case / f"{case}.ipynb", as_version=4)
    secret = hidden_lines(source)
    assert secret, "the exercise has hidden tests"
    for student in graded_course.students[case]:
        page = visible_text(graded_course.feedback(case, student).read_text(encoding="utf-8"))
        assert "Check" in page, "the visible checks belong in the feedback"
        leaked = [line for line in secret if line in page]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"


def test_export_lists_every_submission(graded_course: GradedCourse) -> None:
    with (graded_course.root / "grades.csv").open(encoding="utf-8") as f:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    for case, students in graded_course.students.items():
        for student in students:
            assert (case, student) in rows
        assert float(rows[case, "blank"]["raw_score"]) == 0
        assert float(rows[case, "solution"]["raw_score"]) == float(
            rows[case, "solution"]["max_score"]
        ) - sum(
            top
            for gid, (auto, top) in graded_course.scores[case, "solution"].items()
            if auto is None
        )


@pytest.mark.parametrize("case", CASES)
def test_plain_nbgrader_releases_what_is_committed(graded_course: GradedCourse, case: str) -> None:
    committed = REPO / "exercises" / case
    generated = graded_course.release(case).parent
    names = sorted(p.name for p in generated.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for name in names:
        assert (generated / name).read_bytes() == (committed / name).read_bytes(), (
            f"exercises/{case}/{name} is stale: run `canvaskit release`"
        )


def test_the_formgrader_serves_the_graded_course(graded_course: GradedCourse) -> None:
    with jupyter_server(graded_course.root) as get:
        listed = {a["name"]: a for a in get("/formgrader/api/assignments")}
    assert sorted(listed) == sorted(CASES)
    for case in CASES:
        assignment = listed[case]
        assert assignment["source_path"] == f"solutions/{case}"
        assert assignment["release_path"] == f"exercises/{case}"
        assert assignment["num_submissions"] == len(graded_course.students[case])
        points = sum(top for _, top in graded_course.scores[case, "solution"].values())
        assert assignment["max_score"] == points
