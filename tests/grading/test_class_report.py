"""The class report: an LMS grades CSV, an offline HTML page of charts, and its notebook."""

from __future__ import annotations

import csv

import nbformat
import pytest
from grading_helpers import TOTALS
from nbclient import NotebookClient

from canvaskit_widgets.cli import main
from canvaskit_widgets.grading.report import write_report

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
    ]


def test_the_csv_scores_are_the_gradebooks(graded, report):
    _, rows, _ = report
    correct = rows[graded.student("correct")]
    assert [correct[p] for p in PARTS] == ["2", "1", "3"]
    assert correct["explain_answer (max 2)"] == "", "an essay waiting for a grader is empty"
    for plan in graded.planned:
        total = rows[plan.student]["total (max 8)"]
        assert float(total) == TOTALS[plan.kind], plan.kind


def test_the_page_draws_its_charts_inline_and_lists_what_to_look_at(graded, report):
    page, _, _ = report
    assert page.count("<svg") == 3
    assert "<script" not in page
    assert "Score distribution per part" in page and "Mean score per part" in page
    assert f"<b>{graded.student('edit_test')}</b>: toy: edited test cell test_retention" in page
    assert f"<b>{graded.student('correct')}</b>" not in page


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
