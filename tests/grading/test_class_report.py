"""The class report: an LMS grades CSV, an offline HTML page of charts, and its notebook."""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest
from grading_helpers import TOTALS
from nbclient import NotebookClient

from canvaskit_widgets.cli import main
from canvaskit_widgets.grading.course import Course, quiet_gradebook
from canvaskit_widgets.grading.report import lms_table, load_scores, write_report

pytestmark = pytest.mark.slow

PARTS = ["test_retention (max 2)", "test_total (max 1)", "test_chart (max 3)"]


@pytest.fixture(scope="module")
def report(graded):
    page, grades, book = write_report(graded.course, "toy")
    with grades.open() as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    return page.read_text(), rows, book


def test_the_csv_has_one_row_per_student_and_one_column_per_graded_part(graded, report):
    _, rows, _ = report
    assert set(rows) == set(graded.outcomes)
    first = next(iter(rows.values()))
    assert list(first) == [
        "student_id",
        "last_name",
        "first_name",
        "email",
        *PARTS,
        "explain_answer (max 2)",
        "total (max 8)",
        "provisional",
    ]


def test_the_csv_scores_are_the_gradebooks(graded, report):
    _, rows, _ = report
    correct = rows[graded.student("correct")]
    assert [correct[p] for p in PARTS] == ["2", "1", "3"]
    assert correct["explain_answer (max 2)"] == "", "an essay waiting for a grader is empty"
    for plan in graded.planned:
        total = rows[plan.student]["total (max 8)"]
        assert float(total) == TOTALS[plan.kind], plan.kind


def test_a_total_is_provisional_until_the_written_part_is_graded(graded, tmp_path):
    course = Course.find(shutil.copytree(graded.course.root, tmp_path / "course"))
    student = graded.student("correct")
    before = lms_table(course, load_scores(course, "toy")).set_index("student_id")
    assert before.loc[student, "provisional"] == "yes (explain_answer)"
    assert before.loc[graded.student("blank"), "provisional"] == "no", "nothing was written"
    page = write_report(course, "toy")[0].read_text()
    assert "Provisional totals" in page and f"<b>{student}</b>: explain_answer" in page
    with quiet_gradebook(), course.gradebook() as gb:  # what the formgrader does on a grade
        grade = gb.find_grade("explain_answer", "toy", "toy", student)
        grade.manual_score = 1.5
        grade.needs_manual_grade = False
        gb.db.commit()
    after = lms_table(course, load_scores(course, "toy")).set_index("student_id")
    assert after.loc[student, "provisional"] == "no"
    assert after.loc[student, "total (max 8)"] == 7.5


def test_the_page_draws_its_charts_inline_and_lists_what_to_look_at(graded, report):
    page, _, _ = report
    assert page.count("<svg") == 3
    assert "<script" not in page
    assert "Score distribution per part" in page and "Mean score per part" in page
    to_look_at = page.split("<h2>Submissions to look at</h2>")[1]
    assert (
        f"<b>{graded.student('edit_test')}</b>: toy: edited test cell test_retention" in to_look_at
    )
    assert f"<b>{graded.student('correct')}</b>" not in to_look_at
    duplicated = f"<b>{graded.student('duplicate_test')}</b>: toy: duplicated test cell"
    assert duplicated in to_look_at, "a duplicated test cell is listed to review"


def test_the_notebook_rebuilds_the_report(report, tmp_path):
    _, _, book = report
    nb = nbformat.read(book, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    charts = [c for c in nb.cells if c.cell_type == "code" and "chart(" in c.source]
    assert len(charts) == 3 and all(c.outputs for c in charts)


def test_the_command_line_writes_the_report(graded, capsys):
    assert main(["report", "toy", "--course", str(graded.course.root)]) == 0
    assert "toy-grades.csv" in capsys.readouterr().err
    assert main(["report", "nosuch", "--course", str(graded.course.root)]) == 2
